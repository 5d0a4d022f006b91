"""The admin of the comments app: importing the modules registers their ModelAdmins."""

from . import comment, moderation  # noqa: F401
