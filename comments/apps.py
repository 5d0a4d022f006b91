from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Discussions"

    def ready(self):
        from .moderators import ensure_moderators_group
        from .reactions import connect as connect_reactions

        post_migrate.connect(
            ensure_moderators_group, sender=self, dispatch_uid="comments.moderators_group"
        )
        connect_reactions()
