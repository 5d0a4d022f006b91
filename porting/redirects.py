"""Old WordPress links answered with a 301 to where the same thing lives now.

`LegacyRedirectMiddleware` costs nothing on a normal page: it looks at the query string only when
it holds one of WordPress's keys (`?p=`, `?page_id=`, `?replytocom=`, `?feed=`), and at the
path only after the site answered 404. Only what the public may read is ever a redirect's
target: a draft's old address stays a 404, so old links reveal nothing new.
"""

from django.http import HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, reverse

from blog.models import Category, Post
from comments.discussion import comment_url
from comments.models import Comment

from .models import LegacyPath, SourceRecord

QUERY_KEYS = ("replytocom", "p", "page_id", "feed")
FEED_PATHS = {"feed", "feed/rss", "feed/rss2", "feed/atom", "feed/rdf", "rss", "atom"}
COMMENT_FEED_PATHS = {f"comments/{path}" for path in FEED_PATHS}


def _reverse(name, **kwargs) -> str | None:
    """The URL of `name`, or None where this site has no such page."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _home() -> str:
    return reverse("blog:post_list")


def _source_object(kind, source_id):
    return (
        SourceRecord.objects.filter(source="wordpress", kind=kind, source_id=source_id)
        .values_list("object_id", flat=True)
        .first()
    )


def _published_post(pk) -> Post | None:
    return Post.objects.published().filter(pk=pk).first() if pk is not None else None


def target_for_comment(source_id: str) -> str | None:
    """Where `?replytocom=ID` (a WordPress comment id) is shown now."""
    if not source_id.isdigit():
        return None
    pk = _source_object(SourceRecord.Kind.COMMENT, source_id)
    comment = (
        Comment.objects.select_related("post").filter(pk=pk).first() if pk is not None else None
    )
    if comment is None or not comment.post.is_published:
        return None
    if not comment.is_visible:
        return comment.post.get_absolute_url()
    return comment_url(comment, None)


def target_for_query(query) -> str | None:
    if "replytocom" in query:
        return target_for_comment(query["replytocom"])
    for key in ("p", "page_id"):
        value = query.get(key, "")
        if value.isdigit():
            post = _published_post(_source_object(SourceRecord.Kind.POST, value))
            return post.get_absolute_url() if post else None
    if "feed" in query:
        return _reverse("blog:feed") or _home()
    return None


def _category_url(slug: str) -> str:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        return _home()
    if hasattr(category, "get_absolute_url"):
        return category.get_absolute_url()
    return _reverse("blog:category", slug=slug) or _home()


def target_for_path(path: str) -> str | None:
    """Where an old path that answers 404 here lives now, or None."""
    if "\x00" in path or len(path) > 2000:  # no old link looks like that (and PostgreSQL text
        return None  # cannot hold a NUL)
    stripped = path.strip("/")
    if stripped in FEED_PATHS:
        return _reverse("blog:feed") or _home()
    if stripped in COMMENT_FEED_PATHS:
        return _reverse("blog:comment_feed") or _reverse("blog:feed") or _home()
    parts = stripped.split("/")
    if len(parts) >= 2 and parts[0] == "category":
        return _category_url(parts[-1] if parts[-1] != "feed" else parts[-2])
    if len(parts) >= 2 and parts[0] == "tag":
        return _reverse("blog:tag", slug=parts[1]) or _home()
    if len(parts) >= 2 and parts[-1] in {"feed", "amp", "embed", "trackback"}:
        path = "/" + "/".join(parts[:-1]) + "/"  # a post's feed or embed: the post
    candidates = {path, path.rstrip("/") + "/", path.rstrip("/")}
    legacy = (
        LegacyPath.objects.filter(path__in=candidates, post__in=Post.objects.published())
        .select_related("post")
        .first()
    )
    return legacy.post.get_absolute_url() if legacy else None


class LegacyRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if request.META.get("QUERY_STRING") and any(key in request.GET for key in QUERY_KEYS):
            target = target_for_query(request.GET)
            if target:
                return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404:
            target = target_for_path(request.path)
            if target:
                return HttpResponsePermanentRedirect(target)
        return response
