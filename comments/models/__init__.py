from .comment import Comment, CommentQuerySet, TreeIdCounter
from .identity import Identity, IdentityNameChange, ReservedName
from .moderation import (
    DiscussionSettings,
    ModerationAction,
    ModerationNotice,
    Report,
    Suspension,
)
from .replies import ReplyNotice, ReplyOptOut, ReplySettings, ReplySubscription

__all__ = [
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
    "Report",
    "ReservedName",
    "Suspension",
    "TreeIdCounter",
]
