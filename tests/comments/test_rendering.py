"""The thread renderer, and the JSON answer the inline reply gets from the comment endpoint."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.moderation import submit_comment
from comments.rendering import ROW_FIELDS, ThreadOptions, render_comment, render_thread
from identities.models import Identity
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory
from tests.html import comment_nesting

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def chain(post, identity, depth):
    """`depth` comments, each replying to the one before; returns them top first."""
    comments, parent = [], None
    for n in range(depth):
        parent = submit_comment(post=post, parent=parent, identity=identity, body=f"level {n}")
        comments.append(parent)
    return comments


def rows_of(post):
    return list(Comment.objects.for_post(post).order_by("tree_id", "lft").values(*ROW_FIELDS))


def card(html, pk):
    """The markup of one comment's own card (its <li> up to its </article>)."""
    start = html.rindex("<li ", 0, html.index(f'id="comment-{pk}"'))
    return html[start : html.index("</article>", start) + len("</article>")]


def test_replies_beyond_the_display_depth_continue_on_their_own_page(client, settings):
    settings.COMMENTS_DISPLAY_DEPTH = 6
    post = PostFactory()
    levels = chain(post, IdentityFactory(), 8)
    html = client.get(post.get_absolute_url()).content.decode()
    for comment in levels[:6]:
        assert f'id="comment-{comment.pk}"' in html
    for comment in levels[6:]:
        assert f'id="comment-{comment.pk}"' not in html
    cut = levels[5]
    assert f'<a href="/comments/{cut.pk}/">Continue this thread →</a>' in html
    assert "(2 more replies)" in html
    assert html.count("Continue this thread") == 1


def test_display_depth_follows_the_setting(client, settings):
    settings.COMMENTS_DISPLAY_DEPTH = 2
    post = PostFactory()
    levels = chain(post, IdentityFactory(), 4)
    html = client.get(post.get_absolute_url()).content.decode()
    parent_of, order = comment_nesting(html)
    assert order == [levels[0].pk, levels[1].pk]
    assert f'href="/comments/{levels[1].pk}/">Continue this thread' in html


def test_sub_threads_collapse_without_javascript(client):
    post = PostFactory()
    root = CommentFactory(post=post)
    CommentFactory(post=post, parent=root)
    CommentFactory(post=post, parent=root)
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<details class="replies" open><summary>' in html
    assert '<span class="reply-count" data-count="2">2 replies</span></summary>' in html


def test_every_comment_links_its_own_page_and_a_report(client):
    post = PostFactory()
    comment = CommentFactory(post=post)
    html = card(client.get(post.get_absolute_url()).content.decode(), comment.pk)
    assert f'href="{reverse("comments:permalink", args=[comment.pk])}"' in html
    assert f'href="{reverse("comments:report", args=[comment.pk])}"' in html
    assert "edit-link" not in html and "delete-link" not in html


def test_own_comments_get_edit_within_the_window_and_delete(user_client, user, settings):
    settings.COMMENTS_EDIT_WINDOW_MINUTES = 15
    post = PostFactory()
    second_self = IdentityFactory(user=user, name="Second Self")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        mine = CommentFactory(post=post, identity=Identity.objects.get(user=user, is_default=True))
        also_mine = CommentFactory(post=post, identity=second_self)
        theirs = CommentFactory(post=post)
    edit = reverse("comments:edit", args=[mine.pk])
    delete = reverse("comments:delete", args=[mine.pk])

    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        html = user_client.get(post.get_absolute_url()).content.decode()
    assert f'href="{edit}"' in card(html, mine.pk) and f'href="{delete}"' in card(html, mine.pk)
    assert "edit-link" in card(html, also_mine.pk)
    assert "edit-link" not in card(html, theirs.pk)
    assert "delete-link" not in card(html, theirs.pk)

    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        html = user_client.get(post.get_absolute_url()).content.decode()
    assert "edit-link" not in card(html, mine.pk) and f'href="{delete}"' in card(html, mine.pk)


