"""Each comment's reaction count (`Comment.reaction_count`), kept by the reactions themselves in
the model layer: whatever stores or deletes a reaction (the views, the admin, a cascade, a shell)
moves it, nothing else writes it, and the page shows it."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from comments import reading
from comments.models import Comment, Reaction
from tests.factories import CommentFactory, PostFactory, ReactionFactory, UserFactory

pytestmark = pytest.mark.django_db


def count(comment):
    return Comment.objects.values_list("reaction_count", flat=True).get(pk=comment.pk)


def shown(client, comment):
    html = client.get(comment.post.get_absolute_url()).content.decode()
    part = html[html.index(f'id="comment-{comment.pk}"') :]
    part = part[: part.index("</form>")]
    found = re.search(r'class="reaction-count" data-count="(\d+)"', part)
    return int(found.group(1)) if found else 0


def test_reacting_and_taking_back_move_the_count_the_page_shows(user_client, client):
    comment = CommentFactory()
    url = reverse("comments:react", args=[comment.pk])
    user_client.post(url, {"do": "add"})
    user_client.post(url, {"do": "add"})  # again: nothing changes
    assert count(comment) == 1
    assert shown(client, comment) == 1
    user_client.post(url, {"do": "remove"})
    user_client.post(url, {"do": "remove"})
    assert count(comment) == 0
    assert shown(client, comment) == 0


def test_a_deleted_account_takes_its_reactions_from_the_counts(client):
    comment = CommentFactory()
    leaving, staying = UserFactory(), UserFactory()
    ReactionFactory(comment=comment, user=leaving)
    ReactionFactory(comment=comment, user=staying)
    assert count(comment) == 2
    leaving.delete()
    assert count(comment) == 1
    Reaction.objects.filter(user=staying).delete()  # a bulk delete, as the admin's action does
    assert count(comment) == 0
    assert shown(client, comment) == 0


def test_saving_a_comment_read_before_a_reaction_keeps_the_count():
    comment = CommentFactory()
    stale = Comment.objects.get(pk=comment.pk)
    ReactionFactory(comment=comment)
    stale.body = "Edited after the reaction"
    stale.save()
    assert count(comment) == 1
    assert Comment.objects.get(pk=comment.pk).body == "Edited after the reaction"


def test_a_bulk_insert_is_counted_again_on_request():
    comments = [CommentFactory(), CommentFactory()]
    users = [UserFactory() for _ in range(3)]
    Reaction.objects.bulk_create(Reaction(comment=comments[0], user=user) for user in users)
    assert count(comments[0]) == 0  # no signal
    assert Comment.objects.recount_reactions() == 2
    assert [count(comment) for comment in comments] == [3, 0]
    assert Comment.objects.reaction_counts() == [(comments[0].pk, comments[0].tree_id, 3)]


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_counts_the_reactions_already_there():
    comment, other = CommentFactory(), CommentFactory()
    for user in (UserFactory(), UserFactory()):
        ReactionFactory(comment=comment, user=user)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("comments", "0010_identities_move_to_their_app")])
        executor.loader.build_graph()
        executor.migrate([("comments", "0011_reaction_counts")])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert [count(comment), count(other)] == [2, 0]


def test_each_page_of_a_discussion_reads_the_counts_of_its_own_trees(client, settings):
    settings.COMMENTS_PER_PAGE = 2
    post = PostFactory()
    roots = [CommentFactory(post=post) for _ in range(5)]
    for root, reactions in zip(roots, (1, 0, 2, 0, 3), strict=True):
        for _ in range(reactions):
            ReactionFactory(comment=root)
    url = post.get_absolute_url()
    for page, shown in ((1, {0: 1, 1: 0}), (2, {2: 2, 3: 0}), (3, {4: 3})):
        html = client.get(url, {"cpage": page}).content.decode()
        for place, expected in shown.items():
            part = html[html.index(f'id="comment-{roots[place].pk}"') :]
            part = part[: part.index("</form>")]
            found = re.search(r'class="reaction-count" data-count="(\d+)"', part)
            assert (int(found.group(1)) if found else 0) == expected
    page_two = (roots[2].tree_id, roots[3].tree_id)
    assert reading.counts(post, page_two) == [(roots[2].pk, roots[2].tree_id, 2)]
