"""Self check-in, the participant's side: entering the code on a phone.

The clock is linkenglish.checkin.services.now, read through the module so tests move it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from linkenglish.audit.services import audit_record
from linkenglish.checkin import services
from linkenglish.checkin.codes import code_match, time_step
from linkenglish.checkin.services import EXPIRED_STEPS, MAX_WRONG_TRIES, Outcome
from linkenglish.classes.attendance import MarkChoice, attendance_marks_save
from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceMark,
    AttendanceStatus,
    CheckinAttempt,
    ClassSession,
    Enrollment,
    Participant,
    User,
)
from linkenglish.visibility import enrolled_on_day


def open_sessions(participant_id: int, at: datetime, *columns):
    """Return a query of sessions with an open window whose cohort had the participant
    enrolled on the session's day (columns: what to select, the sessions by default)."""
    # enrolled_on_day reads cohort_id and local_date off what it is given: the mapped class
    # gives the SQL columns, so the join follows each session's own day.
    return (
        select(*(columns or (ClassSession,)))
        .join(Enrollment, enrolled_on_day(ClassSession))
        .where(
            Enrollment.participant_id == participant_id,
            ClassSession.cancelled.is_(False),
            ClassSession.checkin_secret.is_not(None),
            ClassSession.checkin_opens_at <= at,
            ClassSession.checkin_closes_at > at,
        )
    )


def checkin_open_for(*, participant_id: int, session: ClassSession | None = None) -> bool:
    """Tell whether a session of this participant (this one, if given) takes check-ins now
    and has no mark of theirs yet."""
    marked = select(AttendanceMark.id).where(
        AttendanceMark.session_id == ClassSession.id,
        AttendanceMark.participant_id == participant_id,
    )
    query = open_sessions(participant_id, services.now(), ClassSession.id).where(~marked.exists())
    if session is not None:
        query = query.where(ClassSession.id == session.id)
    return db.session.scalar(query.limit(1)) is not None


@dataclass(frozen=True)
class CheckinResult:
    """The outcome of a code, and the participant's own session when one matched."""

    outcome: Outcome
    session: ClassSession | None = None


def checkin_code_submit(*, user: User, code: str) -> CheckinResult:
    """Check a participant in with the code they typed, recording the attempt."""
    at = services.now()
    participant_id = user.participant_id
    # One participant's attempts one after another (PostgreSQL), so the count holds.
    db.session.execute(
        select(Participant.id).where(Participant.id == participant_id).with_for_update()
    )
    sessions = list(
        db.session.scalars(
            open_sessions(participant_id, at).order_by(ClassSession.starts_at, ClassSession.id)
        )
    )
    if not sessions:
        return CheckinResult(Outcome.NO_MATCH)
    wrong = wrong_tries(participant_id, sessions)
    usable = [s for s in sessions if wrong.get(s.id, 0) < MAX_WRONG_TRIES]
    if not usable:
        return CheckinResult(Outcome.TOO_MANY_TRIES)
    current = time_step(at)
    for session in usable:
        earliest = time_step(session.checkin_opens_at)
        accepted = [step for step in (current, current - 1) if step >= earliest]
        step = code_match(session.checkin_secret, code, accepted)
        if step is not None:
            return code_accept(session=session, user=user, step=step, at=at)

    expired = any(
        code_match(
            session.checkin_secret,
            code,
            range(max(time_step(session.checkin_opens_at), current - EXPIRED_STEPS), current - 1),
        )
        is not None
        for session in usable
    )
    locked = 0
    for session in usable:
        db.session.add(attempt(session, participant_id, at, step=None))
        if wrong.get(session.id, 0) + 1 >= MAX_WRONG_TRIES:
            locked += 1
            audit_record(
                action="checkin.lockout",
                actor=user,
                object_type="class_session",
                object_id=session.id,
                detail={"participant_id": participant_id},
            )
    db.session.flush()
    if locked == len(usable):
        return CheckinResult(Outcome.TOO_MANY_TRIES)
    return CheckinResult(Outcome.EXPIRED if expired else Outcome.NO_MATCH)


def wrong_tries(participant_id: int, sessions: list[ClassSession]) -> dict[int, int]:
    """Count the participant's wrong codes in each session's current window, in SQL."""
    rows = db.session.execute(
        select(CheckinAttempt.session_id, func.count(CheckinAttempt.id))
        .join(ClassSession, ClassSession.id == CheckinAttempt.session_id)
        .where(
            CheckinAttempt.session_id.in_([s.id for s in sessions]),
            CheckinAttempt.participant_id == participant_id,
            CheckinAttempt.step.is_(None),
            CheckinAttempt.attempted_at >= ClassSession.checkin_opens_at,
        )
        .group_by(CheckinAttempt.session_id)
    )
    return dict(rows.all())


def attempt(session, participant_id, at, *, step, succeeded=False) -> CheckinAttempt:
    """Return a new attempt row."""
    return CheckinAttempt(
        session_id=session.id,
        participant_id=participant_id,
        attempted_at=at,
        step=step,
        succeeded=succeeded,
    )


def code_accept(*, session: ClassSession, user: User, step: int, at: datetime) -> CheckinResult:
    """Mark a participant whose code matched, unless the code was used or a mark exists."""
    participant_id = user.participant_id
    used = select(CheckinAttempt.id).where(
        CheckinAttempt.session_id == session.id,
        CheckinAttempt.participant_id == participant_id,
        CheckinAttempt.succeeded.is_(True),
        CheckinAttempt.step == step,
        CheckinAttempt.attempted_at >= session.checkin_opens_at,
    )
    marked = select(AttendanceMark.id).where(
        AttendanceMark.session_id == session.id, AttendanceMark.participant_id == participant_id
    )
    outcome = None
    if db.session.scalar(used) is not None:
        outcome = Outcome.REPLAYED
    elif db.session.scalar(marked) is not None:
        outcome = Outcome.ALREADY_MARKED
    if outcome is not None:
        db.session.add(attempt(session, participant_id, at, step=step))
        db.session.flush()
        return CheckinResult(outcome, session)
    late = at > session.starts_at + timedelta(minutes=session.checkin_late_after_minutes)
    status = AttendanceStatus.LATE if late else AttendanceStatus.PRESENT
    # if_unmarked: the rules never overwrite a mark, even one saved a moment ago.
    saved = attendance_marks_save(
        session=session, choices={}, if_unmarked={participant_id: MarkChoice(status)}, by=user
    )
    succeeded = saved.recorded == 1
    db.session.add(attempt(session, participant_id, at, step=step, succeeded=succeeded))
    db.session.flush()
    if not succeeded:
        return CheckinResult(Outcome.ALREADY_MARKED, session)
    return CheckinResult(Outcome.LATE if late else Outcome.PRESENT, session)
