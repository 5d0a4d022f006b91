"""The identities app's pages, at the addresses they always had: sign-up and sign-in under
accounts/, the "Identities" pages and each identity's public page under comments/. Included at
the root (config/urls.py), before django.contrib.auth's own accounts/ URLs."""

from django.urls import path

from . import accounts, views

app_name = "identities"

urlpatterns = [
    path("accounts/signup/", accounts.SignUpView.as_view(), name="signup"),
    path("accounts/login/", accounts.ThrottledLoginView.as_view(), name="login"),
    path("comments/identities/", views.IdentityListView.as_view(), name="identity_list"),
    path(
        "comments/identities/<str:public_id>/",
        views.IdentityEditView.as_view(),
        name="identity_edit",
    ),
    path(
        "comments/identities/<str:public_id>/rename/",
        views.RenameView.as_view(),
        name="identity_rename",
    ),
    path(
        "comments/identities/<str:public_id>/avatar/",
        views.AvatarView.as_view(),
        name="identity_avatar",
    ),
    path(
        "comments/identities/<str:public_id>/avatar/reset/",
        views.AvatarResetView.as_view(),
        name="identity_avatar_reset",
    ),
    path("comments/identities/<str:public_id>/bio/", views.BioView.as_view(), name="identity_bio"),
    path(
        "comments/identities/<str:public_id>/default/",
        views.MakeDefaultView.as_view(),
        name="identity_default",
    ),
    path(
        "comments/identities/<str:public_id>/retire/",
        views.RetireView.as_view(),
        name="identity_retire",
    ),
    path("comments/people/<str:public_id>/", views.IdentityDetailView.as_view(), name="identity"),
]
