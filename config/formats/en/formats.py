"""The site's date formats: one per kind of date, read through Django (the `date` filter with the
format's name, `django.utils.formats.date_format()`/`time_format()`) and by the comment
renderer's fast path (comments/dates.py). FORMAT_MODULE_PATH in config/settings.py names this
module; a language without its own module here falls back to Django's formats.
"""

# A day: an article's date, and every public time of an identity (made, renamed, retired),
# which is to the day on purpose: times of day could line up two identities made in one sitting.
DATE_FORMAT = "F j, Y"  # March 4, 2026
# A moment someone wrote: a comment, its edit, a reply, the end of a suspension.
DATETIME_FORMAT = r"F j, Y \a\t g:i a"  # May 7, 2017 at 6:38 a.m.
# A time of day: when the rate limit takes the next comment.
TIME_FORMAT = "H:i"  # 10:42
# A month: the archive, "commenting since".
YEAR_MONTH_FORMAT = "F Y"  # March 2026
# A day of this year: "at 10:00 UTC on March 5".
MONTH_DAY_FORMAT = "F j"  # March 5