def test_the_thread_is_the_same_html_for_every_reader_who_wrote_none_of_it(client, settings):
    post = PostFactory()
    root = CommentFactory(post=post)
    CommentFactory(post=post, parent=root)
    anonymous = client.get(post.get_absolute_url()).content.decode()
    client.force_login(UserFactory(username="somebody"))
    signed_in = client.get(post.get_absolute_url()).content.decode()

    def thread(html):
        html = html[html.index('<ol class="comment-list"') : html.index('<section class="respond"')]
        # Inside the reaction forms, the button is the reader's own (comments.reading): a POST
        # with their CSRF token, or for anonymous readers a GET that leads to sign-in.
        return re.sub(r'(<form class="reaction"[^>]*>).*?(</form>)', r"\1\2", html)

    assert thread(anonymous) == thread(signed_in)


def test_rendering_runs_no_query_per_comment(django_assert_num_queries):
    post = PostFactory()
    chain(post, IdentityFactory(), 8)
    for _ in range(20):
        CommentFactory(post=post, identity=IdentityFactory())
    rows = rows_of(post)
    with django_assert_num_queries(0):
        html, shown = render_thread(rows, ThreadOptions(byline_identity_id=None, display_depth=100))
    assert shown == 28 and html.count("<article") == 28


def test_a_sub_thread_page_counts_depth_from_its_own_comment():
    post = PostFactory()
    levels = chain(post, IdentityFactory(), 8)
    rows = rows_of(post)
    opts = ThreadOptions(byline_identity_id=None, display_depth=3, base_level=4, first_number=None)
    html, _ = render_thread(rows, opts)
    _, order = comment_nesting(html)
    assert order == [c.pk for c in levels[:7]]  # levels 0-3 as context, then 4, 5, 6
    assert f'href="/comments/{levels[6].pk}/">Continue this thread' in html
    assert 'class="comment-number"' not in html


def test_names_and_urls_are_escaped_wherever_a_card_shows_them(settings):
    """Text goes through one escape (comments.cards.text()): the avatar's URL too."""
    settings.MEDIA_URL = '/media/a&b"c/'
    post = PostFactory()
    speaker = IdentityFactory(name="<b>\"Tom\" & 'Jerry'</b>")
    root = CommentFactory(post=post, identity=speaker)
    reply = CommentFactory(post=post, parent=root, identity=IdentityFactory())
    opts = ThreadOptions(byline_identity_id=speaker.pk, reply_url="?x=1&replyto={id}#respond")
    html, _ = render_thread(rows_of(post), opts)
    escaped = "&lt;b&gt;&quot;Tom&quot; &amp; &#x27;Jerry&#x27;&lt;/b&gt;"
    # Its card (label, name, reply link and its data, permalink, report) and the reply's.
    assert html.count(escaped) == 7
    assert "<b>" not in html and "Tom" not in html.replace(escaped, "")
    assert 'src="/media/a&amp;b&quot;c/' in html and 'srcset="/media/a&amp;b&quot;c/' in html
    assert 'a&b"c' not in html
    assert f'href="?x=1&amp;replyto={reply.pk}#respond"' in html


# The JSON answer of the comment endpoint, for the inline reply.


def post_json(client, post, data, **headers):
    return client.post(
        reverse("comments:post", kwargs={"post_id": post.pk}), data, **(headers or JSON)
    )


def test_inline_reply_gets_the_comment_rendered_as_the_thread_renders_it(user_client, user):
    post = PostFactory()
    parent = chain(post, IdentityFactory(name="Ana"), 4)[-1]
    identity = Identity.objects.get(user=user)
    response = post_json(
        user_client, post, {"body": "A *deep* reply", "parent": parent.pk, "identity": identity.pk}
    )
    assert response.status_code == 200
    data = response.json()
    reply = Comment.objects.get(body="A *deep* reply")
    assert data["id"] == reply.pk and data["parent_id"] == parent.pk
    assert re.match(rf'<li class="comment[^"]*" id="comment-{reply.pk}">', data["html"])
    assert data["html"].endswith("</li>")
    assert "<em>deep</em>" in data["html"] and "in reply to Ana" in data["html"]
    assert data["url"] == f"{post.get_absolute_url()}#comment-{reply.pk}"
    page = user_client.get(post.get_absolute_url()).content.decode()
    assert data["html"] == card(page, reply.pk) + "</li>"


