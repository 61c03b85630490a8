"""Dates and times in the reader's language.

Templates name a pattern such as "d MMM y, HH:mm". English uses it as written; other
languages get the same fields in their own order and words ("2026년 11월 28일 10:05"), through
CLDR skeletons, since a fixed English pattern reads wrongly in Korean ("28 11월 2026").
"""

import re
from datetime import date, datetime

from babel.dates import format_skeleton
from flask_babel import format_date, format_datetime, get_locale, to_user_timezone

NAMED = {"short", "medium", "long", "full"}
# One way to show a moment everywhere: day, month, year and a 24-hour time. A named pattern
# ("medium") would give English readers "10:34:56 PM".
MOMENT = "d MMM y, HH:mm"
SHORT_WEEKDAY = re.compile(r"(?<!E)E{1,3}(?!E)")
DATE_FIELDS = "yMEd"
TIME_FIELDS = "Hhms"


def as_skeleton(pattern: str, fields: str) -> str:
    """The pattern's letters of these fields, in skeleton order ("EEE d MMM" → "MMMEEEd")."""
    letters = [letter for letter in pattern if letter in fields]
    skeleton = "".join(sorted(letters, key=fields.index))
    # A short weekday is one E in a skeleton ("EEE" would match the long form).
    return SHORT_WEEKDAY.sub("E", skeleton)


def in_own_order(value: date | datetime, pattern: str) -> str:
    """The pattern's date and time fields, laid out as the locale lays them out."""
    locale = get_locale()
    parts = []
    for fields in (DATE_FIELDS, TIME_FIELDS):
        skeleton = as_skeleton(pattern, fields)
        if skeleton and (fields == DATE_FIELDS or isinstance(value, datetime)):
            parts.append(format_skeleton(skeleton, value, locale=locale))
    return " ".join(parts)


def localtime(value: datetime, pattern: str = MOMENT) -> str:
    """A moment in the app's time zone, in the reader's language, with 24-hour times."""
    if pattern in NAMED:
        pattern = MOMENT
    if str(get_locale()) == "en":
        return format_datetime(value, pattern)
    return in_own_order(to_user_timezone(value), pattern)


def localdate(value: date, pattern: str = "medium") -> str:
    """A calendar date in the reader's language."""
    if pattern in NAMED or str(get_locale()) == "en":
        return format_date(value, pattern)
    return in_own_order(value, pattern)
