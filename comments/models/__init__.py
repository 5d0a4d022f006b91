from .comment import Comment, CommentQuerySet, TreeIdCounter
from .identity import Identity, IdentityNameChange, ReservedName
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
