import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from blog.models import Post
from tests.factories import CategoryFactory, CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_category_page_lists_its_articles_and_its_subcategories_articles():
    science = CategoryFactory(name="Science", slug="science")
    physics = CategoryFactory(name="Physics", slug="physics", parent=science)
    garden = CategoryFactory(name="Garden", slug="garden")
    PostFactory(title="On gravity").categories.add(physics)
    PostFactory(title="On method").categories.add(science)
    PostFactory(title="On roses").categories.add(garden)

    assert science.get_absolute_url() == "/categories/science/"
    html = _get(science.get_absolute_url())
    assert "On gravity" in html and "On method" in html and "On roses" not in html
    html = _get(physics.get_absolute_url())
    assert "On gravity" in html and "On method" not in html
    assert 'href="/categories/science/"' in html  # breadcrumbs


def test_an_article_in_a_category_and_its_subcategory_is_listed_once():
    science = CategoryFactory(slug="science")
    physics = CategoryFactory(slug="physics", parent=science)
    PostFactory(title="Twice filed").categories.add(science, physics)
    assert _get(science.get_absolute_url()).count("Twice filed</a>") == 1


def test_category_and_tag_pages_never_list_drafts_or_scheduled_articles():
    category = CategoryFactory(slug="news")
    visible = PostFactory(title="Out now")
    draft = PostFactory(title="Secret draft", status=Post.Status.DRAFT, published_at=None)
    later = PostFactory(title="Scheduled", published_at=timezone.now() + datetime.timedelta(days=1))
    for post in (visible, draft, later):
        post.categories.add(category)
        post.tags.add("local")
    for url in (category.get_absolute_url(), reverse("blog:tag", kwargs={"slug": "local"})):
        html = _get(url)
        assert "Out now" in html
        assert "Secret draft" not in html and "Scheduled" not in html


def test_a_tag_only_a_draft_carries_is_not_found():
    """Its name alone would tell what the draft is about."""
    PostFactory(status=Post.Status.DRAFT, published_at=None).tags.add("merger-plans")
    assert Tag.objects.filter(slug="merger-plans").exists()
    client = _client()
    assert client.get(reverse("blog:tag", kwargs={"slug": "merger-plans"})).status_code == 404
    assert client.get(reverse("blog:tag", kwargs={"slug": "nothing"})).status_code == 404
    assert client.get("/categories/nothing/").status_code == 404


def test_article_page_and_home_show_categories_and_tags(client):
    category = CategoryFactory(name="Town hall", slug="town-hall")
    post = PostFactory(title="Budget night")
    post.categories.add(category)
    post.tags.add("Budget", "Council")
    for url in ("/", post.get_absolute_url()):
        html = client.get(url).content.decode()
        assert 'href="/categories/town-hall/"' in html and "Town hall" in html
        assert 'href="/tags/budget/"' in html and 'href="/tags/council/"' in html


def test_tag_page_is_paginated_like_the_home_page(client):
    for n in range(12):
        PostFactory(title=f"Numbered {n}").tags.add("series")
    url = reverse("blog:tag", kwargs={"slug": "series"})
    assert client.get(url).content.decode().count('class="post-summary"') == 10
    assert client.get(f"{url}?page=2").content.decode().count('class="post-summary"') == 2
    assert client.get(f"{url}?page=3").status_code == 404


@pytest.mark.parametrize("kind", ["category", "tag"])
def test_archive_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, kind):
    parent = CategoryFactory(slug="parent")
    category = CategoryFactory(slug="child", parent=parent)
    url = category.get_absolute_url() if kind == "category" else "/tags/common/"

    def add_posts(n):
        for _ in range(n):
            post = PostFactory()
            post.categories.add(category, CategoryFactory(parent=parent))
            post.tags.add("common", f"other-{post.pk}")
            CommentFactory(post=post)

    add_posts(2)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    add_posts(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_renaming_a_category_or_tag_changes_the_articles_it_is_shown_on():
    """Article pages are cached by `updated_at` (ETag): filing and renaming touch it."""
    category = CategoryFactory(name="Old name")
    post = PostFactory()
    Post.objects.filter(pk=post.pk).update(updated_at=timezone.now() - datetime.timedelta(days=9))
    stamps = [Post.objects.get(pk=post.pk).updated_at]

    post.categories.add(category)
    stamps.append(Post.objects.get(pk=post.pk).updated_at)
    category.name = "New name"
    category.save()
    stamps.append(Post.objects.get(pk=post.pk).updated_at)
    post.tags.add("first")
    stamps.append(Post.objects.get(pk=post.pk).updated_at)
    tag = Tag.objects.get(slug="first")
    tag.name = "First!"
    tag.save()
    stamps.append(Post.objects.get(pk=post.pk).updated_at)

    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)


def _client():
    from django.test import Client

    return Client()


def _get(url):
    response = _client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_wordpress_style_category_path_redirects_to_the_category(client):
    science = CategoryFactory(slug="science")
    CategoryFactory(slug="physics", parent=science)
    url = reverse("blog:category", kwargs={"path": "science/physics"})
    assert url == "/categories/science/physics/"
    response = client.get(url)
    assert response.status_code == 301 and response["Location"] == "/categories/physics/"
    assert client.get("/categories/science/nothing/").status_code == 404


def test_an_article_page_reads_its_filing_once_and_shows_each_change(client):
    """The article page keeps its categories and tags by the post's `updated_at`, which every
    change to them touches (blog/freshness.py)."""
    category = CategoryFactory(name="Harbour", slug="harbour")
    post = PostFactory()
    post.categories.add(category)
    post.tags.add("ferries")

    def page():
        return client.get(Post.objects.get(pk=post.pk).get_absolute_url()).content.decode()

    assert "Harbour" in page() and "#ferries" in page()
    with CaptureQueriesContext(connection) as warm:
        page()
    assert not [q for q in warm.captured_queries if "blog_category" in q["sql"]]
    assert not [q for q in warm.captured_queries if "taggit_tag" in q["sql"]]
    category.name = "Old harbour"
    category.save()
    assert "Old harbour" in page()
    post.tags.add("bridges")
    assert "#bridges" in page()
    Tag.objects.filter(slug="ferries").get().delete()
    assert "#ferries" not in page()
    post.categories.clear()
    assert "Old harbour" not in page()
