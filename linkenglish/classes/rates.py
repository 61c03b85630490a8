"""Attendance rates, defined once and computed in grouped SQL for every page and report.

A participant's rate in a cohort = (present + late) / the sessions marked for them, counting
only sessions that are not cancelled, lie within their enrollment dates and are not marked
excused. Past sessions in that window with no mark are "not taken": listed, never counted
as absences.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, or_, select

from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceMark,
    AttendanceStatus,
    ClassSession,
    Enrollment,
    utcnow,
)


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
                ClassSession.cohort_id == Enrollment.cohort_id,
                ClassSession.cancelled.is_(False),
                ClassSession.starts_at < now,
                ClassSession.local_date >= Enrollment.enrolled_on,
                or_(Enrollment.ended_on.is_(None), ClassSession.local_date <= Enrollment.ended_on),
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


def attendance_rates(
    *,
    cohort_ids: list[int] | None = None,
    participant_ids: list[int] | None = None,
    now: datetime | None = None,
) -> dict[tuple[int, int], AttendanceRate]:
    """Rates keyed by (participant id, cohort id), for the cohorts and/or participants given;
    one grouped query whatever their number."""
    now = now or utcnow()
    attended = or_(
        AttendanceMark.status == AttendanceStatus.PRESENT,
        AttendanceMark.status == AttendanceStatus.LATE,
    )
    query = counted_sessions(now).add_columns(
        count_of(AttendanceStatus.PRESENT),
        count_of(AttendanceStatus.LATE),
        count_of(AttendanceStatus.EXCUSED),
        count_of(AttendanceStatus.ABSENT),
        func.coalesce(func.sum(case((AttendanceMark.id.is_(None), 1), else_=0)), 0),
        func.max(case((attended, ClassSession.local_date), else_=None)),
    )
    if cohort_ids is not None:
        query = query.where(Enrollment.cohort_id.in_(cohort_ids))
    if participant_ids is not None:
        query = query.where(Enrollment.participant_id.in_(participant_ids))
    query = query.group_by(Enrollment.participant_id, Enrollment.cohort_id)
    rates = {}
    for participant_id, cohort_id, *counts, last in db.session.execute(query):
        if isinstance(last, str):  # SQLite returns MAX() of a date as text
            last = date.fromisoformat(last)
        rates[(participant_id, cohort_id)] = AttendanceRate(
            participant_id, cohort_id, *(int(count) for count in counts), last
        )
    return rates
