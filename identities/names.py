"""Identity names: how two names are compared, and which names are refused.

Two names are the same name when their keys are equal: NFKC-normalised, format and control
characters removed, whitespace collapsed, folded to Unicode's confusables skeleton (UTS #39,
from the confusable-homoglyphs package's copy of confusables.txt) and case-folded ("Wilson",
"wilson", "Wilson ", "Ｗｉｌｓｏｎ", "WiIson" and Cherokee "ᎳᎥᏞᏚᎾN" share one key). On top of
that a name is refused when it is too short or too long, holds a blank drawn as nothing (the
braille blank, Hangul fillers), has no letter or digit, mixes alphabets whose letters imitate
each other, or is reserved.

Reserved names (the `ReservedName` table, staff-editable, and the blog's own name) are matched
on their letters and digits with trailing digits dropped, so "Admin", "admin!", "Admin 2" and
"the_commons" are all refused, while names that merely contain a reserved word ("Badminton",
"Root Beer") are not: refusing every name that contains "admin" or "staff" would refuse
ordinary words and surnames for little gain.
"""

import functools
import re
import unicodedata

from confusable_homoglyphs.confusables import confusables_data
from django.conf import settings
from django.core.exceptions import ValidationError

from config.text import MAX_COMBINING_MARKS, limit_combining_marks

MIN_LENGTH = 2
MAX_LENGTH = 60
# A key may be longer than its name: the skeleton spells some characters with several (a
# Hangul syllable becomes up to six).
KEY_MAX_LENGTH = MAX_LENGTH * 8

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
# Characters drawn as an empty space that are neither whitespace nor format characters: the
# braille blank and Hangul fillers look like a trailing space ("pedal_pat⠀"). A name holding one
# is refused (`check_rules()`); keys ignore them (`name_key()`).
_BLANKS = frozenset({0x2800, 0x115F, 0x1160, 0x3164, 0xFFA0})


def _unmarked(text: str) -> str:
    return text.replace("\u200e", "").replace("\u200f", "")


@functools.cache
def _skeleton_table() -> dict[int, str]:
    """Unicode's confusables mapping (UTS #39, confusables.txt) as a `str.translate` table: each
    character to the prototype it is drawn like ("ɑ" -> "a", "I" -> "l", "Ꮃ" -> "W").

    confusable-homoglyphs ships that file as a symmetric graph (each source lists its prototype,
    each prototype lists all its sources, RTL ones wrapped in direction marks); a source is the
    end of an edge with one neighbour that is not itself such a pair's end. When two characters
    only confuse with each other, either serves as the prototype: both map to the smaller."""
    graph: dict[str, set[str]] = {}
    for char, entries in confusables_data.items():
        graph.setdefault(_unmarked(char), set()).update(_unmarked(e["c"]) for e in entries)
    table = {}
    for char, others in graph.items():
        if len(char) != 1 or len(others) != 1:
            continue
        (prototype,) = others
        if len(prototype) == 1 and len(graph.get(prototype, ())) == 1:
            prototype = min(char, prototype)
        if prototype != char:
            table[ord(char)] = prototype
    return table


@functools.cache
def _case_table() -> dict[int, str]:
    """Case folding forgets confusions that hold in one case only: capital "I" is drawn like
    "l", so once names are compared without case, "i", "l" and "1" fold together (and "0" with
    "o"). Taken from the skeleton's ASCII sources whose folded form is another ASCII character
    than their folded prototype's; each such group maps to its first letter. The price: "Bill"
    and "Biii" are one name."""
    groups: list[set[str]] = []
    for source, prototype in _skeleton_table().items():
        a, b = chr(source).casefold(), prototype.casefold()
        if chr(source).isascii() and b.isascii() and len(b) == 1 and a != b:
            joined = [group for group in groups if a in group or b in group]
            merged = {a, b}.union(*joined)
            groups = [group for group in groups if group not in joined] + [merged]
    table = {}
    for group in groups:
        chosen = min(group, key=lambda char: (not char.isalpha(), char))
        table.update({ord(char): chosen for char in group if char != chosen})
    return table


def skeleton(text: str) -> str:
    """UTS #39's skeleton: NFD, each character replaced by its prototype, NFD again (twice, as a
    few prototypes hold characters that map further)."""
    table = _skeleton_table()
    for _ in range(2):
        text = unicodedata.normalize("NFD", text).translate(table)
    return unicodedata.normalize("NFD", text)


def _ignorable(ch: str) -> bool:
    if unicodedata.category(ch) in {"Cf", "Cc", "Co", "Cs"}:
        return True
    code = ord(ch)
    return code in _BLANKS or any(low <= code <= high for low, high in _IGNORABLE_RANGES)


def clean_display(name: str) -> str:
    """The name as shown: NFKC-normalised, whitespace collapsed, invisible characters removed,
    runs of combining marks cut to MAX_COMBINING_MARKS (the limit comments have too)."""
    name = _SPACES.sub(" ", unicodedata.normalize("NFKC", name))  # tabs and newlines too
    # Zero-width joiners, bidi overrides, fillers and other characters drawn as nothing can
    # disguise a name or flip the text around it: they never belong in one.
    kept = "".join(ch for ch in name if not _ignorable(ch))
    return _SPACES.sub(" ", limit_combining_marks(kept, MAX_COMBINING_MARKS)).strip()


def name_key(name: str) -> str:
    """The key two names are compared by: the UTS #39 skeleton of the name as shown, without
    case. "Wilson", "wilson", "Wilson ", "Wіlson" (Cyrillic і), "WiIson" (capital I for l) and
    "ᎳᎥᏞᏚᎾN" (Cherokee) share one."""
    folded = skeleton(clean_display(name)).casefold()
    return unicodedata.normalize("NFC", skeleton(folded).translate(_case_table()))


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


def _reserved_form(name: str) -> str:
    """The key of the name's letters and digits, trailing digits dropped:
    "the_commons2" -> name_key("thecommons")."""
    letters = "".join(ch for ch in clean_display(name) if ch.isalnum()).rstrip("0123456789")
    return name_key(letters) if letters else ""


def is_reserved(name: str) -> bool:
    from .models import ReservedName

    form = _reserved_form(name)
    if not form:
        return False
    reserved = {
        _reserved_form(held) for held in ReservedName.objects.values_list("name", flat=True)
    }
    reserved.add(_reserved_form(settings.BLOG_NAME))
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
    if len(name_key(display)) > KEY_MAX_LENGTH:
        raise ValidationError(
            f"Keep the name shorter than {MAX_LENGTH} characters.", code="name_too_long"
        )
    if any(ord(ch) in _BLANKS for ch in name):
        raise ValidationError(
            "This name holds a blank character drawn as nothing, which can imitate other "
            "names. Use letters, digits, spaces and punctuation.",
            code="name_invisible",
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
