"""The baselines, each a minimal page of the same discussion, rendered the way its docs show."""

from django.shortcuts import get_object_or_404, render

from blog.models import Post
from comments.models import Comment


def recursetree_page(request, post_id):
    """django-mptt's tutorial: one query, `{% recursetree %}`, name, date and body per comment."""
    post = get_object_or_404(Post, pk=post_id)
    nodes = Comment.objects.filter(post=post).select_related("identity")
    return render(request, "bench/recursetree.html", {"post": post, "nodes": nodes})


def naive_page(request, post_id):
    """Parent-id recursion: an include per comment and one query per comment's replies."""
    post = get_object_or_404(Post, pk=post_id)
    roots = Comment.objects.filter(post=post, parent=None).select_related("identity")
    return render(request, "bench/naive.html", {"post": post, "roots": roots})


def xtd_page(request, post_id):
    """django-comments-xtd: `{% render_xtdcomment_tree for post %}` and its default templates."""
    post = get_object_or_404(Post, pk=post_id)
    return render(request, "bench/xtd.html", {"post": post})
