from django.conf import settings
from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/recursetree/<int:post_id>/", views.recursetree_page, name="bench-recursetree"),
    path("bench/naive/<int:post_id>/", views.naive_page, name="bench-naive"),
    path("bench/xtd/<int:post_id>/", views.xtd_page, name="bench-xtd"),
    path("", include("config.urls")),
]
if settings.WITH_XTD:
    # xtd's templates reverse its URL names (comments-url-redirect, comments-xtd-reply, ...).
    urlpatterns.insert(-1, path("xtd/", include("django_comments_xtd.urls")))
