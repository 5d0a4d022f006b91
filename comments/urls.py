from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("post/<int:post_id>/", views.post_comment, name="post"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("identities/", views.IdentityListView.as_view(), name="identity_list"),
    path("people/<str:public_id>/", views.IdentityDetailView.as_view(), name="identity"),
]
