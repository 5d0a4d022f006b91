from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Discussions"

    def ready(self):
        from .moderators import ensure_moderators_group
        from .reactions import connect as connect_reactions

        post_migrate.connect(
            ensure_moderators_group, sender=self, dispatch_uid="comments.moderators_group"
        )
        self.connect_cache_versions()
        connect_reactions()

    def connect_cache_versions(self):
        """Every save and delete of what a discussion shows bumps its cached versions."""
        from blog.models import Post
        from identities.models import Identity

        from . import versions
        from .models import Comment

        for signal, sender, receiver in [
            (post_save, Comment, versions.comment_saved),
            (post_delete, Comment, versions.comment_deleted),
            (post_save, Identity, versions.identity_saved),
            (post_save, Post, versions.post_saved),
        ]:
            signal.connect(
                receiver, sender=sender, dispatch_uid=f"comments.versions.{receiver.__name__}"
            )
        post_migrate.connect(versions.migrated, sender=self, dispatch_uid="comments.versions")
