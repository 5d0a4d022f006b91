from django import template

from comments.models import Comment

register = template.Library()


@register.filter
def replies(comment):
    """The naive way: one query for each comment's direct replies."""
    return Comment.objects.filter(parent_id=comment.pk).select_related("identity")
