from django.urls import re_path

from . import views

app_name = "blog"

urlpatterns = [
    re_path(r"^$", views.PostListView.as_view(), name="post_list"),
    re_path(
        r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.PostMonthArchiveView.as_view(),
        name="archive_month",
    ),
    re_path(
        r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<slug>[-\w]+)/$",
        views.PostDetailView.as_view(),
        name="post_detail",
    ),
]
