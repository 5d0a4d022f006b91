"""The site's date formats (config/formats/en/formats.py) at the speed a long discussion needs.

Django's `date` filter and `django.utils.formats.date_format()` parse the format string on every
call; a page of 10,000 comments dates each of them, so `formatter()` turns the format into one
f-string, once per format and language, for the format characters below (a format with any
other character is left to Django's own formatting: slower, the same text).
"""

import functools
from collections.abc import Callable

from django.utils import dateformat, dates
from django.utils.formats import get_format
from django.utils.translation import get_language, gettext

# Django's format characters (django.utils.dateformat) that need only the datetime's fields:
# {character: (field, how to write it)}.
_FIELDS = {
    "F": ("month", "{MONTHS[month]}"),
    "N": ("month", "{MONTHS_AP[month]}"),
    "M": ("month", "{MONTHS_3[month].title()}"),
    "b": ("month", "{MONTHS_3[month]}"),
    "j": ("day", "{day}"),
    "d": ("day", "{day:02d}"),
    "n": ("month", "{month}"),
    "m": ("month", "{month:02d}"),
    "Y": ("year", "{year}"),  # four digits: earlier years go to Django
    "y": ("year", "{year % 100:02d}"),
    "G": ("hour", "{hour}"),
    "H": ("hour", "{hour:02d}"),
    "g": ("hour", "{hour % 12 or 12}"),
    "h": ("hour", "{hour % 12 or 12:02d}"),
    "i": ("minute", "{minute:02d}"),
    "s": ("second", "{second:02d}"),
    "a": ("hour", "{AM_PM[hour > 11]}"),
    "A": ("hour", "{AM_PM_CAPS[hour > 11]}"),
}


def formatter(format_name: str = "DATETIME_FORMAT") -> Callable:
    """`format(value, tz)`: the aware datetime `value` in the time zone `tz` as the `date` filter
    writes it with the site's `format_name` in the active language."""
    return _compiled(get_format(format_name), get_language())


@functools.lru_cache(maxsize=32)
def _compiled(format_string: str, language: str) -> Callable:
    pieces, fields = [], {}
    for i, piece in enumerate(dateformat.re_formatchars.split(format_string)):
        if i % 2 == 0:  # text between format characters, `\x` for a literal x
            literal = dateformat.re_escaped.sub(r"\1", piece)
            if any(char in literal for char in "'\"\\\n"):  # text an f-string would escape
                return _with_django(format_string)
            pieces.append(literal.replace("{", "{{").replace("}", "}}"))
        elif piece in _FIELDS:
            field, written = _FIELDS[piece]
            fields[field] = f"v.{field}"
            pieces.append(written)
        else:
            return _with_django(format_string)
    names = {  # translated now, in the language the function is kept for
        "MONTHS": ("", *(str(dates.MONTHS[n]) for n in range(1, 13))),
        "MONTHS_AP": ("", *(str(dates.MONTHS_AP[n]) for n in range(1, 13))),
        "MONTHS_3": ("", *(str(dates.MONTHS_3[n]) for n in range(1, 13))),
        "AM_PM": (gettext("a.m."), gettext("p.m.")),
        "AM_PM_CAPS": (gettext("AM"), gettext("PM")),
    }
    code = (
        "def format(value, tz):\n"
        "    v = value.astimezone(tz)\n"
        "    if v.year < 1000: return slow(value, tz)\n"
        f"    {''.join(f'{field} = {read}; ' for field, read in fields.items())}\n"
        f"    return f'{''.join(pieces)}'\n"
    )
    namespace = {"__builtins__": {}, "slow": _with_django(format_string), **names}
    exec(code, namespace)  # noqa: S102
    return namespace["format"]


def _with_django(format_string: str) -> Callable:
    def format(value, tz):
        return dateformat.format(value.astimezone(tz), format_string)

    return format
