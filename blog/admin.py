from django.contrib import admin
from mptt.admin import DraggableMPTTAdmin

from .models import Category, Post


@admin.register(Category)
class CategoryAdmin(DraggableMPTTAdmin):
    list_display = ["tree_actions", "indented_title", "slug"]
    list_display_links = ["indented_title"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "status", "published_at", "comments_open"]
    list_filter = ["status", "comments_open", "published_at", "categories"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    raw_id_fields = ["author"]
    filter_horizontal = ["categories"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "byline_identity", "excerpt", "body"]}),
        ("Filed under", {"fields": ["categories", "tags"]}),
        ("Publishing", {"fields": ["status", "published_at", "comments_open"]}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The byline offers the author's own identities only (retired ones too: an old article
        keeps its signature); choosing another author's is refused by `Post.clean()`."""
        form = super().get_form(request, obj, change=change, **kwargs)
        field = form.base_fields.get("byline_identity")
        if field is not None:
            author_id = obj.author_id if obj is not None else request.user.pk
            field.queryset = field.queryset.filter(user_id=author_id).order_by("name_key")
            field.widget.can_add_related = field.widget.can_change_related = False
            field.widget.can_delete_related = field.widget.can_view_related = False
        return form

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}
