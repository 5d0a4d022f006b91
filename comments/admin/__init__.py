"""The admin of the comments app; importing the modules registers their ModelAdmins.

- `comment`: the moderation queue (CommentAdmin), its actions generated from one table;
- `moderation`: reports, the moderation history, suspensions, the discussion rules, and the
  filters and forms the queue uses;
- `reactions`: who reacted to what, for moderators only.
"""

from . import comment, moderation, reactions  # noqa: F401

# Identities, reserved names and accounts: identities/admin.py.
