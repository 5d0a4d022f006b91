from django.urls import path

from . import author_views, reader_views, replies_views, views

app_name = "comments"

urlpatterns = [
    path("post/<int:post_id>/", views.post_comment, name="post"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("<int:pk>/edit/", author_views.edit_comment, name="edit"),
    path("<int:pk>/delete/", author_views.delete_comment, name="delete"),
    path("<int:pk>/report/", reader_views.report_comment, name="report"),
    path("<int:pk>/react/", reader_views.react, name="react"),
    path("post/<int:post_id>/new/", reader_views.next_new, name="next_new"),
    path("replies/", replies_views.ReplyListView.as_view(), name="replies"),
    path("replies/settings/", replies_views.ReplySettingsView.as_view(), name="reply_settings"),
    path(
        "replies/unsubscribe/<str:token>/",
        replies_views.UnsubscribeView.as_view(),
        name="reply_unsubscribe",
    ),
]
