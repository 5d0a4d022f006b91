from django.contrib import admin

from .models import LegacyPath, SourceRecord


@admin.register(LegacyPath)
class LegacyPathAdmin(admin.ModelAdmin):
    """Old WordPress addresses answered with a 301 to their post; staff may add or fix one."""

    list_display = ["path", "post"]
    search_fields = ["path", "post__title"]
    raw_id_fields = ["post"]


@admin.register(SourceRecord)
class SourceRecordAdmin(admin.ModelAdmin):
    """What each import made of each source object (read only: imports depend on it)."""

    list_display = ["source", "kind", "source_id", "object_id", "imported_at"]
    list_filter = ["source", "kind"]
    search_fields = ["source_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
