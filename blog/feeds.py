"""Atom feeds (and their RSS twins) for the latest articles, a category, a tag, an article's
comments, the site's latest comments and one identity's comments.

Only what every reader may see: `Post.objects.published()` and visible comments on published
articles (`public_comments()`). A comment names its identity and nothing else: no account, no
e-mail address, no link to other identities.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from comments.models import Comment
from identities.models import Identity

from .models import Category, Post

ITEMS = 20


def public_comments():
    """Comments every reader sees, on articles every reader sees."""
    return (
        Comment.objects.visible()
        .filter(post__in=Post.objects.published())
        .select_related("identity", "post")
        .order_by("-created_at", "-pk")
    )


class PostFeed(Feed):
    """The latest articles (RSS 2.0; the Atom twin below)."""

    def title(self, obj=None):
        return settings.BLOG_NAME

    def description(self, obj=None):
        return settings.BLOG_TAGLINE

    subtitle = description

    def link(self, obj=None):
        return reverse("blog:post_list")

    def posts(self, obj):
        return Post.objects.published()

    def items(self, obj=None):
        return (
            self.posts(obj)
            .select_related("author", "byline_identity")
            .prefetch_related("categories", "tags")
            .order_by("-published_at", "-pk")[:ITEMS]
        )

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.body_html

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_author_name(self, post):
        return post.byline  # the identity it is signed with, never the login name

    def item_categories(self, post):
        return [c.name for c in post.categories.all()] + [t.name for t in post.tags.all()]


class CategoryPostFeed(PostFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"{category.name} · {settings.BLOG_NAME}"

    def description(self, category):
        return category.description or f"Articles filed under {category.name}"

    subtitle = description

    def link(self, category):
        return category.get_absolute_url()

    def posts(self, category):
        return Post.objects.published().in_category(category)


class TagPostFeed(PostFeed):
    def get_object(self, request, slug):
        tags = Post.objects.published().used_tags()
        return get_object_or_404(tags, slug=slug)

    def title(self, tag):
        return f"Tagged “{tag.name}” · {settings.BLOG_NAME}"

    def description(self, tag):
        return f"Articles tagged {tag.name}"

    subtitle = description

    def link(self, tag):
        return reverse("blog:tag", kwargs={"slug": tag.slug})

    def posts(self, tag):
        return Post.objects.published().tagged(tag)


class CommentFeed(Feed):
    """The site's latest comments."""

    def title(self, obj=None):
        return f"Comments · {settings.BLOG_NAME}"

    def description(self, obj=None):
        return f"The latest comments on {settings.BLOG_NAME}"

    subtitle = description

    def link(self, obj=None):
        return reverse("blog:post_list")

    def comments(self, obj):
        return public_comments()

    def items(self, obj=None):
        return self.comments(obj)[:ITEMS]

    def item_title(self, comment):
        return f"{comment.identity.name} on “{comment.post.title}”"

    def item_description(self, comment):
        return comment.body_html

    def item_link(self, comment):
        return reverse("comments:permalink", args=[comment.pk])

    def item_pubdate(self, comment):
        return comment.created_at

    def item_author_name(self, comment):
        return comment.identity.name


class PostCommentFeed(CommentFeed):
    def get_object(self, request, year, month, slug):
        post = get_object_or_404(Post.objects.published(), slug=slug)
        if (post.date.year, post.date.month) != (int(year), int(month)):
            raise Http404("No article at this date.")
        return post

    def title(self, post):
        return f"Comments on “{post.title}” · {settings.BLOG_NAME}"

    def description(self, post):
        return f"Comments on “{post.title}”"

    subtitle = description

    def link(self, post):
        return post.get_absolute_url()

    def comments(self, post):
        return public_comments().filter(post=post)

    def item_title(self, comment):
        return f"{comment.identity.name} on “{comment.post.title}”"


class IdentityCommentFeed(CommentFeed):
    """One identity's public comments. Its author is the identity's name, nothing more."""

    def get_object(self, request, public_id):
        return get_object_or_404(Identity, public_id=public_id)

    def title(self, identity):
        return f"Comments by {identity.name} · {settings.BLOG_NAME}"

    def description(self, identity):
        return f"Comments by {identity.name}"

    subtitle = description

    def link(self, identity):
        return identity.get_absolute_url()

    def comments(self, identity):
        return public_comments().filter(identity=identity)

    def author_name(self, identity):
        return identity.name


class _Atom:
    feed_type = Atom1Feed


class AtomPostFeed(_Atom, PostFeed):
    pass


class AtomCategoryPostFeed(_Atom, CategoryPostFeed):
    pass


class AtomTagPostFeed(_Atom, TagPostFeed):
    pass


class AtomCommentFeed(_Atom, CommentFeed):
    pass


class AtomPostCommentFeed(_Atom, PostCommentFeed):
    pass


class AtomIdentityCommentFeed(_Atom, IdentityCommentFeed):
    pass