def test_inline_reply_answers_json_to_x_requested_with_too(user_client, user):
    post = PostFactory()
    identity = Identity.objects.get(user=user)
    response = post_json(
        user_client,
        post,
        {"body": "hello", "identity": identity.pk},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/json"


def test_new_top_level_comment_gets_its_number(user_client, user):
    post = PostFactory()
    CommentFactory(post=post)
    CommentFactory(post=post)
    identity = Identity.objects.get(user=user)
    data = post_json(user_client, post, {"body": "third", "identity": identity.pk}).json()
    assert data["parent_id"] is None
    assert '<span class="comment-number">3</span>' in data["html"]


def test_reply_past_the_maximum_depth_names_the_parent_it_was_attached_to(
    user_client, user, settings
):
    settings.COMMENTS_MAX_DEPTH = 3
    post = PostFactory()
    levels = chain(post, IdentityFactory(), 3)
    identity = Identity.objects.get(user=user)
    data = post_json(
        user_client, post, {"body": "deeper", "parent": levels[-1].pk, "identity": identity.pk}
    ).json()
    assert data["parent_id"] == levels[1].pk


def test_inline_reply_errors_are_the_forms_messages_with_status_400(user_client, user):
    post = PostFactory()
    stranger = Identity.objects.get(user=UserFactory(username="stranger"))
    response = post_json(user_client, post, {"body": "  ", "identity": stranger.pk})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["body"] == ["Write something before posting."]
    assert errors["identity"] == ["Choose one of your own active identities."]
    assert not Comment.objects.exists()


def test_inline_reply_to_a_closed_discussion_says_why(user_client, user):
    post = PostFactory(comments_open=False)
    identity = Identity.objects.get(user=user)
    response = post_json(user_client, post, {"body": "hello", "identity": identity.pk})
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"] == ["Comments are closed on this article."]


def test_inline_reply_keeps_the_text_out_of_the_answer_on_error(user_client, user, settings):
    """The text stays in the reader's form; the answer carries only the messages."""
    settings.COMMENTS_MAX_LENGTH = 10
    post = PostFactory()
    identity = Identity.objects.get(user=user)
    response = post_json(
        user_client, post, {"body": "far too long a text", "identity": identity.pk}
    )
    assert response.status_code == 400
    (message,) = response.json()["errors"]["body"]
    assert re.match(r"Keep your comment to 10 characters; this one has 19\.", message)


# The markup itself: a snapshot of two cards, so that a change to the constants is on purpose.

SNAPSHOT_NOW = datetime.datetime(2026, 3, 4, 13, 37, tzinfo=datetime.UTC)
AUTHOR_BLOCK = (
    '<a class="comment-author" href="/comments/people/pub3/"><img class="avatar" '
    'src="/media/avatars/ab-48.png" srcset="/media/avatars/ab-96.png 2x" width="48" height="48" '
    'alt="" loading="lazy"><span class="comment-name">Ada &lt;Lovelace&gt;</span></a>'
)
LINKS = (
    '<a class="permalink" href="/comments/7/">Permalink<span class="visually-hidden"> to the'
    '</span><span class="visually-hidden"> comment by Ada &lt;Lovelace&gt;</span></a>'
    '<a class="report-link" href="/comments/7/report/" rel="nofollow">Report<span '
    'class="visually-hidden"> comment by Ada &lt;Lovelace&gt;</span></a>'
)


def snapshot_row(**changes):
    return {
        "id": 7,
        "tree_id": 1,
        "parent_id": None,
        "level": 0,
        "status": "approved",
        "deleted_at": None,
        "created_at": SNAPSHOT_NOW - datetime.timedelta(minutes=5),
        "edited_at": None,
        "body_html": "<p>Hi &amp; bye</p>",
        "identity_id": 3,
        "identity__name": "Ada <Lovelace>",
        "identity__avatar": "avatars/ab-96.png",
        "identity__public_id": "pub3",
        "identity__user_id": 30,
        "reaction_count": 0,
        **changes,
    }


@time_machine.travel(SNAPSHOT_NOW, tick=False)
def test_an_approved_reply_of_ones_own_is_this_markup(settings):
    settings.MEDIA_URL = "/media/"
    parent = snapshot_row(id=5, identity_id=4, identity__name="Ben", identity__public_id="pub4")
    row = snapshot_row(parent_id=5, level=1, edited_at=SNAPSHOT_NOW, reaction_count=2)
    opts = ThreadOptions(byline_identity_id=3, viewer_identity_ids=frozenset({3}))
    assert render_comment(row, parent, opts) == (
        '<li class="comment by-author" id="comment-7"><article class="comment-card" '
        'aria-label="Comment by Ada &lt;Lovelace&gt;"><header class="comment-meta">'
        f'{AUTHOR_BLOCK} <span class="badge badge-author">Author</span> '
        '<a class="comment-date" href="#comment-7"><time datetime="2026-03-04T13:32:00+00:00">'
        'March 4, 2026 at 1:32 p.m.</time></a> <span class="edited">(edited <time '
        'datetime="2026-03-04T13:37:00+00:00">March 4, 2026 at 1:37 p.m.</time>)</span>'
        '<a class="parent-link" href="#comment-5">in reply to Ben</a></header>'
        '<div class="comment-text"><p>Hi &amp; bye</p></div><footer class="comment-actions">'
        '<form class="reaction" method="post" action="/comments/7/react/">'
        '<button name="do" value="add" aria-pressed="false">Worth reading</button><!--rx:7-->'
        '<span class="reaction-count" data-count="2">2</span></form>'
        '<a class="reply-link" href="?replyto=7#respond" data-reply-to="7" '
        'data-reply-name="Ada &lt;Lovelace&gt;" rel="nofollow">Reply<span class="visually-hidden">'
        f" to Ada &lt;Lovelace&gt;</span></a>{LINKS}"
        '<a class="edit-link" href="/comments/7/edit/" rel="nofollow">Edit<span '
        'class="visually-hidden"> your comment</span></a><a class="delete-link" '
        'href="/comments/7/delete/" rel="nofollow">Delete<span class="visually-hidden"> your '
        "comment</span></a></footer></article></li>"
    )


@time_machine.travel(SNAPSHOT_NOW, tick=False)
def test_a_pending_numbered_comment_in_a_closed_discussion_is_this_markup(settings):
    settings.MEDIA_URL = "/media/"
    opts = ThreadOptions(byline_identity_id=None, viewer_id=30, replies_open=False)
    row = snapshot_row(status="pending", reaction_count=4)  # reacted to before it was held
    assert render_comment(row, None, opts, 2) == (
        '<li class="comment is-pending" id="comment-7"><article class="comment-card" '
        'aria-label="Comment by Ada &lt;Lovelace&gt;"><header class="comment-meta">'
        f'<span class="comment-number">2</span>{AUTHOR_BLOCK} '
        '<a class="comment-date" href="#comment-7"><time datetime="2026-03-04T13:32:00+00:00">'
        "March 4, 2026 at 1:32 p.m.</time></a></header>"
        '<p class="comment-status">Your comment is awaiting moderation.</p>'
        '<div class="comment-text"><p>Hi &amp; bye</p></div><footer class="comment-actions">'
        f"{LINKS}</footer></article></li>"
    )


def test_every_reaction_marker_comes_right_after_the_button():
    """A reader's pressed reactions and own comments are put in at the markers
    (comments/overlay.py, `personalize()`): every card that has a marker has the button right
    before it."""
    from comments import cards

    for source in cards.CARDS.values():
        markers = source.count("<!--rx:")
        assert source.count(cards.REACT_BUTTON + "<!--rx:") == markers
