"""The moderation queue and the rest of the moderation admin, as moderators and staff use it."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments import moderation
from comments.models import (
    Comment,
    DiscussionSettings,
    ModerationAction,
    Report,
    Suspension,
)
from comments.moderation import report_comment
from comments.moderators import PERMISSIONS, ensure_moderators_group
from tests.comments.conftest import identity_of
from tests.comments.test_moderation import many_comments
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "admin:comments_comment_changelist"
Status, Action = Comment.Status, ModerationAction.Action


def queue(client, query=""):
    return client.get(reverse(QUEUE) + query).content.decode()


def change_url(comment):
    return reverse("admin:comments_comment_change", args=[comment.pk])


# The Moderators group


def test_the_moderators_group_exists_after_migrate_with_its_permissions():
    group = Group.objects.get(name="Moderators")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert codenames == {codename for _, _, codename, _ in PERMISSIONS}


def test_the_group_is_made_again_when_missing_and_left_alone_when_changed():
    group = Group.objects.get(name="Moderators")
    group.permissions.remove(Permission.objects.get(codename="add_suspension"))
    ensure_moderators_group()
    assert not group.permissions.filter(codename="add_suspension").exists()
    group.delete()
    ensure_moderators_group()
    assert Group.objects.get(name="Moderators").permissions.count() == len(PERMISSIONS)


# The queue


def test_the_queue_filters_by_status_reports_post_identity_and_account(moderator_client):
    post, other_post = PostFactory(title="Alpha"), PostFactory(title="Beta")
    person = UserFactory(username="writer")
    pending = CommentFactory(post=post, status=Status.PENDING, body="PENDING-ONE")
    reported = CommentFactory(post=post, body="REPORTED-ONE", identity=identity_of(person))
    report_comment(comment=reported, reporter=UserFactory(), reason="spam")
    elsewhere = CommentFactory(post=other_post, body="ELSEWHERE-ONE")

    html = queue(moderator_client, "?status__exact=pending")
    assert "PENDING-ONE" in html and "REPORTED-ONE" not in html
    html = queue(moderator_client, "?reported=yes")
    assert "REPORTED-ONE" in html and "PENDING-ONE" not in html
    html = queue(moderator_client, f"?post__id__exact={other_post.pk}")
    assert "ELSEWHERE-ONE" in html and "PENDING-ONE" not in html
    html = queue(moderator_client, f"?identity={pending.identity_id}")
    assert "PENDING-ONE" in html and "REPORTED-ONE" not in html
    html = queue(moderator_client, f"?account={person.pk}")
    assert "REPORTED-ONE" in html and "ELSEWHERE-ONE" not in html
    assert f'href="?identity={elsewhere.identity_id}"' in queue(moderator_client)


def test_the_queue_searches_text_identity_account_and_address(moderator_client):
    """Not the e-mail address: that search is for superusers (tests/security/test_moderator_powers)."""
    person = UserFactory(username="searchable", email="findme@example.org")
    mine = CommentFactory(identity=identity_of(person), body="needle", ip_address="203.0.113.9")
    CommentFactory(body="haystack")
    for term in ["needle", "searchable", "203.0.113.9", "searchab"]:
        html = queue(moderator_client, f"?q={term}")
        assert f'href="{change_url(mine)}?' in html and "haystack" not in html, term
    assert f'href="{change_url(mine)}?' not in queue(moderator_client, "?q=findme@example.org")


def test_the_queue_shows_the_tree_indented_and_the_open_reports(moderator_client):
    parent = CommentFactory(body="the parent")
    reply = CommentFactory(post=parent.post, parent=parent, body="the reply")
    report_comment(comment=reply, reporter=UserFactory(), reason="abuse")
    html = queue(moderator_client)
    assert 'class="tree-level tree-level-0">the parent<' in html
    assert 'class="tree-level tree-level-1">the reply<' in html
    assert html.index("the parent") < html.index("the reply")
    assert 'class="field-open_reports">1<' in html


def test_the_admin_index_shows_pending_reported_and_hidden_counts(
    moderator_client, discussion_rules
):
    CommentFactory.create_batch(2, status=Status.PENDING)
    reported = CommentFactory()
    report_comment(comment=reported, reporter=UserFactory(), reason="spam")
    hidden = CommentFactory()
    for n in range(3):
        report_comment(comment=hidden, reporter=UserFactory(username=f"r{n}"), reason="spam")
    html = moderator_client.get(reverse("admin:index")).content.decode()
    assert 'data-count="pending">2<' in html
    assert 'data-count="reported">2<' in html
    assert 'data-count="hidden">1<' in html
    assert "?status__exact=pending" in html and "?reported=yes" in html


def test_moderators_get_the_moderation_actions_and_nobody_adds_or_deletes(moderator_client):
    CommentFactory()
    html = queue(moderator_client)
    for action in ["approve_comments", "mark_spam", "remove_comments", "restore_comments"]:
        assert f'value="{action}"' in html
    assert 'value="suspend"' in html and 'name="reason"' in html
    assert 'value="delete_selected"' not in html
    assert reverse("admin:comments_comment_add") not in html


def test_staff_without_the_permission_see_the_queue_but_cannot_moderate(client):
    staff = UserFactory(username="viewer", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(staff)
    comment = CommentFactory(status=Status.PENDING)
    html = queue(client)
    assert 'value="approve_comments"' not in html
    client.post(reverse(QUEUE), {"action": "approve_comments", "_selected_action": [comment.pk]})
    moderate = reverse("admin:comments_comment_moderate", args=[comment.pk])
    assert client.post(moderate, {"moderate": "approve"}).status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_readers_are_kept_out_of_the_admin(client):
    client.force_login(UserFactory(username="plain"))
    assert client.get(reverse(QUEUE)).status_code == 302


def test_a_bulk_action_records_the_reason_typed_next_to_it(moderator_client, moderator):
    comments = CommentFactory.create_batch(3)
    moderator_client.post(
        reverse(QUEUE),
        {
            "action": "remove_comments",
            "_selected_action": [c.pk for c in comments],
            "reason": "off-topic flame war",
        },
    )
    entries = ModerationAction.objects.filter(action=Action.REMOVE)
    assert entries.count() == 3
    assert {(e.actor, e.reason) for e in entries} == {(moderator, "off-topic flame war")}


def test_an_admin_action_over_1000_comments_reads_as_many_queries_as_over_10(moderator_client):
    """Select all (across pages) in a filtered queue, approve: not one query per comment."""
    few_post, many_post = PostFactory(), PostFactory()
    many_comments(few_post, 10, Status.PENDING)
    many_comments(many_post, 1000, Status.PENDING)

    def approve_all(post):
        with CaptureQueriesContext(connection) as queries:
            response = moderator_client.post(
                reverse(QUEUE) + f"?post__id__exact={post.pk}",
                {
                    "action": "approve_comments",
                    "select_across": "1",
                    "index": "0",
                    "_selected_action": [Comment.objects.filter(post=post).first().pk],
                },
            )
        assert response.status_code == 302
        return len(queries.captured_queries)

    assert approve_all(few_post) == approve_all(many_post)
    assert not Comment.objects.filter(status=Status.PENDING).exists()


# A comment's page


def test_a_comments_page_shows_the_thread_the_people_the_reports_and_the_history(
    moderator_client, moderator
):
    person = UserFactory(username="behind", email="behind@example.org")
    post = PostFactory(title="On bridges")
    grandparent = CommentFactory(post=post, body="GRANDPARENT words")
    parent = CommentFactory(post=post, parent=grandparent, body="PARENT words")
    comment = CommentFactory(
        post=post,
        parent=parent,
        identity=identity_of(person),
        body="THE comment",
        ip_address="198.51.100.4",
    )
    CommentFactory(post=post, parent=comment, body="CHILD words")
    report_comment(comment=comment, reporter=UserFactory(), reason="abuse", note="NOTE: mean")
    moderation.remove([comment], by=moderator, reason="REASON: rude")

    html = moderator_client.get(change_url(comment)).content.decode()
    for expected in [
        "On bridges",
        "GRANDPARENT words",
        "PARENT words",
        "THE comment",
        "CHILD words",
        identity_of(person).name,
        "behind@example.org",
        "198.51.100.4",
        "Abuse or harassment",
        "NOTE: mean",
        "Removed",
        "REASON: rude",
        "mod",
        f"?account={person.pk}",
    ]:
        assert expected in html, expected
    assert 'name="_save"' not in html  # read-only: it changes through the buttons


def test_the_buttons_on_a_comments_page_moderate_it(moderator_client, moderator):
    comment = CommentFactory(status=Status.PENDING)
    moderate = reverse("admin:comments_comment_moderate", args=[comment.pk])
    response = moderator_client.post(moderate, {"moderate": "approve", "reason": "fine"})
    assert response.status_code == 302 and response["Location"] == change_url(comment)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert comment.moderation_log.get().reason == "fine"
    assert moderator_client.post(moderate, {"moderate": "delete"}).status_code == 403
    assert moderator_client.get(moderate).status_code == 403


def test_a_comment_cannot_be_changed_or_deleted_through_the_admin_forms(moderator_client):
    comment = CommentFactory(body="original")
    response = moderator_client.post(change_url(comment), {"body": "tampered", "status": "spam"})
    assert response.status_code == 403
    delete = reverse("admin:comments_comment_delete", args=[comment.pk])
    assert moderator_client.post(delete, {"post": "yes"}).status_code == 403
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("original", Status.APPROVED)


# Suspending from the queue


def test_the_suspend_action_asks_for_a_reason_then_suspends_and_can_hide_comments(
    moderator_client, moderator
):
    person = UserFactory(username="troll", email="troll@example.org")
    comments = [CommentFactory(identity=identity_of(person)) for _ in range(2)]
    data = {"action": "suspend", "_selected_action": [comments[0].pk]}

    page = moderator_client.post(reverse(QUEUE), data)
    html = page.content.decode()
    assert page.status_code == 200 and "troll@example.org" in html and 'name="reason"' in html

    missing = moderator_client.post(reverse(QUEUE), {**data, "confirm": "yes"})
    assert "This field is required" in missing.content.decode()
    assert not Suspension.objects.exists()

    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    done = moderator_client.post(
        reverse(QUEUE),
        {
            **data,
            "confirm": "yes",
            "reason": "Trolling",
            "ends_at_0": tomorrow.strftime("%Y-%m-%d"),
            "ends_at_1": tomorrow.strftime("%H:%M:%S"),
            "remove_comments": "identity",
        },
    )
    assert done.status_code == 302
    suspension = Suspension.objects.get()
    assert (suspension.account, suspension.reason, suspension.created_by) == (
        person,
        "Trolling",
        moderator,
    )
    assert suspension.ends_at is not None
    assert all(
        c.status == Status.REMOVED for c in Comment.objects.filter(pk__in=[c.pk for c in comments])
    )


def test_suspending_guests_only_says_there_is_nobody_to_suspend(moderator_client):
    guest_comment = CommentFactory(identity=IdentityFactory(email="g@example.org"))
    response = moderator_client.post(
        reverse(QUEUE), {"action": "suspend", "_selected_action": [guest_comment.pk]}, follow=True
    )
    assert "has an account behind it" in response.content.decode()


def test_suspensions_are_added_and_lifted_in_their_own_admin(moderator_client, moderator):
    person = UserFactory(username="loud")
    comment = CommentFactory(identity=identity_of(person))
    response = moderator_client.post(
        reverse("admin:comments_suspension_add"),
        {"account": person.pk, "reason": "Shouting", "remove_comments": "account"},
    )
    assert response.status_code == 302
    suspension = Suspension.objects.get()
    assert suspension.created_by == moderator
    assert ModerationAction.objects.filter(account=person, action=Action.SUSPEND).exists()
    comment.refresh_from_db()
    assert comment.status == Status.REMOVED

    listing = moderator_client.get(reverse("admin:comments_suspension_changelist"))
    assert "Shouting" in listing.content.decode()
    moderator_client.post(
        reverse("admin:comments_suspension_changelist"),
        {"action": "lift", "_selected_action": [suspension.pk]},
    )
    suspension.refresh_from_db()
    assert suspension.lifted_at is not None
    assert Suspension.objects.active().of(person) is None


# Discussion settings


def test_the_discussion_settings_are_one_row_edited_in_place(admin_client):
    row = DiscussionSettings.load()
    listing = admin_client.get(reverse("admin:comments_discussionsettings_changelist"))
    assert listing.status_code == 302
    assert listing["Location"] == reverse("admin:comments_discussionsettings_change", args=[row.pk])
    assert admin_client.get(reverse("admin:comments_discussionsettings_add")).status_code == 403
    delete = reverse("admin:comments_discussionsettings_delete", args=[row.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert DiscussionSettings.objects.count() == 1


def settings_form(**changes):
    data = {
        "hold_first_comment": "on",
        "max_links": "2",
        "blocked_words": "",
        "blocked_words_action": "hold",
        "close_after_days": "",
        "report_threshold": "3",
    }
    data.update(changes)
    return data


def test_the_settings_form_refuses_patterns_that_could_hang_the_site(admin_client):
    url = reverse("admin:comments_discussionsettings_change", args=[DiscussionSettings.load().pk])
    response = admin_client.post(url, settings_form(blocked_words="casino\n/(a+)+$/\n/(.)\\1/"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "/(a+)+$/ — A repeat inside a repeat" in html and "/(.)\\1/ — Back-references" in html
    assert DiscussionSettings.load().blocked_words == ""

    response = admin_client.post(
        url, settings_form(blocked_words="casino\n/v[i1]agra/", close_after_days="30")
    )
    assert response.status_code == 302
    saved = DiscussionSettings.load()
    assert saved.blocked_words == "casino\n/v[i1]agra/" and saved.close_after_days == 30


def test_reports_and_the_history_have_read_only_lists(moderator_client, moderator):
    comment = CommentFactory(body="listed")
    report_comment(comment=comment, reporter=UserFactory(), reason="spam", note="ads")
    moderation.remove([comment], by=moderator, reason="ads")
    reports = moderator_client.get(reverse("admin:comments_report_changelist"))
    history = moderator_client.get(reverse("admin:comments_moderationaction_changelist"))
    assert reports.status_code == history.status_code == 200
    assert "ads" in reports.content.decode() and "Removed" in history.content.decode()
    report = Report.objects.get()
    page = moderator_client.get(reverse("admin:comments_report_change", args=[report.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
