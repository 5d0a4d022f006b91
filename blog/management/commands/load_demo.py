"""Load the demo articles and discussions (the data files in blog/demo/). Safe to run again."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from blog import demo
from blog.models import Post
from comments.models import Comment
from comments.moderation import attach_point
from identities.changes import create_default_identity
from identities.models import Identity

DEMO_PASSWORD = "demo-password-2026"


class Command(BaseCommand):
    help = "Create demo accounts, articles and discussions; skips what already exists."

    def handle(self, *args, **options):
        content = demo.load()
        with transaction.atomic():
            identities = {name: self.account(name) for name in content.commenters}
            identities[content.author["username"]] = self.account(
                content.author["username"], shown_as=content.author["name"]
            )
            author = identities[content.author["username"]].user
            self.make_author(author, content.author["name"])
            created = 0
            for spec in content.posts:
                if Post.objects.filter(slug=spec["slug"]).exists():
                    continue
                self.load_post(spec, author, identities)
                created += 1
        self.stdout.write(
            f"Demo content: {created} article(s) created, "
            f"{len(content.posts) - created} already there. "
            f"Demo commenters (e.g. {content.commenters[0]}) sign in with password {DEMO_PASSWORD}"
        )

    def account(self, username, shown_as=""):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        identity = Identity.objects.filter(user=user, is_default=True).first()
        return identity or create_default_identity(user, name=shown_as)

    def make_author(self, author, name):
        first, _, last = name.partition(" ")
        author.first_name, author.last_name, author.is_staff = first, last, True
        author.save()
        author.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="blog", codename__endswith="_post")
        )

    def load_post(self, spec, author, identities):
        published = timezone.make_aware(
            datetime.datetime.fromisoformat(spec["published"]), datetime.UTC
        )
        post = Post.objects.create(
            title=spec["title"],
            slug=spec["slug"],
            excerpt=spec["excerpt"],
            body=spec["body"],
            author=author,
            status=Post.Status.PUBLISHED,
            published_at=published,
        )
        # Insert in the order the comments were written, so trees and siblings run oldest first.
        flat = []

        def walk(items, parent_key):
            for item in items:
                key = len(flat)
                flat.append((item["minutes"], key, parent_key, item))
                walk(item.get("replies", []), key)

        walk(spec.get("comments", []), None)
        saved = {}
        for minutes, key, parent_key, item in sorted(flat, key=lambda row: (row[0], row[1])):
            comment = Comment(
                post=post,
                parent=attach_point(saved.get(parent_key)),
                identity=identities[item["by"]],
                body=item["body"],
                status=Comment.Status.APPROVED,
                created_at=published + datetime.timedelta(minutes=minutes),
            )
            comment.save()
            saved[key] = comment
        return post
