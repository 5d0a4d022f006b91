"""The moderators' actions (approve, spam, remove, restore, suspend), one function each, shared by
the admin and the site; and the issue's story, tried as a newcomer and a moderator would."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments import moderation
from comments.models import Comment, ModerationAction, Report, Suspension
from comments.moderation import CommentRefused, submit_comment
from tests.comments.conftest import identity_of
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

Status, Action = Comment.Status, ModerationAction.Action


def many_comments(post, n, status, identity=None):
    """`n` top-level comments in one INSERT (the tree fields of n one-node trees)."""
    identity = identity or IdentityFactory()
    first = (
        Comment.objects.order_by("-tree_id").values_list("tree_id", flat=True).first() or 0
    ) + 1
    Comment.objects.bulk_create(
        Comment(
            post=post,
            identity=identity,
            body=f"comment {i}",
            body_html=f"<p>comment {i}</p>",
            status=status,
            tree_id=first + i,
            lft=1,
            rght=2,
            level=0,
        )
        for i in range(n)
    )
    return Comment.objects.filter(post=post, status=status)


# One function per action


@pytest.mark.parametrize(
    ("action", "before", "after", "logged"),
    [
        (moderation.approve, Status.PENDING, Status.APPROVED, Action.APPROVE),
        (moderation.mark_spam, Status.APPROVED, Status.SPAM, Action.SPAM),
        (moderation.remove, Status.APPROVED, Status.REMOVED, Action.REMOVE),
        (moderation.restore, Status.REMOVED, Status.APPROVED, Action.RESTORE),
        (moderation.restore, Status.SPAM, Status.APPROVED, Action.RESTORE),
    ],
)
def test_each_action_changes_the_status_and_records_who_what_when_why(
    moderator, action, before, after, logged
):
    post = PostFactory()
    comment = CommentFactory(post=post, status=before)
    version = post.discussion_version
    with time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        assert action([comment], by=moderator, reason="because") == 1
    comment.refresh_from_db()
    assert comment.status == after
    entry = comment.moderation_log.get()
    assert (entry.action, entry.actor, entry.reason) == (logged, moderator, "because")
    assert entry.created_at == datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)
    post.refresh_from_db()
    assert post.discussion_version == version + 1


def test_actions_leave_comments_already_in_that_state_alone(moderator):
    approved = CommentFactory()
    assert moderation.approve([approved], by=moderator) == 0
    assert moderation.restore([approved], by=moderator) == 0
    assert not ModerationAction.objects.exists()


def test_approving_a_reported_comment_closes_its_reports(moderator):
    comment = CommentFactory()
    Report.objects.create(comment=comment, reporter=UserFactory(), reason="spam")
    assert moderation.approve(Comment.objects.filter(pk=comment.pk), by=moderator) == 1
    assert Report.objects.get().resolved_at is not None


@pytest.mark.parametrize(
    ("action", "before"),
    [
        (moderation.approve, Status.PENDING),
        (moderation.mark_spam, Status.APPROVED),
        (moderation.remove, Status.APPROVED),
        (moderation.restore, Status.SPAM),
    ],
)
def test_each_action_over_1000_comments_runs_a_fixed_number_of_queries(
    moderator, action, before, django_assert_num_queries, django_assert_max_num_queries
):
    """Not one query per comment: each step is one statement over the whole selection."""
    few = many_comments(PostFactory(), 10, before)
    with CaptureQueriesContext(connection) as ten:
        assert action(few, by=moderator) == 10

    post = PostFactory()
    selection = many_comments(post, 1000, before)
    for comment in selection[:5]:
        Report.objects.create(comment=comment, reporter=moderator, reason="spam")
    with django_assert_num_queries(len(ten.captured_queries)):
        assert action(selection.all(), by=moderator, reason="bulk") == 1000
    assert ModerationAction.objects.filter(reason="bulk").count() == 1000
    assert Comment.objects.filter(post=post).exclude(status=before).count() == 1000
    assert not Report.objects.filter(resolved_at__isnull=True).exists()

    # Three discussions: two more queries each (its lock and its version), never per comment.
    posts = [PostFactory() for _ in range(3)]
    for other in posts:
        many_comments(other, 400, before)
    with django_assert_max_num_queries(len(ten.captured_queries) + 4):
        assert action(Comment.objects.filter(post__in=posts), by=moderator) == 1200


def test_a_list_of_comments_works_like_a_queryset(moderator):
    comments = CommentFactory.create_batch(3, status=Status.PENDING)
    assert moderation.approve(comments, by=moderator) == 3


# Suspensions


def test_a_suspended_account_cannot_post_and_is_told_why_and_until_when(client, moderator):
    person = UserFactory(username="hothead")
    until = timezone.now() + datetime.timedelta(days=7)
    moderation.suspend([person], by=moderator, reason="Personal attacks", ends_at=until)
    client.force_login(person)
    post = PostFactory()
    response = client.post(
        reverse("comments:post", args=[post.pk]),
        {"body": "let me speak", "identity": identity_of(person).pk},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Your account is suspended until" in html and "Personal attacks" in html
    assert f"{until.year}" in html and "let me speak" in html
    assert not Comment.objects.filter(body="let me speak").exists()
    entry = ModerationAction.objects.get(account=person)
    assert (entry.action, entry.actor) == (Action.SUSPEND, moderator)
    assert "Personal attacks" in entry.reason


def test_a_suspended_account_cannot_edit_or_report(client, moderator):
    person = UserFactory(username="hothead")
    own = CommentFactory(identity=identity_of(person))
    other = CommentFactory()
    moderation.suspend([person], by=moderator, reason="Cooling off")
    client.force_login(person)
    edit = client.post(reverse("comments:edit", args=[own.pk]), {"body": "changed"})
    report = client.post(reverse("comments:report", args=[other.pk]), {"reason": "spam"})
    for response in (edit, report):
        html = response.content.decode()
        assert response.status_code == 403
        assert "Your account is suspended" in html and "Cooling off" in html
        assert "a moderator lifts it" in html
    own.refresh_from_db()
    assert own.body != "changed" and not Report.objects.exists()


def test_a_suspension_ends_by_itself_or_when_lifted(moderator):
    person = UserFactory()
    identity = identity_of(person)
    ends = timezone.now() + datetime.timedelta(hours=1)
    moderation.suspend([person], by=moderator, reason="r", ends_at=ends)
    with pytest.raises(CommentRefused, match="suspended"):
        submit_comment(post=PostFactory(), identity=identity, body="x")
    with time_machine.travel(ends + datetime.timedelta(seconds=1)):
        submit_comment(post=PostFactory(), identity=identity, body="later")

    moderation.suspend([person], by=moderator, reason="again")
    assert moderation.lift_suspensions(Suspension.objects.all(), by=moderator) == 2  # both on
    submit_comment(post=PostFactory(), identity=identity, body="free")
    assert ModerationAction.objects.filter(account=person, action=Action.UNSUSPEND).exists()


def test_suspending_can_remove_all_the_accounts_comments_in_one_step(client, moderator):
    person = UserFactory()
    post = PostFactory()
    own = [CommentFactory(post=post, identity=identity_of(person)) for _ in range(3)]
    second_identity = IdentityFactory(user=person, name="Alter Ego")
    own.append(CommentFactory(post=post, identity=second_identity))
    spam = CommentFactory(post=post, identity=second_identity, status=Status.SPAM)
    bystander = CommentFactory(post=post)
    moderation.suspend([person], by=moderator, reason="Sock puppets", remove_comments="account")
    for comment in own:
        comment.refresh_from_db()
        assert comment.status == Status.REMOVED
        entry = comment.moderation_log.get()
        assert entry.action == Action.REMOVE and "Sock puppets" in entry.reason
    spam.refresh_from_db()
    bystander.refresh_from_db()
    assert spam.status == Status.SPAM and bystander.status == Status.APPROVED


# The story


def test_the_story_of_a_newcomer_a_moderator_a_removal_and_a_suspension(client, moderator):
    """Done when: a newcomer's first comment waits; the moderator approves it from the queue in
    the admin; later comments appear at once; a removed parent leaves a placeholder with its
    replies intact; a suspended account is refused with a reason."""
    post = PostFactory(title="Who benefits?")
    client.post(
        reverse("identities:signup"),
        {
            "username": "newcomer",
            "name": "Fresh Voice",
            "email": "new@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    newcomer = get_user_model().objects.get(username="newcomer")
    newcomer_identity = identity_of(newcomer)

    def say(body, parent=None):
        data = {"body": body, "identity": newcomer_identity.pk, "parent": parent or ""}
        return client.post(reverse("comments:post", args=[post.pk]), data)

    assert say("Hello, first time here").status_code == 302
    first = Comment.objects.get(body="Hello, first time here")
    assert first.status == Status.PENDING
    assert "awaiting moderation" in client.get(post.get_absolute_url()).content.decode()

    outsider = client.__class__()
    assert "first time here" not in outsider.get(post.get_absolute_url()).content.decode()

    # The moderator finds it in the queue and approves it with the bulk action.
    moderator_browser = client.__class__()
    moderator_browser.force_login(moderator)
    index = moderator_browser.get(reverse("admin:index")).content.decode()
    assert 'data-count="pending">1<' in index
    queue_url = reverse("admin:comments_comment_changelist") + "?status__exact=pending"
    queue = moderator_browser.get(queue_url).content.decode()
    assert "Hello, first time here" in queue
    moderator_browser.post(
        queue_url,
        {"action": "approve_comments", "_selected_action": [first.pk], "reason": "welcome"},
    )
    first.refresh_from_db()
    assert first.status == Status.APPROVED
    assert "first time here" in outsider.get(post.get_absolute_url()).content.decode()

    # Later comments appear at once.
    say("Second thoughts")
    assert Comment.objects.get(body="Second thoughts").status == Status.APPROVED

    # A removed parent leaves a placeholder, its replies intact.
    reply = submit_comment(post=post, identity=IdentityFactory(), body="Reply", parent=first)
    moderator_browser.post(
        queue_url.split("?")[0], {"action": "remove_comments", "_selected_action": [first.pk]}
    )
    html = outsider.get(post.get_absolute_url()).content.decode()
    assert "This comment was removed by a moderator." in html and "Reply" in html
    assert f'id="comment-{reply.pk}"' in html

    # Suspended from the queue: refused, with the reason.
    moderator_browser.post(
        queue_url.split("?")[0],
        {
            "action": "suspend",
            "_selected_action": [first.pk],
            "confirm": "yes",
            "reason": "Flooding the thread",
        },
    )
    refused = say("Can I still talk?")
    assert refused.status_code == 400
    assert "Flooding the thread" in refused.content.decode()
    assert Suspension.objects.active().of(newcomer).created_by == moderator
