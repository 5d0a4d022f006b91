import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from blog.models import Post
from tests.factories import CategoryFactory, CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext(f"{SITEMAP}loc").removeprefix("http://testserver"): url.findtext(
            f"{SITEMAP}lastmod"
        )
        for url in root.findall(f"{SITEMAP}url")
    }


def test_sitemap_lists_published_articles_with_lastmod_categories_tags_and_months(client):
    post = PostFactory(published_at=datetime.datetime(2021, 6, 3, tzinfo=datetime.UTC))
    post.categories.add(CategoryFactory(slug="parks"))
    post.tags.add("trees")
    older = PostFactory(published_at=datetime.datetime(2020, 1, 9, tzinfo=datetime.UTC))
    post.refresh_from_db()

    urls = sitemap(client)

    assert urls[post.get_absolute_url()] == post.updated_at.date().isoformat()
    assert older.get_absolute_url() in urls
    assert "/categories/parks/" in urls and "/tags/trees/" in urls
    assert "/2021/06/" in urls and "/2020/01/" in urls


def test_sitemap_never_lists_drafts_scheduled_articles_or_their_tags_and_months(client):
    PostFactory()
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None, slug="secret-draft")
    later = PostFactory(
        slug="scheduled",
        published_at=datetime.datetime(2031, 2, 1, tzinfo=datetime.UTC),
    )
    draft.tags.add("merger")
    later.tags.add("surprise")
    body = client.get("/sitemap.xml").content.decode()
    for hidden in ("secret-draft", "scheduled", "/tags/merger/", "/tags/surprise/", "/2031/02/"):
        assert hidden not in body


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_private_and_reply_links(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for rule in ("/admin/", "/accounts/", "/comments/identities/", "/*?replyto="):
        assert f"Disallow: {rule}" in lines
    assert "Disallow: /" not in lines  # the articles stay open


def test_article_page_has_canonical_link_and_open_graph_and_twitter_card_tags(client):
    post = PostFactory(
        title="Bridge <reopens>",
        excerpt="After two years & a half.",
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    post.byline_identity.name = "Maria Lopez"  # the identity the article is signed with
    post.byline_identity.save()
    response = client.get(f"{post.get_absolute_url()}?csort=newest")
    head = response.content.decode().split("</head>")[0]
    url = f"http://testserver{post.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in head
    assert f'<meta property="og:url" content="{url}">' in head
    assert '<meta property="og:type" content="article">' in head
    assert '<meta property="og:title" content="Bridge &lt;reopens&gt;">' in head
    assert '<meta property="og:description" content="After two years &amp; a half.">' in head
    assert '<meta property="article:author" content="Maria Lopez">' in head
    published = re.search(r'<meta property="article:published_time" content="([^"]+)">', head)
    assert datetime.datetime.fromisoformat(published.group(1)) == post.published_at
    assert '<meta name="twitter:card" content="summary">' in head
    assert '<meta name="twitter:title" content="Bridge &lt;reopens&gt;">' in head


def test_article_page_query_count_does_not_grow_with_categories_and_tags(
    client, django_assert_max_num_queries
):
    post = PostFactory()
    CommentFactory(post=post)
    post.categories.add(CategoryFactory())
    post.tags.add("one")
    with django_assert_max_num_queries(30) as few:
        client.get(post.get_absolute_url())
    post.categories.add(*[CategoryFactory(parent=CategoryFactory()) for _ in range(5)])
    post.tags.add("two", "three", "four")
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(post.get_absolute_url()).status_code == 200
