"""One participant's attendance across all their cohorts: a rate per cohort and their sessions
with marks, a page at a time, limited to what the viewer may see."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, select

from linkenglish.classes.rates import AttendanceRate, attendance_rates
from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceMark,
    AttendanceStatus,
    ClassSession,
    Cohort,
    Enrollment,
    EnrollmentStatus,
    Participant,
    User,
    utcnow,
)
from linkenglish.reports.access import report_cohorts_condition, report_sessions_condition
from linkenglish.reports.trends import Period, weekly_attendance
from linkenglish.visibility import enrolled_on_day

SESSIONS_PER_PAGE = 50


@dataclass(frozen=True)
class CohortRecord:
    """The participant in one cohort: enrollment and rate."""

    cohort_id: int
    cohort_name: str
    enrolled_on: date
    ended_on: date | None
    status: EnrollmentStatus
    rate: AttendanceRate | None


@dataclass(frozen=True)
class SessionEntry:
    """A past session within one of the participant's enrollments, with their mark."""

    session_id: int
    cohort_id: int
    cohort_name: str
    starts_at: datetime
    topic: str | None
    cancelled: bool
    mark: AttendanceStatus | None


@dataclass(frozen=True)
class ParticipantRecord:
    """Cohorts with rates, one page of sessions (newest first), and weeks for the chart."""

    cohorts: list[CohortRecord]
    sessions: list[SessionEntry]
    page: int
    more: bool
    weeks: list[Period]


def participant_cohort_records(*, participant: Participant, user: User, now: datetime):
    """Return the participant's cohorts this user may see, newest first, with rates."""
    visible = select(Cohort.id).where(report_cohorts_condition(user))
    rates = attendance_rates(
        participant_ids=[participant.id],
        cohort_ids=visible,
        now=now,
        sessions_where=report_sessions_condition(user),
    )
    rows = db.session.execute(
        select(
            Enrollment.cohort_id,
            Cohort.name,
            Enrollment.enrolled_on,
            Enrollment.ended_on,
            Enrollment.status,
        )
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(Enrollment.participant_id == participant.id, report_cohorts_condition(user))
        .order_by(Enrollment.enrolled_on.desc(), Enrollment.id.desc())
    )
    return [CohortRecord(*row, rate=rates.get((participant.id, row.cohort_id))) for row in rows]


def participant_session_entries(
    *, participant: Participant, user: User, now: datetime, page: int
) -> tuple[list[SessionEntry], bool]:
    """Return a page of past sessions within the enrollments, and whether more follow."""
    # One row more than a page is read, instead of counting them all.
    within = and_(enrolled_on_day(ClassSession), Enrollment.participant_id == participant.id)
    rows = db.session.execute(
        select(
            ClassSession.id,
            ClassSession.cohort_id,
            Cohort.name,
            ClassSession.starts_at,
            ClassSession.topic,
            ClassSession.cancelled,
            AttendanceMark.status,
        )
        .join(Enrollment, within)
        .join(Cohort, Cohort.id == ClassSession.cohort_id)
        .outerjoin(
            AttendanceMark,
            and_(
                AttendanceMark.session_id == ClassSession.id,
                AttendanceMark.participant_id == participant.id,
            ),
        )
        .where(
            report_cohorts_condition(user),
            report_sessions_condition(user),
            ClassSession.starts_at < now,
        )
        .order_by(ClassSession.starts_at.desc(), ClassSession.id.desc())
        .limit(SESSIONS_PER_PAGE + 1)
        .offset((page - 1) * SESSIONS_PER_PAGE)
    ).all()
    entries = [SessionEntry(*row) for row in rows[:SESSIONS_PER_PAGE]]
    return entries, len(rows) > SESSIONS_PER_PAGE


def participant_attendance(
    *, participant: Participant, user: User, page: int = 1, now: datetime | None = None
) -> ParticipantRecord:
    """Build a participant's record as this user may see it, in three queries."""
    now = now or utcnow()
    sessions, more = participant_session_entries(
        participant=participant, user=user, now=now, page=page
    )
    weeks = weekly_attendance(
        now=now,
        participant_ids=[participant.id],
        cohort_ids=select(Cohort.id).where(report_cohorts_condition(user)),
        sessions_where=report_sessions_condition(user),
    )
    return ParticipantRecord(
        participant_cohort_records(participant=participant, user=user, now=now),
        sessions,
        page,
        more,
        weeks,
    )
