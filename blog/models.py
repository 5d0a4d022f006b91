from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from mptt.models import MPTTModel, TreeForeignKey
from taggit.managers import TaggableManager

from .markup import render_article


class Category(MPTTModel):
    """A WordPress-style category: a hierarchy (Science › Physics) an article may sit in
    several places of. Tags, flat and free, come from django-taggit (`Post.tags`)."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    parent = TreeForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    description = models.TextField(blank=True)

    class MPTTMeta:
        order_insertion_by = ["name"]

    class Meta:
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:category", kwargs={"slug": self.slug})


class PostQuerySet(models.QuerySet):
    def published(self):
        """Posts the public may read: published, and not scheduled for later."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """Staff also see drafts and scheduled posts (with a banner); everyone else, published."""
        if user.is_staff:
            return self.all()
        return self.published()

    def in_category(self, category):
        """Posts filed under `category` or any category below it, as WordPress lists them."""
        filed = Post.categories.through.objects.filter(
            post=OuterRef("pk"),
            category__tree_id=category.tree_id,
            category__lft__gte=category.lft,
            category__lft__lte=category.rght,
        )
        return self.filter(Exists(filed))

    def tagged(self, tag):
        return self.filter(tags=tag)

    def used_tags(self):
        """The tags these posts carry (on published posts: the tags the public may see; a tag
        only a draft carries must not tell what the draft is about)."""
        from taggit.models import Tag

        return Tag.objects.filter(post__in=self.values("pk")).distinct()

    def with_taxonomy(self):
        """Fetch each post's categories and tags in two queries, however many posts."""
        return self.prefetch_related("categories", "tags")

    def with_comment_counts(self):
        """Annotate `n_comments`: comments every reader sees (approved, not deleted), in the
        same query."""
        from comments.models import Comment

        approved = (
            Comment.objects.visible()
            .filter(post=OuterRef("pk"))
            .order_by()
            .values("post")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(n_comments=Coalesce(Subquery(approved), 0))

    # The discussion of a post: its lock and the versions that key its cached renderings
    # (comments/versions.py). Saves and deletions bump by themselves, through the hooks
    # comments/versions.py connects; these are for every write that sends no signal.

    def lock_discussion(self, pk) -> "Post":
        """Lock the post's row until the transaction ends; call first in every write to its
        discussion's trees.

        Every change to a discussion's trees (new comment, reply, moderation that moves or
        removes nodes, deletion, import, repair) takes this lock before reading tree values, so
        writers on one discussion run one after the other. Call inside `transaction.atomic()`.
        """
        return self.select_for_update().get(pk=pk)

    def lock_discussions(self) -> list[int]:
        """`lock_discussion()` for each of these posts, in one query, in id order (so two
        writers locking several discussions never deadlock); return their ids."""
        return list(self.select_for_update().order_by("pk").values_list("pk", flat=True))

    def bump_pages(self) -> int:
        """New `discussion_version` for these posts: the page-level parts of their discussions
        (which trees a page holds, the counts, the assembled page, the ETag) render anew."""
        return self.update(discussion_version=F("discussion_version") + 1)

    def bump_discussions(self) -> None:
        """Every cached rendering of these posts' discussions: the pages, each tree and each
        comment's markup (three UPDATEs)."""
        comments = self.model._meta.get_field("comments").related_model.objects
        in_posts = comments.filter(post__in=self.values("pk"))
        with transaction.atomic():
            self.bump_pages()
            comments.bump_trees(in_posts.values("tree_id"))
            in_posts.bump_markup()


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    excerpt = models.TextField(blank=True, help_text="Shown on the home page. Plain text.")
    body = models.TextField(help_text="Markdown.")
    body_html = models.TextField(editable=False, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    # The article's public byline: one of the author's identities, the only one whose comments
    # carry the "Author" badge, so the author's other names stay unlinked from the article.
    byline_identity = models.ForeignKey(
        "identities.Identity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="byline",
        help_text="The author's identity the article is signed with; only its comments get the "
        '"Author" badge. Empty: the author\'s default identity when saved. It stays as chosen '
        "when the author later changes their default.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when published; a future date schedules the post."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    comments_open = models.BooleanField(default=True)
    categories = models.ManyToManyField(Category, blank=True, related_name="posts")
    tags = TaggableManager(blank=True)
    # Bumped by every change to this post's discussion (comments/versions.py, from every save of
    # a comment, identity or post); keys the cached pages of its thread.
    discussion_version = models.PositiveIntegerField(default=0, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_article(self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = update_fields = {*update_fields, "body_html", "published_at"}
        if update_fields is None or "byline_identity" in update_fields:
            self._settle_byline()
        if update_fields is not None:
            # `updated_at` keys every cached rendering of the discussion (comments/cache.py), so
            # a new byline (the "Author" badge moves) or a closed discussion renders anew.
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "blog:post_detail",
            kwargs={"year": self.date.year, "month": f"{self.date.month:02d}", "slug": self.slug},
        )

    def fetch_taxonomy(self):
        """Fill this post's categories and tags (what `with_taxonomy()` prefetches) from the
        cache, for its page: every change to them touches the post's `updated_at`
        (blog/freshness.py), which keys them, so they are read at most once per version of the
        article (two queries), not on every view."""
        key = f"blog:taxonomy:{self.pk}:{self.updated_at.isoformat()}:{settings.RELEASE}"
        found = cache.get(key)
        if found is None:
            found = (list(self.categories.all()), list(self.tags.all()))
            cache.set(key, found, 24 * 3600)
        # As prefetch_related() leaves them: `post.categories.all()` makes no query.
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        for name, items in zip(("categories", "tags"), found, strict=True):
            rows = getattr(self, name).all()
            rows._result_cache, rows._prefetch_done = items, True
            prefetched[name] = rows
        self._prefetched_objects_cache = prefetched

    def clean(self):
        if (
            self.byline_identity_id is not None
            and self.author_id is not None
            and self.byline_identity.user_id != self.author_id
        ):
            raise ValidationError(
                {
                    "byline_identity": "Choose one of the author's identities, or leave it "
                    "empty for the author's default one."
                }
            )

    def _settle_byline(self):
        """Keep the byline one of the author's identities: the one chosen, or else (none chosen,
        or one of another account, as after a change of author) the author's default."""
        if self.author_id is None:
            return
        identities = self._meta.get_field("byline_identity").related_model.objects
        candidates = dict(
            identities.filter(user_id=self.author_id)
            .filter(Q(pk=self.byline_identity_id) | Q(is_default=True))
            .values_list("pk", "is_default")
        )
        if self.byline_identity_id not in candidates:
            default = next((pk for pk, is_default in candidates.items() if is_default), None)
            self.byline_identity_id = default

    @property
    def byline(self) -> str:
        """The name the article is signed with: its byline identity's (the author's full name
        for an author without identities); never the login username."""
        if self.byline_identity_id is not None:
            return self.byline_identity.name
        return self.author.get_full_name()

    @property
    def date(self):
        """The date the permalink is built from (a draft has none yet: use its creation)."""
        return timezone.localtime(self.published_at or self.created_at)

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def comments_closed_reason(self):
        """Why nobody may comment here now, or "" when the discussion is open."""
        if not self.comments_open:
            return "Comments are closed on this article."
        if not self.is_published:
            return "Comments open when the article is published."
        from comments.rules import auto_close_reason  # DiscussionSettings.close_after_days

        return auto_close_reason(self)
