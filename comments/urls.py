from django.urls import path

from . import moderation_views, reading_views, replies_views, views

app_name = "comments"

urlpatterns = [
    path("post/<int:post_id>/", views.post_comment, name="post"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("<int:pk>/edit/", moderation_views.edit_comment, name="edit"),
    path("<int:pk>/delete/", moderation_views.delete_comment, name="delete"),
    path("<int:pk>/report/", moderation_views.report_comment, name="report"),
    path("<int:pk>/react/", reading_views.react, name="react"),
    path("post/<int:post_id>/new/", reading_views.next_new, name="next_new"),
    path("replies/", replies_views.ReplyListView.as_view(), name="replies"),
    path("replies/settings/", replies_views.ReplySettingsView.as_view(), name="reply_settings"),
    path(
        "replies/unsubscribe/<str:token>/",
        replies_views.UnsubscribeView.as_view(),
        name="reply_unsubscribe",
    ),
]
