"""Identity names: how two names are compared, and which names are refused.

Two names are the same name when their keys are equal: NFKC-normalised, format and control
characters removed, whitespace collapsed, case-folded ("Wilson", "wilson", "Wilson " and
"Ｗｉｌｓｏｎ" share one key). On top of that a name is refused when it is too short or too long,
has no letter or digit, mixes alphabets whose letters imitate each other, or is reserved.

Reserved names (the `ReservedName` table, staff-editable, and the blog's own name) are matched
on their letters and digits with trailing digits dropped, so "Admin", "admin!", "Admin 2" and
"the_commons" are all refused, while names that merely contain a reserved word ("Badminton",
"Root Beer") are not: refusing every name that contains "admin" or "staff" would refuse
ordinary words and surnames for little gain.
"""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError

MIN_LENGTH = 2
MAX_LENGTH = 60

# Alphabets with letters that look like one another ("a" and Cyrillic "а", "o" and Greek "ο").
# A name may use any one of them, but not two.
LOOKALIKE_SCRIPTS = {"LATIN", "GREEK", "COPTIC", "CYRILLIC", "ARMENIAN", "CHEROKEE"}

_SPACES = re.compile(r"\s+")

# Unicode's Default_Ignorable_Code_Point characters that are not format characters (Cf): filler
# letters and marks drawn as nothing ("Wilson" + U+3164 looks exactly like "Wilson").
_IGNORABLE_RANGES = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0x2065, 0x2065),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
# A letter carries at most this many combining marks in a row (real scripts stack 2 or 3);
# more pile up over the lines around the name.
MAX_COMBINING_MARKS = 3

# Letters of Greek and Cyrillic drawn like Latin ones. Names are compared with these folded
# into Latin, so "Сосо" (Cyrillic) and "Coco" are the same name (Unicode TR39's "skeleton",
# restricted to the alphabets that LOOKALIKE_SCRIPTS keeps apart).
_CONFUSABLES = str.maketrans(
    {
        # Cyrillic
        "а": "a",
        "в": "b",
        "с": "c",
        "ԁ": "d",
        "е": "e",
        "һ": "h",
        "н": "h",
        "і": "i",
        "ј": "j",
        "к": "k",
        "ӏ": "l",
        "м": "m",
        "о": "o",
        "р": "p",
        "ԛ": "q",
        "ѕ": "s",
        "т": "t",
        "ѵ": "v",
        "ԝ": "w",
        "х": "x",
        "у": "y",
        "ү": "y",
        "ԍ": "g",
        # Greek
        "α": "a",
        "β": "b",
        "ϲ": "c",
        "ε": "e",
        "η": "n",
        "ι": "i",
        "ϳ": "j",
        "κ": "k",
        "μ": "u",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "ϱ": "p",
        "ς": "c",
        "τ": "t",
        "υ": "u",
        "χ": "x",
    }
)


def _ignorable(ch: str) -> bool:
    if unicodedata.category(ch) in {"Cf", "Cc", "Co", "Cs"}:
        return True
    code = ord(ch)
    return any(low <= code <= high for low, high in _IGNORABLE_RANGES)


def clean_display(name: str) -> str:
    """The name as shown: NFKC-normalised, whitespace collapsed, invisible characters removed,
    runs of combining marks cut to MAX_COMBINING_MARKS."""
    name = _SPACES.sub(" ", unicodedata.normalize("NFKC", name))  # tabs and newlines too
    # Zero-width joiners, bidi overrides, fillers and other characters drawn as nothing can
    # disguise a name or flip the text around it: they never belong in one.
    kept = []
    marks = 0
    for ch in name:
        if _ignorable(ch):
            continue
        marks = marks + 1 if unicodedata.combining(ch) else 0
        if marks <= MAX_COMBINING_MARKS:
            kept.append(ch)
    return _SPACES.sub(" ", "".join(kept)).strip()


def name_key(name: str) -> str:
    """The key two names are compared by: "Wilson", "wilson", "Wilson " and "Wіlson" (with a
    Cyrillic і) share one."""
    return clean_display(name).casefold().translate(_CONFUSABLES)


def scripts(name: str) -> set[str]:
    """The alphabets of the letters in `name`, by the first word of each letter's Unicode name
    ("LATIN SMALL LETTER A" -> "LATIN", "CYRILLIC SMALL LETTER A" -> "CYRILLIC")."""
    found = set()
    for ch in name:
        if unicodedata.category(ch).startswith("L"):
            found.add(unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0])
    return found


def lookalike_mix(name: str) -> list[str]:
    """The look-alike alphabets `name` mixes, sorted ([] when it uses at most one of them)."""
    mixed = sorted(scripts(name) & LOOKALIKE_SCRIPTS)
    return mixed if len(mixed) > 1 else []


def _reserved_form(key: str) -> str:
    """Letters and digits only, trailing digits dropped: "the_commons2" -> "thecommons"."""
    return "".join(ch for ch in key if ch.isalnum()).rstrip("0123456789")


def is_reserved(name: str) -> bool:
    from .models import ReservedName

    form = _reserved_form(name_key(name))
    if not form:
        return False
    reserved = {
        _reserved_form(key) for key in ReservedName.objects.values_list("name_key", flat=True)
    }
    reserved.add(_reserved_form(name_key(settings.BLOG_NAME)))
    return form in reserved


def check_rules(name: str) -> str:
    """Return the name as it will be shown, or raise ValidationError saying what is wrong with it.

    Every rule except "nobody else holds it": signup uses this for the username, which becomes
    the first identity's name (a number is added when that name is taken).
    """
    display = clean_display(name)
    if len(display) < MIN_LENGTH:
        raise ValidationError(
            f"A name needs at least {MIN_LENGTH} characters.", code="name_too_short"
        )
    if len(display) > MAX_LENGTH:
        raise ValidationError(
            f"Keep the name to {MAX_LENGTH} characters; this one has {len(display)}.",
            code="name_too_long",
        )
    if not any(unicodedata.category(ch)[0] in "LN" for ch in display):
        raise ValidationError("A name needs at least one letter or digit.", code="name_no_letters")
    mixed = lookalike_mix(display)
    if mixed:
        alphabets = " and ".join(script.title() for script in mixed)
        raise ValidationError(
            f"This name mixes {alphabets} letters, which can imitate other names. "
            "Use the letters of one alphabet.",
            code="name_mixed_scripts",
        )
    if is_reserved(display):
        raise ValidationError("This name is reserved. Choose another.", code="name_reserved")
    return display


def validate_name(name: str, *, identity=None) -> str:
    """`check_rules()`, and nobody else holds the name. Returns the name as it will be shown.

    `identity` is the identity being renamed: keeping its own name (in another case or spacing)
    is not a collision.
    """
    from .models import Identity

    display = check_rules(name)
    taken = Identity.objects.filter(name_key=name_key(display))
    if identity is not None and identity.pk is not None:
        taken = taken.exclude(pk=identity.pk)
    if taken.exists():
        raise ValidationError("This name is taken. Choose another.", code="name_taken")
    return display
