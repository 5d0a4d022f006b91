"""The account's "Identities" pages: create, rename, picture, bio, default, retire."""

import datetime

import pytest
from django.test import Client

from blog.models import Post
from identities import changes
from identities.models import Identity, IdentityNameChange
from tests.factories import CommentFactory, IdentityFactory, PostFactory, UserFactory
from tests.identities.pages import LIST, action, default_of, edit_url
from tests.identities.pictures import media_files, not_a_picture, picture

pytestmark = pytest.mark.django_db


# The list, and adding identities


def test_the_identities_page_needs_an_account(client):
    response = client.get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_lists_the_accounts_own_identities_only(user_client, user):
    IdentityFactory(user=user, name="Night Owl")
    IdentityFactory(user=UserFactory(username="someone"), name="Not Mine")
    html = user_client.get(LIST).content.decode()
    assert "reader" in html and "Night Owl" in html
    assert "Not Mine" not in html and "someone" not in html


def test_adding_an_identity_gives_it_a_generated_avatar(user_client, user):
    response = user_client.post(LIST, {"name": "Night Owl", "bio": "I read late."})
    assert response.status_code == 302
    owl = Identity.objects.get(name="Night Owl")
    assert owl.user == user and owl.bio == "I read late." and not owl.is_default
    assert owl.avatar.name.endswith("-96.png") and not owl.has_uploaded_avatar
    assert "You can now comment as Night Owl." in user_client.get(LIST).content.decode()


def test_adding_an_identity_with_an_uploaded_picture(user_client, media_root):
    response = user_client.post(LIST, {"name": "Night Owl", "avatar": picture("JPEG")})
    assert response.status_code == 302
    owl = Identity.objects.get(name="Night Owl")
    assert owl.has_uploaded_avatar
    token = owl.avatar.name.split("/")[1].removesuffix("-96.webp")
    assert {f"{token}-{size}.webp" for size in (48, 96, 192)} <= media_files(media_root)


def test_a_refused_name_keeps_what_was_typed(user_client):
    IdentityFactory(name="Wilson")
    before = Identity.objects.count()
    response = user_client.post(LIST, {"name": "wilson ", "bio": "KEEP-THIS-BIO"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "This name is taken. Choose another." in html
    assert 'value="wilson "' in html or 'value="wilson"' in html
    assert "KEEP-THIS-BIO" in html
    assert Identity.objects.count() == before


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("A", "at least 2 characters"),
        ("x" * 61, "60 characters; this one has 61"),
        ("Moderator", "This name is reserved"),
        ("P\u0430ypal", "mixes Cyrillic and Latin letters"),
    ],
)
def test_each_name_rule_has_its_own_message(user_client, name, message):
    response = user_client.post(LIST, {"name": name})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Identity.objects.filter(name=name).exists()


def test_a_hostile_picture_stores_no_identity_and_no_file(user_client, media_root):
    before = media_files(media_root)
    response = user_client.post(LIST, {"name": "Night Owl", "avatar": not_a_picture()})
    assert response.status_code == 400
    assert "web page code" in response.content.decode()
    assert not Identity.objects.filter(name="Night Owl").exists()
    assert media_files(media_root) == before


def test_an_account_holds_at_most_the_configured_number_of_identities(user_client, user, settings):
    settings.COMMENTS_MAX_IDENTITIES = 2
    assert user_client.post(LIST, {"name": "Second"}).status_code == 302
    html = user_client.get(LIST).content.decode()
    assert "the most allowed" in html and 'name="name"' not in html
    response = user_client.post(LIST, {"name": "Third"})
    assert response.status_code == 400
    assert "You already hold 2 identities, the most allowed." in response.content.decode()
    assert Identity.objects.filter(user=user).count() == 2


def test_retired_identities_do_not_count_towards_the_limit(user_client, user, settings):
    settings.COMMENTS_MAX_IDENTITIES = 2
    second = IdentityFactory(user=user, name="Second")
    changes.retire_identity(identity=second)
    assert user_client.post(LIST, {"name": "Third"}).status_code == 302


def test_the_write_path_enforces_the_limit_too(user, settings):
    settings.COMMENTS_MAX_IDENTITIES = 1
    with pytest.raises(changes.ValidationError):
        changes.create_identity(user=user, name="Sneaky")


def test_an_account_without_identities_gets_a_default_with_its_first(client):
    bare = UserFactory(username="bare", with_identity=False)
    client.force_login(bare)
    client.post(LIST, {"name": "First Light"})
    assert default_of(bare).name == "First Light"


# Renaming


def test_renaming_keeps_the_old_name_on_the_public_page(user_client, user):
    me = default_of(user)
    response = user_client.post(action(me, "rename"), {"name": "Evening Reader"})
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.name == "Evening Reader" and me.renamed_at is not None
    assert list(me.former_names.values_list("old_name", flat=True)) == ["reader"]
    html = Client().get(me.get_absolute_url()).content.decode()
    assert "Evening Reader" in html and "Formerly known as" in html and ">reader<" in html


