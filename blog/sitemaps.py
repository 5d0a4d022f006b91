"""/sitemap.xml: every published article (with `lastmod`), category, tag and month archive."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Category, Post


class PostSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Post.objects.published().order_by("-published_at", "-pk")

    def lastmod(self, post):
        return post.updated_at


class CategorySitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Category.objects.all()


class TagSitemap(Sitemap):
    """Tags on published articles only: a tag only a draft carries would tell what it is about."""

    changefreq = "weekly"

    def items(self):
        return Post.objects.published().used_tags().order_by("slug")

    def location(self, tag):
        return reverse("blog:tag", kwargs={"slug": tag.slug})


class MonthArchiveSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return list(Post.objects.published().dates("published_at", "month", order="DESC"))

    def location(self, month):
        return reverse(
            "blog:archive_month", kwargs={"year": month.year, "month": f"{month.month:02d}"}
        )


SITEMAPS = {
    "articles": PostSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "archives": MonthArchiveSitemap,
}
