"""A cohort's attendance matrix: participants × sessions with each mark, each participant's
rate and counts, and each session's count of present or late; four queries whatever the size
(roster, sessions with their counts, marks, rates)."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, select

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
from linkenglish.reports.access import report_sessions_condition
from linkenglish.reports.trends import Period
from linkenglish.visibility import enrolled_on_day, participant_listed

# What a cell holds besides a mark's status.
OUTSIDE = "outside"  # the session falls outside the participant's enrollment
NOT_TAKEN = "not_taken"  # past, no mark yet: never an absence
UPCOMING = "upcoming"
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
COUNTED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT)


@dataclass(frozen=True)
class MatrixSession:
    """A session of the cohort with its count of present or late and of counted marks."""

    id: int
    starts_at: datetime
    local_date: date
    topic: str | None
    cancelled: bool
    cancellation_reason: str | None
    attended: int
    counted: int
    past: bool


@dataclass(frozen=True)
class MatrixRow:
    """One participant: enrollment, a cell per session column, and their rate."""

    participant_id: int
    preferred_name: str
    enrolled_on: date
    ended_on: date | None
    status: EnrollmentStatus
    cells: list[str]
    rate: AttendanceRate | None


@dataclass(frozen=True)
class CohortMatrix:
    """The matrix: session columns (not cancelled), the cancelled sessions left out, rows."""

    sessions: list[MatrixSession]
    cancelled: list[MatrixSession]
    rows: list[MatrixRow]

    @property
    def periods(self) -> list[Period]:
        """Return each past session with counted marks, for the chart."""
        return [
            Period(session.local_date, session.attended, session.counted)
            for session in self.sessions
            if session.past and session.counted
        ]


def marks_counted_at_session(statuses):
    """Return a correlated count of a session's marks with these statuses, within enrollment."""
    enrolled = and_(
        Enrollment.participant_id == AttendanceMark.participant_id, enrolled_on_day(ClassSession)
    )
    return (
        select(func.count(AttendanceMark.id))
        .select_from(AttendanceMark)
        .join(Enrollment, enrolled)
        .where(AttendanceMark.session_id == ClassSession.id, AttendanceMark.status.in_(statuses))
        .correlate(ClassSession)
        .scalar_subquery()
    )


def cell_for(session: MatrixSession, enrollment, mark: AttendanceStatus | None) -> str:
    """Say what one participant's cell of one session holds."""
    _participant_id, _name, enrolled_on, ended_on, _status = enrollment
    if session.local_date < enrolled_on or (ended_on is not None and session.local_date > ended_on):
        return OUTSIDE
    if mark is not None:
        return AttendanceStatus(mark).value
    return NOT_TAKEN if session.past else UPCOMING


def cohort_attendance_matrix(
    *, cohort: Cohort, user: User, now: datetime | None = None
) -> CohortMatrix:
    """Build a cohort's matrix of the sessions this user may see, in four queries."""
    now = now or utcnow()
    shown = report_sessions_condition(user)
    # Ids and preferred names only: nothing encrypted is loaded or decrypted.
    roster = db.session.execute(
        select(
            Enrollment.participant_id,
            Participant.preferred_name,
            Enrollment.enrolled_on,
            Enrollment.ended_on,
            Enrollment.status,
        )
        .join(Participant, Participant.id == Enrollment.participant_id)
        .where(Enrollment.cohort_id == cohort.id, participant_listed())
        .order_by(Participant.preferred_name, Participant.id)
    ).all()
    sessions = [
        MatrixSession(*row, past=row.starts_at < now)
        for row in db.session.execute(
            select(
                ClassSession.id,
                ClassSession.starts_at,
                ClassSession.local_date,
                ClassSession.topic,
                ClassSession.cancelled,
                ClassSession.cancellation_reason,
                marks_counted_at_session(ATTENDED).label("attended"),
                marks_counted_at_session(COUNTED).label("counted"),
            )
            .where(ClassSession.cohort_id == cohort.id, shown)
            .order_by(ClassSession.starts_at, ClassSession.id)
        )
    ]
    marks = {
        (participant_id, session_id): status
        for participant_id, session_id, status in db.session.execute(
            select(AttendanceMark.participant_id, AttendanceMark.session_id, AttendanceMark.status)
            .join(ClassSession, ClassSession.id == AttendanceMark.session_id)
            .where(ClassSession.cohort_id == cohort.id, ClassSession.cancelled.is_(False), shown)
        )
    }
    rates = attendance_rates(cohort_ids=[cohort.id], now=now, sessions_where=shown)
    columns = [session for session in sessions if not session.cancelled]
    rows = [
        MatrixRow(
            participant_id=enrollment.participant_id,
            preferred_name=enrollment.preferred_name,
            enrolled_on=enrollment.enrolled_on,
            ended_on=enrollment.ended_on,
            status=enrollment.status,
            cells=[
                cell_for(session, enrollment, marks.get((enrollment.participant_id, session.id)))
                for session in columns
            ],
            rate=rates.get((enrollment.participant_id, cohort.id)),
        )
        for enrollment in roster
    ]
    return CohortMatrix(columns, [s for s in sessions if s.cancelled], rows)
