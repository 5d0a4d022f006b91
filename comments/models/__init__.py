from .comment import Comment, CommentQuerySet, TreeIdCounter
from .identity import Identity, IdentityNameChange, ReservedName
from .moderation import (
    DiscussionSettings,
    ModerationAction,
    ModerationNotice,
    Report,
    Suspension,
)

__all__ = [
    "Comment",
    "CommentQuerySet",
    "DiscussionSettings",
    "Identity",
    "IdentityNameChange",
    "ModerationAction",
    "ModerationNotice",
    "Report",
    "ReservedName",
    "Suspension",
    "TreeIdCounter",
]
