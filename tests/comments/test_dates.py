"""One format per kind of date (config/formats/en/formats.py), read through Django: the `date`
filter, `date_format()`, and the renderer's fast path (comments/dates.py), which must write what
Django writes."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.formats import date_format, get_format

from comments import dates

MOMENTS = [
    datetime.datetime(year, month, day, hour, minute, second, tzinfo=datetime.UTC)
    for month in range(1, 13)
    for year, day, hour, minute, second in (
        (2026, 1, 0, 0, 0),
        (2017, 7, 6, 38, 9),
        (2009, 9, 11, 59, 59),
        (2026, 10, 12, 0, 1),
        (1999, 28, 13, 7, 30),
        (2030, 4, 23, 45, 0),
    )
]
NAMES = ["DATETIME_FORMAT", "DATE_FORMAT", "TIME_FORMAT", "YEAR_MONTH_FORMAT", "MONTH_DAY_FORMAT"]


def django_writes(moment, format_name):
    return date_format(timezone.localtime(moment), format_name)


def test_the_site_names_one_format_per_kind_of_date():
    assert get_format("DATE_FORMAT") == "F j, Y"
    assert get_format("DATETIME_FORMAT") == r"F j, Y \a\t g:i a"
    assert get_format("TIME_FORMAT") == "H:i"
    moment = datetime.datetime(2017, 5, 7, 6, 38, tzinfo=datetime.UTC)
    assert django_writes(moment, "DATETIME_FORMAT") == "May 7, 2017 at 6:38 a.m."
    assert django_writes(moment, "DATE_FORMAT") == "May 7, 2017"


@pytest.mark.parametrize("format_name", NAMES)
@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_the_fast_path_writes_what_django_writes(format_name, zone):
    with timezone.override(zone):
        fast, tz = dates.formatter(format_name), timezone.get_current_timezone()
        for moment in MOMENTS:
            assert fast(moment, tz) == django_writes(moment, format_name), moment


@pytest.mark.parametrize("format_name", NAMES)
def test_templates_write_the_same_through_the_date_filter(format_name):
    template = Template(f'{{{{ moment|date:"{format_name}" }}}}')
    fast, tz = dates.formatter(format_name), timezone.get_current_timezone()
    for moment in MOMENTS:
        assert template.render(Context({"moment": moment})) == fast(moment, tz)


@pytest.mark.parametrize(
    "format_string",
    [
        r"D, d M Y H:i:s",  # D: left to Django
        "N j, Y, P",  # P: left to Django
        r"l jS \o\f F Y h:i A",
        "y-m-d G:i b n",
        "{j} 'F'",  # braces and quotes in the text
        "Y",
    ],
)
def test_any_format_string_comes_out_as_django_writes_it(format_string):
    fast, tz = dates.formatter(format_string), datetime.UTC
    for moment in [*MOMENTS, datetime.datetime(987, 6, 5, 4, 3, tzinfo=datetime.UTC)]:
        assert fast(moment, tz) == date_format(moment, format_string), moment


def test_another_language_gets_its_own_names_and_formats():
    with translation.override("de"):
        fast, tz = dates.formatter("DATETIME_FORMAT"), datetime.UTC
        for moment in MOMENTS:
            assert fast(moment, tz) == date_format(moment, "DATETIME_FORMAT")
        assert "März" in fast(MOMENTS[2 * 6], tz)
