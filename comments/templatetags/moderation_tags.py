"""Template tags of the admin's moderation pages."""

from django import template

from ..models import Comment, Report

register = template.Library()


@register.simple_tag
def moderation_counts():
    """{"pending", "reported", "hidden"}: what waits in the moderation queue (three counts)."""
    status = Comment.Status
    return {
        "pending": Comment.objects.filter(status=status.PENDING, deleted_at__isnull=True).count(),
        "reported": Report.objects.filter(resolved_at__isnull=True)
        .values("comment")
        .distinct()
        .count(),
        "hidden": Comment.objects.filter(status=status.REMOVED, hidden_for_review=True).count(),
    }
