"""import_wordpress on a hand-written WXR file (tests/porting/fixtures/site.xml)."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from blog.models import Category, Post
from comments import conf
from comments.models import Comment
from comments.treecheck import check_trees
from identities.models import Identity
from porting.models import LegacyPath, SourceRecord
from tests.factories import CommentFactory

from .conftest import FIXTURES, run

pytestmark = pytest.mark.django_db


def _tags(html):
    """HTML with the whitespace between tags dropped (it shows as nothing)."""
    return re.sub(r"\s+(?=<)|(?<=>)\s+", "", html)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Post, Comment, Identity, get_user_model(), SourceRecord, LegacyPath, Category)
    }


def test_posts_keep_their_state_and_nothing_unpublished_becomes_public(imported):
    states = {p.slug: (p.status, p.published_at is not None) for p in Post.objects.all()}
    assert states["falling-apples"] == ("published", True)
    assert states["next-year"] == ("published", True)  # scheduled: published in the future
    assert states["unfinished-thoughts"] == ("draft", False)
    assert states["members-only"] == ("draft", False)  # password-protected
    assert states["private-diary"] == ("draft", False)
    assert "thrown-away" not in "".join(states)  # trashed posts are not imported
    public = set(Post.objects.published().values_list("slug", flat=True))
    assert public == {"falling-apples", "deep-thread", "about"}


def test_the_report_says_what_happened_to_pages_password_posts_and_skipped_types(imported):
    assert "Pages became posts" in imported
    assert "posts scheduled: 1" in imported
    assert "password-protected posts kept as drafts: 1" in imported
    assert "skipped attachment: 1" in imported
    assert "skipped nav_menu_item: 1" in imported
    assert "pingbacks and trackbacks skipped: 2" in imported
    assert "redirects:" in imported


def test_pages_can_be_skipped(db, site_xml):
    out = run("import_wordpress", site_xml, "--skip-pages")
    assert "Pages were skipped" in out
    assert not Post.objects.filter(slug="about").exists()


def test_post_fields_taxonomy_and_author(imported):
    post = Post.objects.get(slug="falling-apples")
    assert post.title == "Falling apples"
    assert post.excerpt == "Apples & gravity."
    assert post.author.username == "editor"
    assert not post.author.has_usable_password()
    assert {c.slug for c in post.categories.all()} == {"physics"}
    assert Category.objects.get(slug="physics").parent.slug == "science"
    assert set(post.tags.names()) == {"gravity", "Newton"}
    assert not Post.objects.get(slug="deep-thread").comments_open


def test_post_html_is_paragraphed_sanitised_and_shortcodes_stay_visible(imported):
    post = Post.objects.get(slug="falling-apples")
    assert "<p>Why do apples <strong>fall</strong>?<br>" in post.body_html
    assert '[gallery ids="5,6"]' in post.body_html
    assert "<script" not in post.body_html
    assert "javascript:" not in post.body_html
    assert 'href="https://example.org/"' in post.body_html


def test_authors_become_accounts_without_usable_passwords(imported):
    marta = get_user_model().objects.get(username="marta")
    assert marta.email == "marta@example.net"
    assert not marta.has_usable_password()


def test_comment_statuses_map_to_ours(imported):
    status = dict(Comment.objects.values_list("pk", "status"))
    assert status[881] == "approved"
    assert status[885] == "pending"
    assert status[886] == "spam"
    assert status[887] == "removed"


def test_comments_keep_their_wordpress_ids_dates_and_thread(imported):
    reply = Comment.objects.get(pk=883)
    assert reply.parent_id == 882
    assert reply.parent.parent_id == 881
    assert reply.created_at.isoformat() == "2017-05-07T13:00:00+00:00"
    roots = Comment.objects.filter(post__slug="falling-apples", parent=None).order_by("tree_id")
    assert list(roots.values_list("pk", flat=True)) == [881, 884, 886, 887, 890]
    assert check_trees().ok


def test_replies_deeper_than_our_depth_attach_at_the_deepest_level(imported):
    deep = Comment.objects.filter(post__slug="deep-thread").order_by("tree_id", "lft")
    assert max(c.level for c in deep) == conf.get("COMMENTS_MAX_DEPTH") - 1 == 7
    capped = [c for c in deep if c.pk >= 908]
    assert {c.parent_id for c in capped} == {907}
    assert [c.pk for c in capped] == [908, 909, 910, 911, 912]  # in the order they were written
    assert check_trees().ok


def test_a_registered_commenter_with_two_names_is_one_account_with_two_identities(imported):
    first, second = Comment.objects.get(pk=881), Comment.objects.get(pk=882)
    assert first.identity.name == "Marta"
    assert second.identity.name == "Night Owl"
    assert first.identity.user_id == second.identity.user_id
    assert first.identity.user.username == "marta"


def test_guests_get_one_identity_per_name_and_address(imported):
    sam_one = Comment.objects.get(pk=883).identity
    assert Comment.objects.get(pk=885).identity == sam_one  # same address, other case
    sam_two = Comment.objects.get(pk=884).identity
    assert sam_two != sam_one
    assert sam_one.user is None and sam_two.user is None
    assert sam_one.name == "Sam"
    assert sam_two.name == "Sam 2"  # the name is taken: numbered, never refused
    assert sam_one.email == "sam@one.example"


def test_pingbacks_and_trackbacks_are_not_comments(imported, client):
    assert not Comment.objects.filter(pk__in=[888, 889]).exists()
    page = client.get(Post.objects.get(slug="falling-apples").get_absolute_url())
    assert "Other Blog" not in page.content.decode()


def test_comment_html_is_shown_as_wordpress_showed_it_and_nothing_active_survives(imported, client):
    comment = Comment.objects.get(pk=881)
    html = comment.body_html
    assert "<p>First!<br>" in html
    assert "<em>Really</em>, <em>truly</em>" in html
    assert 'rel="nofollow ugc noopener"' in html
    assert "<blockquote><p>Gravity is a habit.</p></blockquote>" in html
    assert "<li>one</li>" in html
    assert "<code>g = 9.81</code>" in html
    for active in ("<script", "onclick", "onerror", "<img"):
        assert active not in html
    page = client.get(comment.post.get_absolute_url()).content.decode()
    assert "<blockquote><p>Gravity is a habit.</p></blockquote>" in page
    assert "sam@one.example" not in page  # guests' addresses stay private


def test_saving_an_imported_comment_again_keeps_what_it_shows(imported):
    comment = Comment.objects.get(pk=881)
    shown = comment.body_html
    comment.save()  # e.g. a moderator edits it in the admin: body (Markdown) is rendered again
    comment.refresh_from_db()
    assert _tags(comment.body_html) == _tags(shown)


def test_a_comment_whose_parent_is_missing_is_attached_to_the_post_and_reported(imported):
    lost = Comment.objects.get(pk=890)
    assert lost.parent is None
    assert "parent 777 is not in the file" in imported


def test_a_second_import_adds_and_changes_nothing(imported, site_xml):
    before = counts()
    versions = dict(Post.objects.values_list("pk", "discussion_version"))
    out = run("import_wordpress", site_xml)
    assert counts() == before
    assert dict(Post.objects.values_list("pk", "discussion_version")) == versions
    assert "comments already imported: 20" in out


def test_a_newer_export_adds_only_what_is_new(imported, site_xml, tmp_path):
    new_comments = """
    <wp:comment><wp:comment_id>895</wp:comment_id><wp:comment_author>Sam</wp:comment_author>
    <wp:comment_author_email>sam@one.example</wp:comment_author_email>
    <wp:comment_date_gmt>2017-06-01 08:00:00</wp:comment_date_gmt>
    <wp:comment_content>A late reply.</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
    <wp:comment_type>comment</wp:comment_type><wp:comment_parent>883</wp:comment_parent>
    <wp:comment_user_id>0</wp:comment_user_id></wp:comment>
    <wp:comment><wp:comment_id>896</wp:comment_id><wp:comment_author>Sam</wp:comment_author>
    <wp:comment_author_email>sam@one.example</wp:comment_author_email>
    <wp:comment_date_gmt>2017-06-01 09:00:00</wp:comment_date_gmt>
    <wp:comment_content>A reply to the late reply.</wp:comment_content>
    <wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
    <wp:comment_parent>895</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id>
    </wp:comment>
    <wp:comment><wp:comment_id>897</wp:comment_id><wp:comment_author>Newcomer</wp:comment_author>
    <wp:comment_author_email>new@example.org</wp:comment_author_email>
    <wp:comment_date_gmt>2017-06-02 09:00:00</wp:comment_date_gmt>
    <wp:comment_content>A new thread.</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
    <wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent>
    <wp:comment_user_id>0</wp:comment_user_id></wp:comment>
    """
    text = site_xml.read_text()
    marker = "<!-- Reply to a comment that is not in the file: attached to the post. -->"
    newer = tmp_path / "newer.xml"
    newer.write_text(text.replace(marker, new_comments + marker))
    before = counts()
    version = Post.objects.get(slug="falling-apples").discussion_version
    run("import_wordpress", newer)
    after = counts()
    assert after["Comment"] == before["Comment"] + 3
    assert after["Identity"] == before["Identity"] + 1  # Newcomer; Sam is known
    assert Comment.objects.get(pk=895).parent_id == 883
    assert Comment.objects.get(pk=896).parent_id == 895
    assert Comment.objects.get(pk=897).parent is None
    assert Post.objects.get(slug="falling-apples").discussion_version > version
    assert check_trees().ok


def test_comment_ids_already_taken_get_new_ones_and_are_remembered(db, site_xml):
    other = CommentFactory(pk=881)
    run("import_wordpress", site_xml)
    assert Comment.objects.get(pk=881) == other
    record = SourceRecord.objects.get(source="wordpress", kind="comment", source_id="881")
    imported = Comment.objects.get(pk=record.object_id)
    assert imported.identity.name == "Marta"
    assert Comment.objects.get(pk=882).parent == imported
    assert check_trees().ok


def test_new_comments_after_an_import_get_fresh_ids(imported):
    later = CommentFactory(post=Post.objects.get(slug="falling-apples"))
    assert later.pk > 912


def test_a_dry_run_writes_nothing(db, site_xml, media_root):
    before = counts()
    out = run("import_wordpress", site_xml, "--dry-run")
    assert counts() == before
    assert "Dry run, nothing written" in out
    assert "comments approved: 17" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("<html><body>Hello</body></html>", "not a WordPress export"),
        ("<rss><channel><title>x</title></channel></rss>", "not a WordPress export"),
        (
            '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">]><rss>&a;</rss>',
            "DTD",
        ),
    ],
)
def test_files_that_are_not_wordpress_exports_are_refused_clearly(db, tmp_path, content, message):
    bad = tmp_path / "bad.xml"
    bad.write_text(content)
    with pytest.raises(CommandError, match=message):
        run("import_wordpress", bad)
    assert Post.objects.count() == 0


def test_a_truncated_file_imports_nothing(db, site_xml, tmp_path):
    text = site_xml.read_text()
    cut = tmp_path / "cut.xml"
    cut.write_text(text[: text.index("Deep thread") + 200])
    with pytest.raises(CommandError, match="not well-formed XML"):
        run("import_wordpress", cut)
    assert Post.objects.count() == 0
    assert Comment.objects.count() == 0


def test_an_unknown_comment_status_is_refused_before_anything_is_written(db, site_xml, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text(site_xml.read_text().replace("<![CDATA[trash]]>", "<![CDATA[shredded]]>", 1))
    with pytest.raises(CommandError, match='comment 887 on post 101 has the status "shredded"'):
        run("import_wordpress", bad)
    assert Post.objects.count() == 0


def test_absurd_sizes_are_refused(db, site_xml, monkeypatch):
    monkeypatch.setattr("porting.wxr.MAX_COMMENT_TEXT", 10)
    with pytest.raises(CommandError, match="the limit is 1 MB"):
        run("import_wordpress", site_xml)
    assert Post.objects.count() == 0


def test_a_missing_file_is_a_clear_error(db):
    with pytest.raises(CommandError, match="no such file"):
        run("import_wordpress", FIXTURES / "nope.xml")


def test_imported_names_that_break_our_rules_are_made_acceptable(db, site_xml, tmp_path):
    text = site_xml.read_text().replace("<![CDATA[Troll]]>", "<![CDATA[Admin]]>")
    text = text.replace("<![CDATA[Cheap Pills]]>", "<![CDATA[?]]>")
    changed = tmp_path / "names.xml"
    changed.write_text(text)
    run("import_wordpress", changed)
    assert Comment.objects.get(pk=887).identity.name == "Admin (imported)"
    assert Comment.objects.get(pk=886).identity.name == "Guest"


def test_a_discussion_is_written_in_a_bounded_number_of_queries(
    db, tmp_path, django_assert_max_num_queries
):
    """Not one insert per comment: 300 comments of one post go in a few dozen queries."""
    comments = "".join(
        f"<wp:comment><wp:comment_id>{n}</wp:comment_id><wp:comment_author>Guest {n % 3}"
        f"</wp:comment_author><wp:comment_author_email>g{n % 3}@example.org</wp:comment_author_email>"
        f"<wp:comment_date_gmt>2017-01-01 10:{n // 60:02d}:{n % 60:02d}</wp:comment_date_gmt>"
        f"<wp:comment_content>Comment {n}</wp:comment_content><wp:comment_approved>1"
        f"</wp:comment_approved><wp:comment_parent>{n - 1 if n % 4 else 0}</wp:comment_parent>"
        "</wp:comment>"
        for n in range(1, 301)
    )
    wxr = tmp_path / "many.xml"
    wxr.write_text(
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2'
        "</wp:wxr_version><item><title>Busy</title><wp:post_id>1</wp:post_id>"
        "<wp:post_date_gmt>2017-01-01 09:00:00</wp:post_date_gmt><wp:post_name>busy</wp:post_name>"
        f"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>{comments}</item>"
        "</channel></rss>"
    )
    with django_assert_max_num_queries(80):
        run("import_wordpress", wxr)
    assert Comment.objects.count() == 300
    assert check_trees().ok


def test_a_failing_write_keeps_nothing_of_that_post_and_says_how_to_go_on(
    db, site_xml, monkeypatch
):
    from django.db import IntegrityError

    def broken(*args, **kwargs):
        raise IntegrityError("disk on fire")

    monkeypatch.setattr(Comment.objects, "bulk_create", broken)
    with pytest.raises(CommandError, match=r"post 101 \('Falling apples'\) could not be written"):
        run("import_wordpress", site_xml)
    assert not Post.objects.filter(slug="falling-apples").exists()
    assert not SourceRecord.objects.filter(kind="post", source_id="101").exists()


def test_older_wxr_versions_import_the_same(db, site_xml, tmp_path):
    old = tmp_path / "wxr-1.0.xml"
    old.write_text(site_xml.read_text().replace("/export/1.2/", "/export/1.0/"))
    run("import_wordpress", old)
    assert Post.objects.count() == 7
    assert Comment.objects.count() == 20


def test_readers_cannot_link_the_two_names_of_one_imported_account(imported, client):
    """Marta commented as "Marta" and "Night Owl": nothing on the page ties them together."""
    marta, owl = Comment.objects.get(pk=881).identity, Comment.objects.get(pk=882).identity
    assert marta.avatar.name != owl.avatar.name
    page = client.get(Post.objects.get(slug="falling-apples").get_absolute_url())
    text = page.content.decode()
    assert "marta@example.net" not in text
    assert f"/{marta.user.username}" not in text
    assert marta.get_absolute_url() in text and owl.get_absolute_url() in text


def test_a_terminal_gets_a_progress_bar(db, site_xml):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    err = Terminal()
    call_command("import_wordpress", str(site_xml), stdout=io.StringIO(), stderr=err)
    assert "checked: 22 comments, nothing wrong." in err.getvalue()
    assert "[##############################] 22/22 comments" in err.getvalue()
