"""Template tags of the admin's moderation pages."""

from django import template

from ..models import Comment, Report

register = template.Library()


@register.simple_tag
def moderation_counts():
    """{"pending", "reported", "hidden"}: what waits in the moderation queue (three counts)."""
    return {
        "pending": Comment.objects.pending().count(),
        "reported": Report.objects.open().values("comment").distinct().count(),
        "hidden": Comment.objects.hidden().count(),
    }
