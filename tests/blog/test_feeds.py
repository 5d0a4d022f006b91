"""Feeds, parsed as a feed reader would: nothing a reader may not see, ever."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from comments.models import Comment
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    IdentityFactory,
    PostFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def atom(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entries(feed):
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def rss_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]


@pytest.fixture
def hidden_posts():
    """A draft and a post scheduled for tomorrow, filed like the public one."""
    return [
        PostFactory(title="Secret draft", status=Post.Status.DRAFT, published_at=None),
        PostFactory(title="Scheduled", published_at=timezone.now() + datetime.timedelta(days=1)),
    ]


def test_latest_articles_feed_has_published_articles_only(client, hidden_posts):
    post = PostFactory(title="Out now", body="Full *text*.")
    feed = atom(client, reverse("blog:feed"))
    items = entries(feed)
    assert [i["title"] for i in items] == ["Out now"]
    assert items[0]["link"].endswith(post.get_absolute_url())
    assert "<em>text</em>" in items[0]["summary"]
    assert rss_titles(client, reverse("blog:rss")) == ["Out now"]


def test_category_feed_has_its_published_articles_and_its_subcategories(client, hidden_posts):
    science = CategoryFactory(slug="science")
    physics = CategoryFactory(slug="physics", parent=science)
    PostFactory(title="On gravity").categories.add(physics)
    PostFactory(title="Elsewhere")
    for post in hidden_posts:
        post.categories.add(physics)
    url = reverse("blog:category_feed", kwargs={"slug": "science"})
    assert [i["title"] for i in entries(atom(client, url))] == ["On gravity"]
    url = reverse("blog:category_rss", kwargs={"slug": "physics"})
    assert rss_titles(client, url) == ["On gravity"]


def test_tag_feed_has_its_published_articles_only(client, hidden_posts):
    PostFactory(title="Tagged").tags.add("rivers")
    for post in hidden_posts:
        post.tags.add("rivers", "secret-tag")
    url = reverse("blog:tag_feed", kwargs={"slug": "rivers"})
    assert [i["title"] for i in entries(atom(client, url))] == ["Tagged"]
    assert rss_titles(client, reverse("blog:tag_rss", kwargs={"slug": "rivers"})) == ["Tagged"]
    assert client.get(reverse("blog:tag_feed", kwargs={"slug": "secret-tag"})).status_code == 404


def hidden_comments(post):
    """One comment in each state no reader may see, on `post`."""
    return [
        CommentFactory(post=post, body="held text", status=Comment.Status.PENDING),
        CommentFactory(post=post, body="spam text", status=Comment.Status.SPAM),
        CommentFactory(post=post, body="removed text", status=Comment.Status.REMOVED),
        CommentFactory(post=post, body="deleted text", deleted_at=timezone.now()),
    ]


def assert_no_hidden_text(client, url):
    body = client.get(url).content.decode()
    for word in ("held text", "spam text", "removed text", "deleted text", "draft text"):
        assert word not in body


def test_article_comment_feed_has_its_visible_comments_only(client, hidden_posts):
    post = PostFactory(title="Open thread")
    shown = CommentFactory(post=post, body="visible text", identity__name="Ada")
    hidden_comments(post)
    CommentFactory(post=PostFactory(), body="on another article")
    date = post.date
    kwargs = {"year": date.year, "month": f"{date.month:02d}", "slug": post.slug}
    url = reverse("blog:post_comment_feed", kwargs=kwargs)
    items = entries(atom(client, url))
    assert [(i["author"], i["summary"]) for i in items] == [("Ada", "<p>visible text</p>\n")]
    assert items[0]["link"].endswith(reverse("comments:permalink", args=[shown.pk]))
    assert_no_hidden_text(client, url)
    assert len(rss_titles(client, reverse("blog:post_comment_rss", kwargs=kwargs))) == 1
    for draft in hidden_posts:
        CommentFactory(post=draft, body="draft text")
        date = draft.date
        kwargs = {"year": date.year, "month": f"{date.month:02d}", "slug": draft.slug}
        assert client.get(reverse("blog:post_comment_feed", kwargs=kwargs)).status_code == 404


def test_latest_comments_feed_has_visible_comments_on_published_articles_only(client, hidden_posts):
    post = PostFactory()
    CommentFactory(post=post, body="visible text")
    hidden_comments(post)
    for draft in hidden_posts:
        CommentFactory(post=draft, body="draft text")
    url = reverse("blog:comment_feed")
    assert [i["summary"] for i in entries(atom(client, url))] == ["<p>visible text</p>\n"]
    assert_no_hidden_text(client, url)
    assert len(rss_titles(client, reverse("blog:comment_rss"))) == 1


def test_identity_feed_names_the_identity_and_nothing_that_links_it_to_others(client):
    """The account holds two identities; the feed of one must not lead to the other."""
    account = UserFactory(username="hidden-account", email="owner@example.org", first_name="Olga")
    ada = IdentityFactory(user=account, name="Ada")
    IdentityFactory(user=account, name="Other Mask")
    post = PostFactory()
    CommentFactory(post=post, identity=ada, body="visible text")
    CommentFactory(post=post, identity=account.identities.get(name="Other Mask"), body="masked")
    for comment in hidden_comments(post):
        Comment.objects.filter(pk=comment.pk).update(identity=ada)
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None)
    CommentFactory(post=draft, identity=ada, body="draft text")

    for url in (
        reverse("blog:identity_feed", kwargs={"public_id": ada.public_id}),
        reverse("blog:identity_rss", kwargs={"public_id": ada.public_id}),
    ):
        body = client.get(url).content.decode()
        assert "visible text" in body and "Ada" in body
        for leak in ("hidden-account", "owner@example.org", "Olga", "Other Mask", "masked"):
            assert leak not in body
        assert_no_hidden_text(client, url)
    feed = atom(client, reverse("blog:identity_feed", kwargs={"public_id": ada.public_id}))
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Ada"
    assert feed.find(f"{ATOM}author/{ATOM}email") is None
    assert [i["author"] for i in entries(feed)] == ["Ada"]


def test_every_page_names_its_feeds_in_its_head(client):
    category = CategoryFactory(slug="rivers")
    post = PostFactory()
    post.categories.add(category)
    post.tags.add("bridges")
    identity = IdentityFactory()
    date = post.date
    pages = {
        "/": [reverse("blog:feed"), reverse("blog:comment_feed")],
        post.get_absolute_url(): [
            reverse(
                "blog:post_comment_feed",
                kwargs={"year": date.year, "month": f"{date.month:02d}", "slug": post.slug},
            )
        ],
        category.get_absolute_url(): [reverse("blog:category_feed", kwargs={"slug": "rivers"})],
        "/tags/bridges/": [reverse("blog:tag_feed", kwargs={"slug": "bridges"})],
        identity.get_absolute_url(): [
            reverse("blog:identity_feed", kwargs={"public_id": identity.public_id})
        ],
    }
    for page, feeds in pages.items():
        html = client.get(page).content.decode()
        head = html[: html.index("</head>")]
        for feed in [reverse("blog:feed"), *feeds]:
            assert 'type="application/atom+xml" title="' in head
            assert f'href="{feed}"' in head, (page, feed)
            assert client.get(feed).status_code == 200


def test_articles_are_signed_with_their_byline_never_the_login_name(client):
    """An author without a full name: feeds, the search page and the article's meta tags name
    the byline identity, never the username (which would also aim the sign-in throttle)."""
    author = UserFactory(username="login_name_77", first_name="", last_name="")
    byline = author.identities.get()
    byline.name = "Pat Writes"
    byline.save()
    post = PostFactory(author=author, title="Heron season", body="Herons nest early.")
    assert [e["author"] for e in entries(atom(client, reverse("blog:feed")))] == ["Pat Writes"]
    for url in (post.get_absolute_url(), reverse("blog:search") + "?q=heron"):
        html = client.get(url).content.decode()
        assert "Pat Writes" in html and "login_name_77" not in html, url
