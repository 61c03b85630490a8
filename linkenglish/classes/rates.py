"""Attendance rates, defined once and computed in grouped SQL for every page and report.

A participant's rate in a cohort = (present + late) / the sessions marked for them, counting
only sessions that are not cancelled, lie within their enrollment dates and are not marked
excused. Past sessions in that window with no mark are "not taken": listed, never counted
as absences.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select

from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceMark,
    AttendanceStatus,
    ClassSession,
    Enrollment,
    utcnow,
)
from linkenglish.visibility import enrolled_on_day


@dataclass(frozen=True)
class AttendanceRate:
    """One participant's attendance in one cohort."""

    participant_id: int
    cohort_id: int
    present: int
    late: int
    excused: int
    absent: int
    not_taken: int
    last_attended: date | None

    @property
    def counted(self) -> int:
        """Sessions that count: marked present, late or absent."""
        return self.present + self.late + self.absent

    @property
    def marked(self) -> int:
        """Sessions with a mark of any kind, excused included (what the roster calls marked)."""
        return self.counted + self.excused

    @property
    def rate(self) -> float | None:
        """(present + late) / counted, or None before anything counts."""
        return (self.present + self.late) / self.counted if self.counted else None


def counted_sessions(now: datetime):
    """(enrollment, session, mark) rows: past, not cancelled sessions within enrollment dates,
    with the participant's mark if there is one."""
    return (
        select(Enrollment.participant_id, Enrollment.cohort_id)
        .join(
            ClassSession,
            and_(
                enrolled_on_day(ClassSession),
                ClassSession.cancelled.is_(False),
                ClassSession.starts_at < now,
            ),
        )
        .outerjoin(
            AttendanceMark,
            and_(
                AttendanceMark.session_id == ClassSession.id,
                AttendanceMark.participant_id == Enrollment.participant_id,
            ),
        )
    )


def count_of(status: AttendanceStatus):
    """SUM of rows whose mark has this status."""
    return func.coalesce(func.sum(case((AttendanceMark.status == status, 1), else_=0)), 0)


def attendance_rates_select(
    *,
    cohort_ids: Iterable[int] | Select | None = None,
    participant_ids: Iterable[int] | Select | None = None,
    now: datetime,
    sessions_where: ColumnElement[bool] | None = None,
    enrollments_where: ColumnElement[bool] | None = None,
    rate_below: float | Fraction | None = None,
    min_counted: int | None = None,
) -> Select:
    """Build the grouped query behind attendance_rates, for reports that join or aggregate it."""
    # Its columns: participant_id, cohort_id, present, late, excused, absent, not_taken,
    # last_attended. sessions_where narrows the sessions that count (a date range, the sessions
    # a partner teaches); enrollments_where, the enrollments (only active ones, say), so that
    # nothing is aggregated for rows a report would drop afterwards; rate_below and min_counted
    # keep, in HAVING, the rows whose rate is under that fraction after at least that many
    # counted sessions.
    attended = or_(
        AttendanceMark.status == AttendanceStatus.PRESENT,
        AttendanceMark.status == AttendanceStatus.LATE,
    )
    present, late, absent = (
        count_of(status)
        for status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT)
    )
    query = counted_sessions(now).add_columns(
        present.label("present"),
        late.label("late"),
        count_of(AttendanceStatus.EXCUSED).label("excused"),
        absent.label("absent"),
        func.coalesce(func.sum(case((AttendanceMark.id.is_(None), 1), else_=0)), 0).label(
            "not_taken"
        ),
        func.max(case((attended, ClassSession.local_date), else_=None)).label("last_attended"),
    )
    if cohort_ids is not None:
        query = query.where(Enrollment.cohort_id.in_(cohort_ids))
    if participant_ids is not None:
        query = query.where(Enrollment.participant_id.in_(participant_ids))
    if sessions_where is not None:
        query = query.where(sessions_where)
    if enrollments_where is not None:
        query = query.where(enrollments_where)
    query = query.group_by(Enrollment.participant_id, Enrollment.cohort_id)
    counted = present + late + absent
    if min_counted is not None:
        query = query.having(counted >= min_counted)
    if rate_below is not None:
        # Whole numbers on both sides: 7 of 100 is not under 7%, as float arithmetic might say.
        below = Fraction(rate_below).limit_denominator(10_000)
        query = query.having(
            counted > 0, (present + late) * below.denominator < counted * below.numerator
        )
    return query


def attendance_rate_from_row(row) -> AttendanceRate:
    """Turn a row of attendance_rates_select into an AttendanceRate."""
    participant_id, cohort_id, *counts, last = row[:8]
    if isinstance(last, str):  # SQLite returns MAX() of a date as text
        last = date.fromisoformat(last)
    return AttendanceRate(participant_id, cohort_id, *(int(count) for count in counts), last)


def attendance_rates(
    *,
    cohort_ids: Iterable[int] | Select | None = None,
    participant_ids: Iterable[int] | Select | None = None,
    now: datetime | None = None,
    sessions_where: ColumnElement[bool] | None = None,
    rate_below: float | Fraction | None = None,
    min_counted: int | None = None,
) -> dict[tuple[int, int], AttendanceRate]:
    """Rates keyed by (participant id, cohort id), for the cohorts and/or participants given;
    one grouped query whatever their number (see attendance_rates_select for the filters)."""
    query = attendance_rates_select(
        cohort_ids=cohort_ids,
        participant_ids=participant_ids,
        now=now or utcnow(),
        sessions_where=sessions_where,
        rate_below=rate_below,
        min_counted=min_counted,
    )
    rates = {}
    for row in db.session.execute(query):
        rate = attendance_rate_from_row(row)
        rates[(rate.participant_id, rate.cohort_id)] = rate
    return rates
