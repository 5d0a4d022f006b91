from django.contrib import admin

from ..models import Reaction


# Reactions (comments/reactions.py): who marked what as worth reading, for moderators only.
# Readers see counts; this is the one place that names who reacted, under which identity.
@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    list_display = ("comment", "user", "identity", "kind", "created_at")
    list_filter = ("kind", "created_at")
    search_fields = ("user__username", "identity__name", "comment__body")
    list_select_related = ("comment", "user", "identity")
    raw_id_fields = ("comment", "user", "identity")
    readonly_fields = ("comment", "user", "identity", "kind", "created_at")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
