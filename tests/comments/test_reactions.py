"""Reactions ("Worth reading"): one per account, never on one's own comments, counts without
names, through the views without JavaScript; and the best-first order."""

import datetime
import json
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from comments import reading
from comments.models import ArticleVisit, Reaction
from tests.factories import (
    CommentFactory,
    IdentityFactory,
    PostFactory,
    ReactionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def react_url(comment):
    return reverse("comments:react", args=[comment.pk])


def item(html, comment):
    """The opening of the comment's element up to its replies."""
    start = html.index(f'id="comment-{comment.pk}"')
    end = html.find("<details", start)
    return html[start : end if end != -1 else len(html)]


def count_on_page(html, comment):
    part = item(html, comment)
    assert 'class="reaction"' in part
    found = re.search(r'class="reaction-count" data-count="(\d+)"', part)
    return int(found.group(1)) if found else 0


def page(client, post, query=""):
    return client.get(post.get_absolute_url() + query).content.decode()


@pytest.fixture
def someone():
    """Another reader, signed in with their own client."""
    user = UserFactory(username="reader")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return user, client


def test_a_reader_marks_a_comment_worth_reading_with_the_form_on_the_page(someone):
    """No JavaScript: the form in the comment's element, posted as a browser posts it from this
    site (Sec-Fetch-Site: same-origin), a redirect back."""
    user, client = someone
    comment = CommentFactory()
    html = page(client, comment.post)
    form = re.search(
        r'<form class="reaction" method="post" action="([^"]*react[^"]*)">'
        r'<button name="do" value="add"',
        item(html, comment),
    )
    assert form, "a POST form inside the comment's element"
    response = client.post(form.group(1), {"do": "add"}, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 302
    assert f"#comment-{comment.pk}" in response.url
    assert Reaction.objects.filter(comment=comment, user=user).count() == 1
    html = page(client, comment.post)
    assert count_on_page(html, comment) == 1
    assert 'aria-pressed="true"' in item(html, comment)


def test_no_page_carries_a_per_reader_token_in_its_reaction_forms(someone):
    """The forms are filled into pages shared by every signed-in reader."""
    user, client = someone
    comment = CommentFactory()
    part = item(page(client, comment.post), comment)
    assert "csrfmiddlewaretoken" not in part.split('class="reaction"', 1)[1].split("</form>")[0]


@pytest.mark.parametrize(
    "headers",
    [
        {},  # neither Sec-Fetch-Site nor Origin, and no token
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # another origin of the same site (a subdomain)
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
    ],
)
def test_a_post_from_elsewhere_changes_nothing(someone, headers):
    user, client = someone
    comment = CommentFactory()
    assert client.post(react_url(comment), {"do": "add"}, headers=headers).status_code == 403
    assert not Reaction.objects.exists()


def test_a_post_from_an_older_browser_is_judged_by_its_origin(someone):
    """Without Sec-Fetch-Site (plain HTTP, older browsers), an Origin naming this site."""
    user, client = someone
    comment = CommentFactory()
    response = client.post(
        react_url(comment), {"do": "add"}, headers={"Origin": "http://testserver"}
    )
    assert response.status_code == 302
    assert Reaction.objects.filter(comment=comment, user=user).exists()


def test_a_script_without_fetch_metadata_may_send_the_token(someone):
    """Django's token check stays the fallback: the inline script sends X-CSRFToken."""
    user, client = someone
    comment = CommentFactory()
    client.get(comment.post.get_absolute_url())  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(react_url(comment), {"do": "add"}, headers={"X-CSRFToken": token})
    assert response.status_code == 302
    assert Reaction.objects.filter(comment=comment, user=user).exists()


def test_taking_a_reaction_back(user_client, user):
    comment = CommentFactory()
    ReactionFactory(comment=comment, user=user)
    user_client.post(react_url(comment), {"do": "remove"})
    assert not Reaction.objects.exists()
    assert count_on_page(page(user_client, comment.post), comment) == 0


def test_one_reaction_per_account_whichever_identity_acts(user_client, user):
    """Several identities of one account never multiply a vote."""
    comment = CommentFactory()
    first = user.identities.get(is_default=True)
    second = IdentityFactory(user=user, name="Second voice")
    for identity in (first, second, second):
        user_client.post(react_url(comment), {"do": "add", "identity": identity.pk})
    assert Reaction.objects.filter(comment=comment).count() == 1
    assert count_on_page(page(Client(), comment.post), comment) == 1


def test_no_reaction_on_ones_own_comment_under_any_identity(user_client, user):
    mine = CommentFactory(identity=IdentityFactory(user=user, name="Other voice"))
    default = user.identities.get(is_default=True)
    response = user_client.post(react_url(mine), {"do": "add", "identity": default.pk})
    assert response.status_code == 302
    assert not Reaction.objects.exists()
    json_response = user_client.post(react_url(mine), {"do": "add"}, HTTP_ACCEPT="application/json")
    assert json_response.status_code == 403
    assert "your own comment" in json_response.json()["error"]
    html = page(user_client, mine.post)
    assert "<button" not in item(html, mine).split('class="reaction"', 1)[1].split("</form>")[0]


def test_an_anonymous_reader_is_led_to_sign_in_and_nothing_is_stored():
    """Their cached page has no CSRF token: the button posts, the view takes the post as coming
    from this site (what the browser says), writes nothing and leads to the sign-in page; a GET
    does the same; a post the browser does not say is from this site is refused."""
    comment = CommentFactory()
    client = Client(enforce_csrf_checks=True)
    html = page(client, comment.post)
    assert '<button name="do" value="add" aria-pressed="false">' in item(html, comment)
    assert "csrfmiddlewaretoken" not in item(html, comment)
    for response in (
        client.post(react_url(comment), {"do": "add"}, HTTP_SEC_FETCH_SITE="same-origin"),
        client.get(react_url(comment), {"do": "add"}),
    ):
        assert response.status_code == 302
        assert reverse("identities:login") in response.url
        assert f"comment-{comment.pk}" in response.url
    assert client.post(react_url(comment), {"do": "add"}).status_code == 403  # no token
    assert (
        client.post(react_url(comment), {"do": "add"}, HTTP_SEC_FETCH_SITE="cross-site").status_code
        == 403
    )
    assert not Reaction.objects.exists()


def test_a_get_never_reacts(user_client):
    comment = CommentFactory()
    assert user_client.get(react_url(comment), {"do": "add"}).status_code == 302
    assert not Reaction.objects.exists()


def test_no_reaction_on_a_removed_comment(user_client):
    comment = CommentFactory(status="removed")
    user_client.post(react_url(comment), {"do": "add"})
    assert not Reaction.objects.exists()


def test_reactions_are_rate_limited(user_client, settings):
    settings.REACTIONS_RATE_PER_MINUTE = 2
    post = PostFactory()
    comments = CommentFactory.create_batch(3, post=post)
    answers = [
        user_client.post(react_url(c), {"do": "add"}, HTTP_ACCEPT="application/json")
        for c in comments
    ]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert "a minute" in answers[2].json()["error"]
    assert Reaction.objects.count() == 2
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert user_client.post(react_url(comments[2]), {"do": "add"}).status_code == 302
    assert Reaction.objects.count() == 3


def test_public_outputs_give_counts_never_who(user_client, user):
    """HTML and JSON: the count, and nothing that names or links the readers who reacted."""
    comment = CommentFactory()
    reactor = IdentityFactory(user=user, name="Zebediah Quill")
    other = UserFactory(username="other-reader")
    IdentityFactory(user=other, name="Ottoline Marsh")
    ReactionFactory(comment=comment, user=other)
    data = user_client.post(
        react_url(comment), {"do": "add", "identity": reactor.pk}, HTTP_ACCEPT="application/json"
    ).json()
    assert data == {"count": 2, "pressed": True}
    # Anonymous: nobody's name; the reactor themself: not the other reader's (their own names
    # are in their comment form's identity menu).
    for client, secrets in (
        (Client(), ("Zebediah", "Ottoline", "other-reader")),
        (user_client, ("Ottoline", "other-reader")),
    ):
        html = page(client, comment.post)
        assert count_on_page(html, comment) == 2
        for secret in secrets:
            assert secret not in html
    permalink = user_client.get(reverse("comments:permalink", args=[comment.pk])).content.decode()
    assert count_on_page(permalink, comment) == 2
    assert "Ottoline" not in permalink


def test_a_reaction_does_not_invalidate_the_cached_thread(user_client, django_assert_num_queries):
    """The thread's key stays (no discussion bump); anonymous pages still show the new count,
    with the same number of queries as before any reaction."""
    post = PostFactory()
    comments = CommentFactory.create_batch(5, post=post)
    anonymous = Client()
    page(anonymous, post)
    version = type(post).objects.get(pk=post.pk).discussion_version
    user_client.post(react_url(comments[0]), {"do": "add"})
    assert type(post).objects.get(pk=post.pk).discussion_version == version
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as fresh:
        html = page(anonymous, post)
    assert count_on_page(html, comments[0]) == 1
    for n, comment in enumerate(comments[1:]):
        ReactionFactory(comment=comment, user=UserFactory(username=f"fan{n}"))
    with django_assert_num_queries(len(fresh.captured_queries)):
        html = page(anonymous, post)
    assert [count_on_page(html, c) for c in comments] == [1, 1, 1, 1, 1]


def test_an_anonymous_etag_changes_with_a_reaction(user_client):
    comment = CommentFactory()
    first = Client().get(comment.post.get_absolute_url())
    ReactionFactory(comment=comment, user=UserFactory(username="fan"))
    again = Client().get(comment.post.get_absolute_url(), HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 200
    assert count_on_page(again.content.decode(), comment) == 1


def test_moderators_see_who_reacted_in_the_admin(client):
    moderator = UserFactory(username="mod", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    ReactionFactory(user=UserFactory(username="the-fan"))
    html = client.get(reverse("admin:comments_reaction_changelist")).content.decode()
    assert "the-fan" in html


# ---------- best first ----------


def seen_by(post, readers, at):
    for n in range(readers):
        ArticleVisit.objects.create(
            user=UserFactory(username=f"seen-{post.pk}-{n}-{at:%H%M}"), post=post, started_at=at
        )


def top_ids(html):
    """Top-level comments in page order."""
    tops = re.findall(
        r'<li class="comment[^"]*" id="comment-(\d+)">(?:<p class="new-note">.*?</p>)?'
        r'<article class="comment-card" aria-label="Comment by [^"]*"><header class="comment-meta"><span class="comment-number">',
        html,
    )
    return [int(pk) for pk in tops]


def test_best_orders_by_the_confidence_of_reactions_against_readers(settings):
    post = PostFactory()
    now = timezone.now()
    old, loved, fresh = (
        CommentFactory(post=post, created_at=now - datetime.timedelta(hours=h)) for h in (3, 2, 1)
    )
    seen_by(post, 10, now - datetime.timedelta(minutes=90))  # saw old and loved, not fresh
    for n in range(6):
        ReactionFactory(comment=loved, user=UserFactory(username=f"fan{n}"))
    ReactionFactory(comment=old, user=UserFactory(username="one-fan"))
    ReactionFactory(comment=fresh, user=UserFactory(username="fresh-fan"))
    html = page(Client(), post, "?csort=best")
    # loved: 6 of 10; fresh: 1 of 1 (wide interval); old: 1 of 10.
    assert top_ids(html) == [loved.pk, fresh.pk, old.pk]
    scores = dict(
        reading.with_best_score(post.comments.filter(parent=None), post.pk).values_list(
            "pk", "best"
        )
    )
    assert scores[loved.pk] == pytest.approx(0.3127, abs=1e-3)
    assert scores[fresh.pk] == pytest.approx(0.2065, abs=1e-3)


def test_best_pages_are_stable_and_cover_every_comment_once(settings):
    settings.COMMENTS_PER_PAGE = 3
    post = PostFactory()
    tops = CommentFactory.create_batch(8, post=post)
    for n, comment in enumerate(tops[5:]):
        ReactionFactory(comment=comment, user=UserFactory(username=f"fan{n}"))
    client = Client()
    pages = [top_ids(page(client, post, f"?csort=best&cpage={n}")) for n in (1, 2, 3)]
    again = [top_ids(page(client, post, f"?csort=best&cpage={n}")) for n in (1, 2, 3)]
    assert pages == again
    seen = [pk for ids in pages for pk in ids]
    assert sorted(seen) == sorted(c.pk for c in tops)
    assert seen[:3] == [c.pk for c in tops[5:]]  # reacted first, ties by age
    assert seen[3:] == [c.pk for c in tops[:5]]


def test_the_best_page_reads_a_fixed_number_of_queries(django_assert_num_queries):
    post = PostFactory()
    CommentFactory.create_batch(3, post=post)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reading.stamp(post.pk)  # the post's reaction stamp, made once per post (shared cache)
    Post.objects.get(pk=post.pk).fetch_taxonomy()  # its filing, read once per article version
    with CaptureQueriesContext(connection) as few:
        page(Client(), post, "?csort=best")
    for n, comment in enumerate(CommentFactory.create_batch(20, post=post)):
        ReactionFactory(comment=comment, user=UserFactory(username=f"fan{n}"))
    with django_assert_num_queries(len(few.captured_queries)):
        page(Client(), post, "?csort=best")


def test_the_json_of_a_reaction_names_nobody(user_client):
    comment = CommentFactory()
    data = user_client.post(
        react_url(comment), {"do": "add"}, HTTP_ACCEPT="application/json"
    ).json()
    assert set(json.loads(json.dumps(data))) == {"count", "pressed"}


def test_best_orders_replies_within_a_thread_too(user_client):
    post = PostFactory()
    root = CommentFactory(post=post)
    first, second, third = (CommentFactory(post=post, parent=root) for _ in range(3))
    for n in range(2):
        ReactionFactory(comment=third, user=UserFactory(username=f"fan{n}"))
    ReactionFactory(comment=second, user=UserFactory(username="one-fan"))
    for client in (Client(), user_client):  # the public page and a signed-in reader's
        html = page(client, post, "?csort=best")
        order = [html.index(f'id="comment-{c.pk}"') for c in (third, second, first)]
        assert order == sorted(order)
        oldest = page(client, post)
        order = [oldest.index(f'id="comment-{c.pk}"') for c in (first, second, third)]
        assert order == sorted(order)
