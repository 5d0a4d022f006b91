from django.contrib import admin
from mptt.admin import MPTTModelAdmin

from .models import Comment, Identity


@admin.register(Comment)
class CommentAdmin(MPTTModelAdmin):
    list_display = ["short_body", "identity", "post", "status", "created_at"]
    list_filter = ["status", "post"]
    search_fields = ["body", "identity__name"]
    raw_id_fields = ["post", "parent", "identity"]
    readonly_fields = ["created_at", "edited_at", "ip_address"]
    list_select_related = ["identity", "post"]
    mptt_level_indent = 24

    @admin.display(description="Comment")
    def short_body(self, obj):
        return obj.body[:80] + ("…" if len(obj.body) > 80 else "")


@admin.register(Identity)
class IdentityAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "is_default", "created_at", "retired_at"]
    search_fields = ["name", "user__username", "user__email"]
    list_filter = ["is_default", "retired_at"]
    raw_id_fields = ["user"]
    readonly_fields = ["public_id", "name_key"]
