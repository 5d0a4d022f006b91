"""import_disqus on a hand-written Disqus export, after the WordPress posts were imported."""

import pytest
from django.core.management import CommandError

from blog.models import Post
from comments.models import Comment
from comments.treecheck import check_trees
from porting.models import SourceRecord

from .conftest import FIXTURES, run

pytestmark = pytest.mark.django_db
DISQUS = FIXTURES / "disqus.xml"


def disqus_comment(dsq_id) -> Comment:
    pk = SourceRecord.objects.get(source="disqus", kind="comment", source_id=dsq_id).object_id
    return Comment.objects.select_related("identity__user", "post").get(pk=pk)


def test_threads_match_posts_by_identifier_or_address(imported):
    out = run("import_disqus", DISQUS)
    assert disqus_comment("7001").post.slug == "falling-apples"  # by identifier
    assert disqus_comment("7004").post.slug == "deep-thread"  # by old permalink
    assert "threads without a post: 1" in out
    assert "skipped comments: 1" in out


def test_nesting_statuses_and_authors(imported):
    run("import_disqus", DISQUS)
    first, reply, again = (disqus_comment(i) for i in ("7001", "7002", "7003"))
    assert reply.parent == first
    assert again.parent == reply
    assert first.identity.user is not None  # registered Disqus user: an account…
    assert again.identity.user == first.identity.user  # …with one identity per name
    assert {first.identity.name, again.identity.name} == {"Rita", "R. the Reader"}
    assert not first.identity.user.has_usable_password()
    assert reply.identity.user is None  # anonymous: a guest identity
    assert reply.identity.email == "anon@example.org"
    assert disqus_comment("7004").status == "removed"
    assert disqus_comment("7005").status == "spam"
    assert disqus_comment("7007").parent == disqus_comment("7004")
    assert 'rel="nofollow ugc noopener"' in first.body_html
    assert "onclick" not in first.body_html
    assert check_trees().ok


def test_a_second_disqus_import_adds_nothing(imported):
    run("import_disqus", DISQUS)
    count = Comment.objects.count()
    versions = dict(Post.objects.values_list("pk", "discussion_version"))
    run("import_disqus", DISQUS)
    assert Comment.objects.count() == count
    assert dict(Post.objects.values_list("pk", "discussion_version")) == versions


def test_disqus_comments_show_on_the_post(imported, client):
    run("import_disqus", DISQUS)
    page = client.get(Post.objects.get(slug="falling-apples").get_absolute_url())
    assert "Disqus says hi." in page.content.decode()
    assert "rita@example.org" not in page.content.decode()


def test_a_wordpress_file_is_not_a_disqus_export(imported, site_xml):
    with pytest.raises(CommandError, match="not a Disqus export"):
        run("import_disqus", site_xml)


def test_a_truncated_disqus_file_imports_nothing(imported, tmp_path):
    cut = tmp_path / "cut.xml"
    cut.write_text(DISQUS.read_text()[:3000])
    count = Comment.objects.count()
    with pytest.raises(CommandError, match="not well-formed"):
        run("import_disqus", cut)
    assert Comment.objects.count() == count


def test_a_disqus_dry_run_writes_nothing(imported):
    count = Comment.objects.count()
    out = run("import_disqus", DISQUS, "--dry-run")
    assert "comments approved: 5" in out
    assert Comment.objects.count() == count


def test_comments_disqus_copied_from_wordpress_are_not_imported_twice(imported):
    """The Disqus plugin copies WordPress comments into Disqus (`<id>wp_id=883</id>`)."""
    before = Comment.objects.count()
    out = run("import_disqus", DISQUS)
    assert "comments already imported: 1" in out
    reply = disqus_comment("7009")
    assert reply.parent_id == 883  # the WordPress comment, imported earlier
    assert Comment.objects.count() == before + 7  # 7001-7005, 7007, 7009
    assert check_trees().ok
