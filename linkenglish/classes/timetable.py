"""The timetable: the class sessions a user may see, day by day, in fixed-cost queries."""

import itertools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select

from linkenglish.classes.scheduling import EARLIEST, LATEST
from linkenglish.extensions import db
from linkenglish.models import ClassSession, Cohort, User
from linkenglish.timeutil import from_local, to_local
from linkenglish.visibility import visible_sessions_condition

WEB_SCHEMES = {"http", "https"}
PAGE_DAYS = 14


@dataclass(frozen=True)
class TimetableEntry:
    """A session with the names a timetable shows next to it."""

    session: ClassSession
    cohort_name: str
    teacher_name: str | None

    @property
    def ends_at(self) -> datetime:
        """When the session ends."""
        return self.session.starts_at + timedelta(minutes=self.session.duration_minutes)

    @property
    def link(self) -> str | None:
        """The meeting link, only when it is a web address safe to put in an href."""
        return web_link(self.session.meeting_url)


def web_link(url: str | None) -> str | None:
    """Return url when it is an http(s) address, else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in WEB_SCHEMES and parts.netloc else None


def timetable_window(*, requested: str | None, past: bool, today: date) -> tuple[date, date]:
    """The first and last day of a timetable page: two weeks from `requested` (YYYY-MM-DD),
    else from today, or from two weeks back when past sessions are wanted; never before
    today unless they are."""
    try:
        first = date.fromisoformat(requested or "")
    except ValueError:
        first = None
    if first is None or not EARLIEST <= first <= LATEST:
        first = today - timedelta(days=PAGE_DAYS) if past else today
    if not past:
        first = max(first, today)
    return first, first + timedelta(days=PAGE_DAYS - 1)


def day_start(day: date) -> datetime:
    """Midnight at the start of a local day, in UTC."""
    return from_local(datetime.combine(day, time()))


def entries_query(user: User, cohort_id: int | None):
    """Sessions this user may see (of one cohort, if given), with cohort and teacher names."""
    query = (
        select(ClassSession, Cohort.name, User.display_name)
        .join(Cohort, Cohort.id == ClassSession.cohort_id)
        .outerjoin(User, User.id == ClassSession.teacher_id)
        .where(visible_sessions_condition(user))
        .order_by(ClassSession.starts_at, ClassSession.id)
    )
    if cohort_id is not None:
        query = query.where(ClassSession.cohort_id == cohort_id)
    return query


def timetable_between(
    *, user: User, first: date, last: date, cohort_id: int | None = None
) -> list[tuple[date, list[TimetableEntry]]]:
    """The sessions from first to last (local days), grouped by day, in one query."""
    rows = db.session.execute(
        entries_query(user, cohort_id).where(
            ClassSession.starts_at >= day_start(first),
            ClassSession.starts_at < day_start(last + timedelta(days=1)),
        )
    ).all()
    entries = [
        TimetableEntry(session, cohort_name, teacher) for session, cohort_name, teacher in rows
    ]
    return [
        (day, list(group))
        for day, group in itertools.groupby(entries, key=lambda entry: entry.session.local_date)
    ]


def session_day(user: User, cohort_id: int | None, edge, *conditions) -> date | None:
    """The local day of the first (edge=func.min) or last (func.max) session this user may see
    that meets the conditions, in one query on the starts_at indexes."""
    query = select(edge(ClassSession.starts_at)).where(
        visible_sessions_condition(user), *conditions
    )
    if cohort_id is not None:
        query = query.where(ClassSession.cohort_id == cohort_id)
    starts_at = db.session.scalar(query)
    return None if starts_at is None else to_local(starts_at).date()


def timetable_next_day(*, user: User, after: date, cohort_id: int | None = None) -> date | None:
    """The first local day after `after` with a session this user may see, if any."""
    return session_day(
        user, cohort_id, func.min, ClassSession.starts_at >= day_start(after + timedelta(days=1))
    )


def timetable_previous_day(
    *, user: User, before: date, cohort_id: int | None = None, since: date | None = None
) -> date | None:
    """The last local day before `before` (and not before `since`) with a session this user
    may see, if any."""
    conditions = [ClassSession.starts_at < day_start(before)]
    if since is not None:
        conditions.append(ClassSession.starts_at >= day_start(since))
    return session_day(user, cohort_id, func.max, *conditions)


def timetable_upcoming(
    *, user: User, cohort_id: int, today: date, limit: int = 5
) -> list[TimetableEntry]:
    """The next few sessions of a cohort from today on, in one query."""
    rows = db.session.execute(
        entries_query(user, cohort_id)
        .where(ClassSession.starts_at >= day_start(today))
        .limit(limit)
    ).all()
    return [TimetableEntry(session, cohort_name, teacher) for session, cohort_name, teacher in rows]
