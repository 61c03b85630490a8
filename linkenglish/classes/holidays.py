"""Public holidays in Korea on which no class meets (Seollal, Chuseok and the rest).

Substitute holidays and one-off election days are announced each year; coordinators add
them to the dates a weekly series skips.
"""

from datetime import date

from flask_babel import lazy_gettext as _l

NEW_YEAR = _l("New Year's Day")
SEOLLAL = _l("Seollal")
INDEPENDENCE = _l("Independence Movement Day")
CHILDREN = _l("Children's Day")
BUDDHA = _l("Buddha's Birthday")
MEMORIAL = _l("Memorial Day")
LIBERATION = _l("Liberation Day")
CHUSEOK = _l("Chuseok")
FOUNDATION = _l("National Foundation Day")
HANGEUL = _l("Hangeul Day")
CHRISTMAS = _l("Christmas")

HOLIDAYS = {
    date(2026, 1, 1): NEW_YEAR, date(2026, 2, 16): SEOLLAL, date(2026, 2, 17): SEOLLAL,
    date(2026, 2, 18): SEOLLAL, date(2026, 3, 1): INDEPENDENCE, date(2026, 5, 5): CHILDREN,
    date(2026, 5, 24): BUDDHA, date(2026, 6, 6): MEMORIAL, date(2026, 8, 15): LIBERATION,
    date(2026, 9, 24): CHUSEOK, date(2026, 9, 25): CHUSEOK, date(2026, 9, 26): CHUSEOK,
    date(2026, 10, 3): FOUNDATION, date(2026, 10, 9): HANGEUL, date(2026, 12, 25): CHRISTMAS,
    date(2027, 1, 1): NEW_YEAR, date(2027, 2, 6): SEOLLAL, date(2027, 2, 7): SEOLLAL,
    date(2027, 2, 8): SEOLLAL, date(2027, 3, 1): INDEPENDENCE, date(2027, 5, 5): CHILDREN,
    date(2027, 5, 13): BUDDHA, date(2027, 6, 6): MEMORIAL, date(2027, 8, 15): LIBERATION,
    date(2027, 9, 14): CHUSEOK, date(2027, 9, 15): CHUSEOK, date(2027, 9, 16): CHUSEOK,
    date(2027, 10, 3): FOUNDATION, date(2027, 10, 9): HANGEUL, date(2027, 12, 25): CHRISTMAS,
}  # fmt: skip


def holidays_between(first: date, last: date) -> list[tuple[date, str]]:
    """The holidays from first to last, in order, as (date, name) pairs."""
    return [(day, name) for day, name in sorted(HOLIDAYS.items()) if first <= day <= last]