def test_renames_are_rate_limited(user_client, user, settings, time_machine):
    settings.COMMENTS_RENAME_INTERVAL_DAYS = 30
    time_machine.move_to(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC), tick=False)
    me = default_of(user)
    assert user_client.post(action(me, "rename"), {"name": "First Rename"}).status_code == 302

    time_machine.move_to(datetime.datetime(2026, 3, 20, 12, tzinfo=datetime.UTC), tick=False)
    response = user_client.post(action(me, "rename"), {"name": "Dodging Again"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "once every 30 days" in html and "March 31, 2026" in html
    assert 'value="Dodging Again"' in html
    me.refresh_from_db()
    assert me.name == "First Rename"

    time_machine.move_to(datetime.datetime(2026, 4, 1, 12, tzinfo=datetime.UTC), tick=False)
    assert user_client.post(action(me, "rename"), {"name": "Dodging Again"}).status_code == 302
    me.refresh_from_db()
    assert me.name == "Dodging Again"
    assert list(me.former_names.values_list("old_name", flat=True)) == ["First Rename", "reader"]


def test_changing_only_case_or_spacing_is_not_a_rename(user_client, user):
    me = default_of(user)
    changes.rename_identity(identity=me, name="Night Reader")
    me.refresh_from_db()
    response = user_client.post(action(me, "rename"), {"name": "night  reader"})
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.name == "night reader"
    assert me.former_names.count() == 1


def test_an_identity_may_not_rename_to_a_taken_name(user_client, user):
    IdentityFactory(name="Wilson")
    me = default_of(user)
    response = user_client.post(action(me, "rename"), {"name": "WILSON"})
    assert response.status_code == 400
    assert "This name is taken" in response.content.decode()
    assert not IdentityNameChange.objects.exists()


def test_a_rename_refreshes_the_cached_threads_it_appears_in(user):
    me = default_of(user)
    spoken, untouched = PostFactory(), PostFactory()
    CommentFactory(post=spoken, identity=me)
    CommentFactory(post=spoken, identity=me)
    CommentFactory(post=untouched)
    changes.rename_identity(identity=me, name="Renamed")
    assert Post.objects.get(pk=spoken.pk).discussion_version == spoken.discussion_version + 1
    assert Post.objects.get(pk=untouched.pk).discussion_version == untouched.discussion_version


def test_renaming_an_articles_byline_gives_its_page_a_new_etag(client):
    """The byline is printed on the article page, outside the cached thread: a browser holding
    the page must not be told it is unchanged (304) after the signing identity's rename."""
    post = PostFactory()
    byline = post.byline_identity
    first = client.get(post.get_absolute_url())
    again = client.get(post.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    changes.rename_identity(identity=byline, name="A New Pen Name")
    after = client.get(post.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert "By A New Pen Name" in after.content.decode()


# Picture


def test_uploading_a_picture_replaces_the_old_files(
    user_client, user, media_root, django_capture_on_commit_callbacks
):
    me = default_of(user)
    post = PostFactory()
    CommentFactory(post=post, identity=me)
    old = me.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        response = user_client.post(action(me, "avatar"), {"avatar": picture("WEBP")})
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.has_uploaded_avatar and me.avatar.name != old
    files = media_files(media_root)
    old_token, new_token = (n.split("/")[1].split("-")[0] for n in (old, me.avatar.name))
    assert not any(f.startswith(old_token) for f in files)
    assert {f for f in files if f.startswith(new_token)} == {
        f"{new_token}-{size}.webp" for size in (48, 96, 192)
    }
    assert Post.objects.get(pk=post.pk).discussion_version == post.discussion_version + 1


def test_a_refused_picture_changes_nothing(user_client, user, media_root):
    me = default_of(user)
    before = media_files(media_root)
    response = user_client.post(action(me, "avatar"), {"avatar": picture("BMP", name="sneaky.png")})
    assert response.status_code == 400
    assert "BMP files are not accepted" in response.content.decode()
    me.refresh_from_db()
    assert not me.has_uploaded_avatar and media_files(media_root) == before


def test_posting_no_file_says_so(user_client, user):
    response = user_client.post(action(default_of(user), "avatar"), {})
    assert response.status_code == 400
    assert "Choose a picture to upload." in response.content.decode()


def test_going_back_to_a_generated_picture(
    user_client, user, media_root, django_capture_on_commit_callbacks
):
    me = default_of(user)
    changes.set_avatar(identity=me, avatar=_crops())
    me.refresh_from_db()
    assert "Use a generated picture instead" in user_client.get(edit_url(me)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert user_client.post(action(me, "avatar_reset")).status_code == 302
    me.refresh_from_db()
    assert not me.has_uploaded_avatar
    assert {f for f in media_files(media_root) if f.endswith(".webp")} == set()


def _crops():
    from identities.avatars import prepare_upload

    return prepare_upload(picture())


# Bio


def test_the_bio_is_plain_text(user_client, user):
    me = default_of(user)
    bio = "I like <b>bold</b> claims.\r\nSecond line."
    assert user_client.post(action(me, "bio"), {"bio": bio}).status_code == 302
    me.refresh_from_db()
    assert me.bio == "I like <b>bold</b> claims.\nSecond line."
    html = Client().get(me.get_absolute_url()).content.decode()
    assert "I like &lt;b&gt;bold&lt;/b&gt; claims.<br>Second line." in html


def test_the_bio_is_limited_to_300_characters(user_client, user):
    me = default_of(user)
    text = "x" * 297 + "\r\nEND"  # 302 characters as sent, 301 as stored
    response = user_client.post(action(me, "bio"), {"bio": text})
    assert response.status_code == 400
    assert "Keep it to 300 characters; this has 301." in response.content.decode()
    assert "x" * 297 in response.content.decode()
    fits = "y" * 298 + "\r\nZ"  # 300 once the line break is one character
    assert user_client.post(action(me, "bio"), {"bio": fits}).status_code == 302
