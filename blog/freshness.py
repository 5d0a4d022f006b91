"""Keep article pages true when what they show of their categories and tags changes.

An article page is cached by its `updated_at` (the ETag, comments/cache.py) and names its
categories and tags; the sitemap gives `updated_at` as its `lastmod`. Filing a post differently
(`post.categories.add()`, `post.tags.set()`, from the admin, a shell or an import), renaming,
moving or deleting a category or a tag touches `updated_at` of every post that shows it.
Connected in `BlogConfig.ready()`.
"""

from django.utils import timezone

from .models import Post


def touch(posts):
    posts.update(updated_at=timezone.now())


def post_filing_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if not reverse:
        if action != "pre_clear":
            touch(Post.objects.filter(pk=instance.pk))
    elif action == "pre_clear":  # category.posts.clear(): the posts are known only before
        touch(Post.objects.filter(pk__in=instance.posts.values("pk")))
    elif action != "post_clear":
        touch(Post.objects.filter(pk__in=pk_set or ()))


def category_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        touch(Post.objects.in_category(instance))


def category_deleting(sender, instance, **kwargs):
    touch(Post.objects.in_category(instance))


def tag_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        touch(Post.objects.tagged(instance))


def tag_deleting(sender, instance, **kwargs):
    touch(Post.objects.tagged(instance))
