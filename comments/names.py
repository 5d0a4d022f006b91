"""Identity names: how two names are compared, and which names are refused."""

import re
import unicodedata

MIN_LENGTH = 2
MAX_LENGTH = 60

_SPACES = re.compile(r"\s+")


def clean_display(name: str) -> str:
    """The name as shown: NFKC-normalised, whitespace collapsed, format characters removed."""
    name = unicodedata.normalize("NFKC", name)
    # Zero-width joiners, bidi overrides and other format characters (category Cf) can
    # disguise a name or flip the text around it: they never belong in one.
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cf", "Cc", "Co", "Cs"})
    return _SPACES.sub(" ", name).strip()


def name_key(name: str) -> str:
    """The key two names are compared by: "Wilson", "wilson" and "Wilson " share one."""
    return clean_display(name).casefold()
