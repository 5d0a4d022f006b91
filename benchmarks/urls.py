from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/recursetree/<int:post_id>/", views.recursetree_page, name="bench-recursetree"),
    path("bench/naive/<int:post_id>/", views.naive_page, name="bench-naive"),
    path("bench/xtd/<int:post_id>/", views.xtd_page, name="bench-xtd"),
    # xtd's templates reverse its URL names (comments-url-redirect, comments-xtd-reply, ...).
    path("xtd/", include("django_comments_xtd.urls")),
    path("", include("config.urls")),
]
