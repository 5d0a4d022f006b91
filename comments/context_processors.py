import functools

from . import replies


def unread_replies(request):
    """`unread_replies`: the header's count of unread answers (one query, and only when a
    template asks for it; `{% with %}` it to ask once)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_replies": functools.partial(replies.unread_count, user)}
