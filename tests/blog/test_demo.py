"""The demo content (`load_demo`, data files in blog/demo/) makes the site the README promises."""

import pytest
from django.core.management import call_command
from django.db.models import Count, Max

from blog import demo
from blog.models import Post
from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_demo_data_files_hold_every_article_and_discussion():
    content = demo.load()
    assert len(content.posts) >= 5
    for spec in content.posts:
        assert spec["title"] and spec["body"].strip() and spec["excerpt"]
    speakers = set()

    def walk(items):
        for item in items:
            speakers.add(item["by"])
            walk(item.get("replies", []))

    for spec in content.posts:
        walk(spec["comments"])
    assert speakers <= {*content.commenters, content.author["username"]}


def test_load_demo_builds_a_deep_discussion_and_adds_nothing_the_second_time(capsys):
    call_command("load_demo")
    counts = (Post.objects.count(), Comment.objects.count())
    busiest = (
        Post.objects.annotate(n=Count("comments")).order_by("-n").values_list("pk", "n").first()
    )
    comments = Comment.objects.filter(post_id=busiest[0])
    assert busiest[1] >= 60
    assert comments.values("identity").distinct().count() >= 8
    assert comments.aggregate(deepest=Max("level"))["deepest"] >= 4  # five levels: 0..4
    author = Post.objects.get(pk=busiest[0]).author
    assert comments.filter(identity__user=author).exists()
    byline = Post.objects.get(pk=busiest[0]).byline_identity
    assert byline.user == author and byline.name == "Elsie Marlowe"  # not the login name

    call_command("load_demo")
    assert (Post.objects.count(), Comment.objects.count()) == counts
    assert "already there" in capsys.readouterr().out
