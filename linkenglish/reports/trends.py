"""Attendance over time, week by week, in one grouped query: the data behind the charts.

A week's rate pools every counted mark of the week (present + late over present, late and
absent), over the same rows as the one rate (classes.rates.counted_sessions): sessions not
cancelled, already past, within each participant's enrollment.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, Select, bindparam, false
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from linkenglish.classes.rates import count_of, counted_sessions
from linkenglish.extensions import db
from linkenglish.models import AttendanceStatus, ClassSession, Enrollment


class week_start(FunctionElement):
    """The Monday of a date's week, as a date, on SQLite and PostgreSQL alike."""

    type = Date()
    name = "week_start"
    inherit_cache = True


@compiles(week_start, "sqlite")
def week_start_sqlite(element, compiler, **kw) -> str:
    """Move to the week's Sunday, then back six days (SQLite has no date_trunc)."""
    return f"date({compiler.process(element.clauses, **kw)}, 'weekday 0', '-6 days')"


@compiles(week_start)
def week_start_postgresql(element, compiler, **kw) -> str:
    """Truncate to the ISO week, which starts on Monday."""
    return f"CAST(date_trunc('week', {compiler.process(element.clauses, **kw)}) AS DATE)"


@dataclass(frozen=True)
class Period:
    """Counted marks over one period (a week or a session): how many attended of how many."""

    starts_on: date
    attended: int
    counted: int

    @property
    def rate(self) -> float:
        """Attended over counted; periods without counted marks are never built."""
        return self.attended / self.counted


def enrollment_in(ids: list[int]):
    """A WHERE condition on Enrollment: one of these enrollments."""
    if not ids:
        return false()
    # Rendered inline, not bound: thousands of ids would pass SQLite's and PostgreSQL's limits
    # on bound parameters. They are integers read from the database.
    return Enrollment.id.in_(bindparam("enrollment_ids", ids, expanding=True, literal_execute=True))


def weekly_attendance(
    *,
    now: datetime,
    sessions_where=None,
    cohort_ids: Select | list[int] | None = None,
    participant_ids: list[int] | None = None,
    enrollment_ids: list[int] | None = None,
) -> list[Period]:
    """Return the weeks with counted marks, oldest first, for the enrollments asked for."""
    # enrollment_ids: the only enrollments to keep, as values already read, so a caller that
    # has aggregated them does not make this query aggregate them again.
    present, late, absent = (
        count_of(status)
        for status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT)
    )
    week = week_start(ClassSession.local_date).label("week")
    counted = present + late + absent
    query = counted_sessions(now).with_only_columns(
        week,
        (present + late).label("attended"),
        counted.label("counted"),
        maintain_column_froms=True,  # keep FROM enrollments, which the joins start from
    )
    if enrollment_ids is not None:
        query = query.where(enrollment_in(enrollment_ids))
    if cohort_ids is not None:
        query = query.where(Enrollment.cohort_id.in_(cohort_ids))
    if participant_ids is not None:
        query = query.where(Enrollment.participant_id.in_(participant_ids))
    if sessions_where is not None:
        query = query.where(sessions_where)
    query = query.group_by(week).having(counted > 0).order_by(week)
    return [
        Period(starts_on, int(attended), int(total))
        for starts_on, attended, total in db.session.execute(query)
    ]
