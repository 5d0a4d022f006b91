from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_migrate, post_save, pre_delete


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        from taggit.models import Tag

        from . import freshness, search
        from .models import Category, Post

        post_migrate.connect(
            search.ensure_sqlite_index, sender=self, dispatch_uid="blog.search_index"
        )
        for through in (Post.categories.through, Post.tags.through):
            m2m_changed.connect(
                freshness.post_filing_changed,
                sender=through,
                dispatch_uid=f"blog.filing.{through._meta.label}",
            )
        post_save.connect(freshness.category_saved, sender=Category, dispatch_uid="blog.cat")
        pre_delete.connect(freshness.category_deleting, sender=Category, dispatch_uid="blog.cat")
        post_save.connect(freshness.tag_saved, sender=Tag, dispatch_uid="blog.tag")
        pre_delete.connect(freshness.tag_deleting, sender=Tag, dispatch_uid="blog.tag")
