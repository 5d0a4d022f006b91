from .moderators import *  # noqa: F403  (split by who acts in the next commit)
