from django.urls import path

from . import author_views, identity_views, reader_views, replies_views, views

app_name = "comments"

urlpatterns = [
    path("post/<int:post_id>/", views.post_comment, name="post"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("<int:pk>/edit/", author_views.edit_comment, name="edit"),
    path("<int:pk>/delete/", author_views.delete_comment, name="delete"),
    path("<int:pk>/report/", reader_views.report_comment, name="report"),
    path("<int:pk>/react/", reader_views.react, name="react"),
    path("post/<int:post_id>/new/", reader_views.next_new, name="next_new"),
    path("identities/", identity_views.IdentityListView.as_view(), name="identity_list"),
    path(
        "identities/<str:public_id>/",
        identity_views.IdentityEditView.as_view(),
        name="identity_edit",
    ),
    path(
        "identities/<str:public_id>/rename/",
        identity_views.RenameView.as_view(),
        name="identity_rename",
    ),
    path(
        "identities/<str:public_id>/avatar/",
        identity_views.AvatarView.as_view(),
        name="identity_avatar",
    ),
    path(
        "identities/<str:public_id>/avatar/reset/",
        identity_views.AvatarResetView.as_view(),
        name="identity_avatar_reset",
    ),
    path("identities/<str:public_id>/bio/", identity_views.BioView.as_view(), name="identity_bio"),
    path(
        "identities/<str:public_id>/default/",
        identity_views.MakeDefaultView.as_view(),
        name="identity_default",
    ),
    path(
        "identities/<str:public_id>/retire/",
        identity_views.RetireView.as_view(),
        name="identity_retire",
    ),
    path("people/<str:public_id>/", identity_views.IdentityDetailView.as_view(), name="identity"),
    path("replies/", replies_views.ReplyListView.as_view(), name="replies"),
    path("replies/settings/", replies_views.ReplySettingsView.as_view(), name="reply_settings"),
    path(
        "replies/unsubscribe/<str:token>/",
        replies_views.UnsubscribeView.as_view(),
        name="reply_unsubscribe",
    ),
]
