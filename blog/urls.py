from django.urls import path, re_path

from . import feeds, views

app_name = "blog"

DATED = r"(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<slug>[-\w]+)"

urlpatterns = [
    re_path(r"^$", views.PostListView.as_view(), name="post_list"),
    re_path(
        r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.PostMonthArchiveView.as_view(),
        name="archive_month",
    ),
    re_path(rf"^{DATED}/$", views.PostDetailView.as_view(), name="post_detail"),
    # Not /category/ and /tag/: those are WordPress's, redirected here by the importer.
    path("categories/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    # WordPress-style paths from the root down (/categories/science/physics/) redirect to the
    # category's own address; reverse("blog:category", kwargs={"path": ...}) works too.
    re_path(
        r"^categories/(?P<path>[-\w]+(?:/[-\w]+)+)/$",
        views.CategoryView.as_view(),
        name="category",
    ),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("search/", views.SearchView.as_view(), name="search"),
    # Feeds: Atom under /feed/, the same as RSS 2.0 under /rss/.
    path("feed/", feeds.AtomPostFeed(), name="feed"),
    path("rss/", feeds.PostFeed(), name="rss"),
    path("feed/comments/", feeds.AtomCommentFeed(), name="comment_feed"),
    path("rss/comments/", feeds.CommentFeed(), name="comment_rss"),
    re_path(rf"^feed/comments/{DATED}/$", feeds.AtomPostCommentFeed(), name="post_comment_feed"),
    re_path(rf"^rss/comments/{DATED}/$", feeds.PostCommentFeed(), name="post_comment_rss"),
    path("feed/categories/<slug:slug>/", feeds.AtomCategoryPostFeed(), name="category_feed"),
    path("rss/categories/<slug:slug>/", feeds.CategoryPostFeed(), name="category_rss"),
    path("feed/tags/<slug:slug>/", feeds.AtomTagPostFeed(), name="tag_feed"),
    path("rss/tags/<slug:slug>/", feeds.TagPostFeed(), name="tag_rss"),
    path("feed/people/<str:public_id>/", feeds.AtomIdentityCommentFeed(), name="identity_feed"),
    path("rss/people/<str:public_id>/", feeds.IdentityCommentFeed(), name="identity_rss"),
]
