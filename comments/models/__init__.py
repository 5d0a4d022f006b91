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

__all__ = [
    "ArticleVisit",
    "Comment",
    "CommentQuerySet",
    "DiscussionSettings",
    "Identity",
    "IdentityNameChange",
    "ModerationAction",
    "ModerationNotice",
    "Reaction",
    "Report",
    "ReservedName",
    "Suspension",
    "TreeIdCounter",
]
