"""The posts of an import: categories, posts with their tags and old addresses, and the post a
Disqus thread discusses.

A mixin of `porting.importer.Importer`, like `People` (it uses its remembered mapping, `stats`
and `account_for_author()`).
"""

import re
from urllib.parse import unquote, urlsplit

from django.utils import timezone
from django.utils.text import slugify

from blog.models import Category, Post

from . import html
from .models import LegacyPath, SourceRecord
from .records import Item, Term

Kind = SourceRecord.Kind


class Posts:
    # --- taxonomy ------------------------------------------------------------------------

    def category(self, term: Term) -> Category | None:
        slug = slugify(unquote(term.slug) or term.name, allow_unicode=True)[:100]
        if not slug:
            return None
        found = Category.objects.filter(slug=slug).first()
        if found is None:
            parent = None
            if term.parent:
                parent_slug = slugify(unquote(term.parent), allow_unicode=True)[:100]
                parent = Category.objects.filter(slug=parent_slug).first()
            found = Category(
                name=html.plain_text(term.name)[:100] or slug,
                slug=slug,
                parent=parent,
                description=html.plain_text(term.description),
            )
            found.save()
            self.stats["categories"] += 1
        return found

    # --- posts ---------------------------------------------------------------------------

    def _unique_slug(self, item: Item) -> str:
        base = slugify(unquote(item.slug), allow_unicode=True) or slugify(
            item.title, allow_unicode=True
        )
        base = (base or f"post-{item.source_id}")[:190]
        candidate, n = base, 1
        while Post.objects.filter(slug=candidate).exists():
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def new_post(self, item: Item, state: str) -> Post:
        author_id = self.account_for_author(item.author)
        date = item.date or timezone.now()
        post = Post(
            title=(html.plain_text(item.title) or "(untitled)")[:200],
            slug=self._unique_slug(item),
            body=html.to_markdown(html.article_html(item.html)),
            excerpt=html.plain_text(item.excerpt_html),
            author_id=author_id,
            status=Post.Status.DRAFT if state == "draft" else Post.Status.PUBLISHED,
            published_at=None if state == "draft" else date,
            created_at=date,
            comments_open=item.comments_open,
        )
        post.save()
        self._remember(Kind.POST, item.source_id, post.pk)
        what = "page" if item.type == "page" else "post"
        self.stats[f"{what}s {state}"] += 1
        if item.password:
            self.stats["password-protected posts kept as drafts"] += 1
        categories, tags = [], []
        for term in item.terms:
            if term.kind == "category":
                category = self.category(term)
                if category is not None:
                    categories.append(category)
            elif term.name.strip():
                tags.append(html.plain_text(term.name)[:100])
        if categories:
            post.categories.add(*categories)
        if tags:
            post.tags.add(*tags)
        self._legacy_path(item, post)
        return post

    def _legacy_path(self, item: Item, post: Post) -> None:
        parts = urlsplit(item.link)
        path = unquote(parts.path)
        if not path or path == "/" or path == post.get_absolute_url():
            return  # "/?p=123" links are answered from the source records
        path = path[:500]
        if not LegacyPath.objects.filter(path=path).exists():
            LegacyPath.objects.create(path=path, post=post)
            self.stats["redirects"] += 1

    def post_for_thread(self, item: Item) -> Post | None:
        """The post a Disqus thread discusses: by its identifier (the WordPress plugin's
        "123 http://…?p=123"), else by its link (an old WordPress path or one of ours)."""
        match = re.match(r"(\d+)\b", item.slug or "")
        if match:
            post_id = _recall_other("wordpress", Kind.POST, match.group(1))
            if post_id is not None:
                return Post.objects.filter(pk=post_id).first()
        parts = urlsplit(item.link)
        query_id = re.search(r"(?:^|&)(?:p|page_id)=(\d+)", parts.query)
        if query_id:
            post_id = _recall_other("wordpress", Kind.POST, query_id.group(1))
            if post_id is not None:
                return Post.objects.filter(pk=post_id).first()
        legacy = LegacyPath.objects.filter(path=parts.path).select_related("post").first()
        if legacy is not None:
            return legacy.post
        from django.urls import Resolver404, resolve

        try:
            match = resolve(parts.path)
        except Resolver404:
            return None
        if match.url_name == "post_detail":
            return Post.objects.filter(slug=match.kwargs["slug"]).first()
        return None


def _recall_other(source, kind, source_id):
    return (
        SourceRecord.objects.filter(source=source, kind=kind, source_id=source_id)
        .values_list("object_id", flat=True)
        .first()
    )
