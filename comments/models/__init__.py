# Re-exported for outside checks that import them from here; the project imports them from
# identities.models (tests/identities/test_boundary.py).
from identities.models import Identity, IdentityNameChange, ReservedName

from .comment import Comment, CommentQuerySet, TreeIdCounter
from .moderation import (
    DiscussionSettings,
    ModerationAction,
    ModerationNotice,
    Report,
    Suspension,
)
from .reading import ArticleVisit, Reaction
from .replies import ReplyNotice, ReplyOptOut, ReplySettings, ReplySubscription

__all__ = [
    "ArticleVisit",
    "Comment",
    "CommentQuerySet",
    "DiscussionSettings",
    "Identity",
    "IdentityNameChange",
    "ModerationAction",
    "ModerationNotice",
    "ReplyNotice",
    "ReplyOptOut",
    "ReplySettings",
    "ReplySubscription",
    "Reaction",
    "Report",
    "ReservedName",
    "Suspension",
    "TreeIdCounter",
]
