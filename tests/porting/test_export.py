"""export_wordpress writes WXR 1.2; importing it into an empty site gives the same site."""

import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from taggit.models import Tag

from blog.models import Category, Post
from comments.models import Comment, TreeIdCounter
from comments.treecheck import check_trees
from identities.models import Identity
from porting.models import LegacyPath, SourceRecord

from .conftest import run

pytestmark = pytest.mark.django_db

WP = "{http://wordpress.org/export/1.2/}"


def export() -> str:
    out = io.StringIO()
    call_command("export_wordpress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _tags(html):
    """HTML with the whitespace between tags dropped (it shows as nothing)."""
    return re.sub(r"\s+(?=<)|(?<=>)\s+", "", html)


def snapshot():
    posts = {}
    for p in Post.objects.all():
        posts[p.slug] = (
            p.title,
            p.status,
            p.published_at,
            _tags(p.body_html),
            p.excerpt,
            p.comments_open,
            p.author.username,
            sorted(p.categories.values_list("slug", flat=True)),
            sorted(p.tags.names()),
        )
    trees = {}
    for slug in posts:
        rows = Comment.objects.filter(post__slug=slug).order_by("tree_id", "lft")
        trees[slug] = [
            (
                c.pk,
                c.parent_id,
                c.level,
                c.lft,
                c.rght,
                c.status,
                c.created_at,
                c.identity.name,
                c.identity.user.username if c.identity.user else None,
                _tags(c.body_html),
            )
            for c in rows.select_related("identity__user")
        ]
    return posts, trees


def empty_the_site():
    Comment.objects.all().delete()
    Post.objects.all().delete()
    Identity.objects.all().delete()
    get_user_model().objects.all().delete()
    Category.objects.all().delete()
    Tag.objects.all().delete()
    SourceRecord.objects.all().delete()
    LegacyPath.objects.all().delete()
    TreeIdCounter.objects.all().delete()


def test_the_export_is_wxr_with_posts_authors_terms_and_threaded_comments(imported):
    text = export()
    root = ET.fromstring(text.encode())
    channel = root.find("channel")
    assert channel.find(f"{WP}wxr_version").text == "1.2"
    logins = {a.find(f"{WP}author_login").text for a in channel.iter(f"{WP}author")}
    assert {"editor", "marta"} <= logins
    assert {c.find(f"{WP}category_nicename").text for c in channel.iter(f"{WP}category")} == {
        "science",
        "physics",
    }
    items = {i.find(f"{WP}post_name").text: i for i in channel.iter("item")}
    assert items["falling-apples"].find(f"{WP}status").text == "publish"
    assert items["next-year"].find(f"{WP}status").text == "future"
    assert items["members-only"].find(f"{WP}status").text == "draft"
    comments = {
        c.find(f"{WP}comment_id").text: c for c in items["falling-apples"].iter(f"{WP}comment")
    }
    reply = comments["882"]
    assert reply.find(f"{WP}comment_parent").text == "881"
    assert reply.find(f"{WP}comment_author").text == "Night Owl"
    assert reply.find(f"{WP}comment_date_gmt").text == "2017-05-07 12:00:00"
    assert reply.find(f"{WP}comment_user_id").text == str(
        Comment.objects.get(pk=882).identity.user_id
    )
    assert comments["885"].find(f"{WP}comment_approved").text == "0"
    assert comments["886"].find(f"{WP}comment_approved").text == "spam"
    assert comments["887"].find(f"{WP}comment_approved").text == "trash"
    assert comments["883"].find(f"{WP}comment_author_email").text == "sam@one.example"


def test_cdata_end_markers_in_texts_survive(imported):
    post = Post.objects.get(slug="falling-apples")
    post.body = "Ends with ]]> inside"
    post.save()
    root = ET.fromstring(export().encode())
    content = [
        i.find("{http://purl.org/rss/1.0/modules/content/}encoded").text
        for i in root.iter("item")
        if i.find(f"{WP}post_name").text == "falling-apples"
    ][0]
    assert "]]&gt;" in content or "]]>" in content


def test_a_round_trip_through_our_export_gives_the_same_posts_and_trees(imported, tmp_path):
    before = snapshot()
    path = tmp_path / "export.xml"
    path.write_text(export())
    empty_the_site()
    run("import_wordpress", path)
    after = snapshot()
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert check_trees().ok


def test_exporting_to_a_file(imported, tmp_path):
    target = tmp_path / "backup.xml"
    call_command("export_wordpress", "--output", str(target), stderr=io.StringIO())
    assert "<wp:wxr_version>1.2</wp:wxr_version>" in target.read_text()
