"""Readers cannot link two identities of one account: each channel tried as an attacker, another
commenter or a moderator would, through the views (docs/security.md, "Identity threat model")."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, DiscussionSettings
from identities import avatars, changes
from identities.models import Identity
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory
from tests.identities.pictures import media_files

pytestmark = pytest.mark.django_db

IDENTITIES = reverse("identities:identity_list")


def post_comment(client, post, identity, body, parent=None):
    data = {"body": body, "identity": identity.pk}
    if parent is not None:
        data["parent"] = parent.pk
    return client.post(reverse("comments:post", args=[post.pk]), data)


def page(client, post):
    return client.get(post.get_absolute_url()).content.decode()


# Pictures (item 3)


def test_two_identities_never_share_a_generated_picture_because_they_share_an_owner(
    user_client, user
):
    """The default identity and a new one of the same account get unrelated pictures."""
    user_client.post(IDENTITIES, {"name": "Night Owl"})
    mine = Identity.objects.filter(user=user)
    pictures = set()
    for identity in mine:
        with default_storage.open(identity.avatar.name) as picture:
            pictures.add(picture.read())
    assert len(mine) == len(pictures) == 2


def test_resetting_an_avatar_draws_a_new_random_picture(user_client, user):
    identity = Identity.objects.get(user=user)
    before = identity.avatar.name
    url = reverse("identities:identity_avatar_reset", kwargs={"public_id": identity.public_id})
    user_client.post(url)
    identity.refresh_from_db()
    assert identity.avatar.name != before and not identity.has_uploaded_avatar


# Avatar files on a name clash (item 14)


def test_sign_up_racing_for_a_name_leaves_no_account_and_no_avatar_file_behind(
    client, media_root, monkeypatch
):
    """Somebody takes the chosen name between the form's check and the insert: the form comes
    back with the message, and neither the account nor an orphan picture stays behind."""
    from identities import accounts as signup_forms
    from identities.names import check_rules

    IdentityFactory(name="pedal_pat")
    before = media_files(media_root)
    monkeypatch.setattr(signup_forms, "validate_name", check_rules)  # the check saw it free
    response = client.post(
        reverse("identities:signup"),
        {
            "username": "pat_signs_in",
            "name": "pedal_pat",
            "email": "pat@example.org",
            "password1": "a long pass-phrase 42",
            "password2": "a long pass-phrase 42",
        },
    )
    assert response.status_code == 400
    assert "pedal_pat" in response.content.decode()  # what was typed is kept
    assert not get_user_model().objects.filter(username="pat_signs_in").exists()
    assert media_files(media_root) == before


def test_a_clashing_new_identity_stores_no_file(user_client, media_root, monkeypatch):
    """The form's check passes, then the insert meets the unique name: the person reads that the
    name is taken and no picture is left behind."""
    from identities import names

    IdentityFactory(name="Taken Meanwhile")
    before = media_files(media_root)
    # Both checks (the form's and the write path's) pass, as they would a moment before the
    # other insert commits.
    monkeypatch.setattr(changes, "validate_name", lambda name, **kw: names.check_rules(name))
    monkeypatch.setattr(names, "validate_name", lambda name, **kw: names.check_rules(name))
    response = user_client.post(IDENTITIES, {"name": "Taken Meanwhile"})
    assert "This name is taken" in response.content.decode()
    assert media_files(media_root) == before


def test_an_identity_added_in_the_admin_gets_a_random_picture(media_root):
    """The admin's add form goes through the write path too (Identity.save() draws nothing)."""
    staff = UserFactory(username="root", is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(staff)
    before = media_files(media_root)
    response = admin.post(
        reverse("admin:identities_identity_add"),
        {
            "name": "Imported Voice",
            "bio": "",
            "email": "voice@example.org",
            "created_at_0": "2026-01-02",
            "created_at_1": "10:00:00",
            "former_names-TOTAL_FORMS": "0",
            "former_names-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    voice = Identity.objects.get(name="Imported Voice")
    token = voice.avatar.name.split("/")[1].removesuffix("-96.png")
    assert media_files(media_root) - before == {f"{token}-{size}.png" for size in avatars.SIZES}
    assert voice.avatar.name != avatars.identicon("voice@example.org")


# Holding the first comment (item 5)


def test_a_new_name_of_a_trusted_account_is_held_like_a_newcomers(user_client, user):
    """Another reader sees the same thing for the new name of an established account as for a
    stranger's first comment: nothing until a moderator approves it."""
    DiscussionSettings.objects.update(hold_first_comment=True)
    post = PostFactory()
    CommentFactory(post=post, identity=Identity.objects.get(user=user), body="Old and trusted")
    user_client.post(IDENTITIES, {"name": "Night Owl"})
    owl = Identity.objects.get(name="Night Owl")
    post_comment(user_client, post, owl, "Hello from a new name")
    assert Comment.objects.get(body="Hello from a new name").status == Comment.Status.PENDING
    stranger = Client()
    stranger.force_login(UserFactory(username="stranger"))
    for reader in (stranger, Client()):
        html = page(reader, post)
        assert "Hello from a new name" not in html and "Night Owl" not in html
    # The writer sees it, marked as waiting.
    mine = page(user_client, post)
    assert "Hello from a new name" in mine and "awaiting moderation" in mine


def test_the_migration_redraws_guest_pictures_drawn_from_an_address(media_root):
    """Pictures stored before the fix were drawn from the address: the data migration draws
    them again at random and deletes the old files; uploads stay."""
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migration = import_module("comments.migrations.0005_identity_trust")
    # The models as that migration saw them (Identity was still the comments app's then).
    apps = MigrationLoader(connection).project_state(("comments", "0005_identity_trust")).apps
    old = avatars.identicon("guest@example.org")
    guest = IdentityFactory(email="guest@example.org", avatar=old)
    member = IdentityFactory(user=UserFactory())
    kept = member.avatar.name
    migration.redraw_guest_identicons(apps, None)
    guest.refresh_from_db()
    member.refresh_from_db()
    assert guest.avatar.name != old and not default_storage.exists(old)
    assert default_storage.exists(guest.avatar.name) and member.avatar.name == kept


# The "Author" badge and the byline (item 2)

BADGE = '<span class="badge badge-author">Author</span>'


def comment_html(html, comment):
    """The markup of one comment's card (up to its footer)."""
    start = html.index(f'id="comment-{comment.pk}"')
    return html[start : html.index("</article>", start)]


@pytest.fixture
def author_with_two_names():
    """An author whose default identity signs the article, and a pseudonym of the same account;
    both commented on the article."""
    author = UserFactory(username="login_name_9", is_staff=True, is_superuser=True)
    byline = Identity.objects.get(user=author)
    changes.rename_identity(identity=byline, name="Pat Writes")
    pseudonym = IdentityFactory(user=author, name="Quiet Fox")
    post = PostFactory(author=author)
    return {
        "author": author,
        "post": post,
        "byline": byline,
        "pseudonym": pseudonym,
        "signed": CommentFactory(post=post, identity=byline, body="Thanks for reading"),
        "masked": CommentFactory(post=post, identity=pseudonym, body="Great article!"),
    }


def test_only_the_byline_identity_wears_the_author_badge(client, author_with_two_names):
    world = author_with_two_names
    post = world["post"]
    assert post.byline_identity == world["byline"]  # the default, chosen on save
    html = page(client, post)
    assert BADGE in comment_html(html, world["signed"])
    assert BADGE not in comment_html(html, world["masked"])
    assert 'by-author"' not in comment_html(html, world["masked"])
    assert "By Pat Writes" in html and "login_name_9" not in html
    home = client.get(reverse("blog:post_list")).content.decode()
    assert "By Pat Writes" in home and "login_name_9" not in home


def test_choosing_another_byline_in_the_admin_moves_the_badge_at_once(
    client, author_with_two_names
):
    world = author_with_two_names
    post = world["post"]
    page(client, post)  # cached as it was
    admin = Client()
    admin.force_login(world["author"])
    url = reverse("admin:blog_post_change", args=[post.pk])
    form = admin.get(url).content.decode()
    assert "Quiet Fox" in form and "Pat Writes" in form
    published = post.published_at.astimezone(timezone.get_current_timezone())
    response = admin.post(
        url,
        {
            "title": post.title,
            "slug": post.slug,
            "author": world["author"].pk,
            "byline_identity": world["pseudonym"].pk,
            "excerpt": post.excerpt,
            "body": post.body,
            "tags": "",
            "status": "published",
            "published_at_0": published.strftime("%Y-%m-%d"),
            "published_at_1": published.strftime("%H:%M:%S"),
            "comments_open": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    html = page(client, post)
    assert BADGE in comment_html(html, world["masked"])
    assert BADGE not in comment_html(html, world["signed"])
    assert "By Quiet Fox" in html and "Pat Writes" not in html.split('id="comments"')[0]


def test_the_admin_refuses_a_byline_of_another_account(author_with_two_names):
    world = author_with_two_names
    post = world["post"]
    stranger = IdentityFactory(user=UserFactory(), name="Someone Else")
    post.byline_identity = stranger
    with pytest.raises(ValidationError, match="one of the author's identities"):
        post.full_clean()
    # Saved anyway (a shell, an import): the author's default signs it, never another account.
    post.save()
    post.refresh_from_db()
    assert post.byline_identity == world["byline"]


def test_the_byline_stays_when_the_author_changes_their_default_identity(
    client, author_with_two_names
):
    """Following the default would rename the byline in public, tying the two names together."""
    world = author_with_two_names
    author_client = Client()
    author_client.force_login(world["author"])
    url = reverse("identities:identity_default", kwargs={"public_id": world["pseudonym"].public_id})
    author_client.post(url)
    world["pseudonym"].refresh_from_db()
    assert world["pseudonym"].is_default
    html = page(client, world["post"])
    assert "By Pat Writes" in html and BADGE in comment_html(html, world["signed"])
    assert BADGE not in comment_html(html, world["masked"])


def test_renaming_the_byline_identity_shows_on_the_article_at_once(
    client, author_with_two_names, settings
):
    settings.COMMENTS_RENAME_INTERVAL_DAYS = 0
    world = author_with_two_names
    post = world["post"]
    page(client, post)
    changes.rename_identity(identity=world["byline"], name="Pat Publishes")
    html = page(client, post)
    assert "By Pat Publishes" in html


# Suspending (item 6)

QUEUE = reverse("admin:comments_comment_changelist")


@pytest.fixture
def moderator():
    """A staff account in the "Moderators" group, not a superuser."""
    user = UserFactory(username="mod", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def two_faced(moderator):
    """An account commenting under two names on one article, and a signed-in moderator."""
    person = UserFactory(username="two_faced")
    post = PostFactory()
    mask = IdentityFactory(user=person, name="Masked Rider")
    moderator_client = Client()
    moderator_client.force_login(moderator)
    return {
        "post": post,
        "plain": CommentFactory(post=post, identity=person.identities.get(is_default=True)),
        "masked": CommentFactory(post=post, identity=mask, body="Masked words"),
        "moderator": moderator_client,
    }


def suspend_from_queue(world, **choice):
    data = {"action": "suspend", "_selected_action": [world["masked"].pk]}
    form = world["moderator"].post(QUEUE, data).content.decode()
    done = world["moderator"].post(QUEUE, {**data, "confirm": "yes", "reason": "Abuse", **choice})
    assert done.status_code == 302
    return form


def test_suspending_removes_only_the_comments_of_the_identity_acted_on(client, two_faced):
    """Readers see one name's comments go; the account's other name is untouched, so nothing
    ties the two together."""
    form = suspend_from_queue(two_faced, remove_comments="identity")
    assert "Remove the comments of Masked Rider only" in form
    assert "this links the identities publicly" in form
    html = page(client, two_faced["post"])
    assert "Masked words" not in html
    assert f'id="comment-{two_faced["plain"].pk}"' in html
    two_faced["plain"].refresh_from_db()
    assert two_faced["plain"].status == Comment.Status.APPROVED


def test_removing_every_identitys_comments_is_an_explicit_choice(client, two_faced):
    suspend_from_queue(two_faced, remove_comments="account")
    html = page(client, two_faced["post"])
    assert "Masked words" not in html and f'id="comment-{two_faced["plain"].pk}"' not in html


def test_by_default_suspending_removes_nothing(client, two_faced):
    form = suspend_from_queue(two_faced)
    assert 'value="keep" id="id_remove_comments_0" checked' in form
    assert form.count(" checked") == 1
    html = page(client, two_faced["post"])
    assert "Masked words" in html and f'id="comment-{two_faced["plain"].pk}"' in html
