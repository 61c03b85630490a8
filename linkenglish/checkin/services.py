"""Self check-in: a teacher opens a window in which participants enter the code on the
screen, and are marked present or late through the attendance rules.

The clock is read through now() alone, so tests can move it. Codes are accepted for the
current minute and the one before (clock skew between the projector and the phone, and the
time it takes to type); older codes of the window are recognised only to say "expired".
"""

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from linkenglish.audit.services import audit_record
from linkenglish.checkin.codes import code_at, code_match, secret_new, step_bounds, time_step
from linkenglish.classes.attendance import MarkChoice, attendance_marks_save, enrolled_on_day
from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceMark,
    AttendanceStatus,
    CheckinAttempt,
    ClassSession,
    Enrollment,
    Participant,
    User,
    utcnow,
)
from linkenglish.timeutil import to_local

DEFAULT_MINUTES = 15
MAX_MINUTES = 120
DEFAULT_LATE_AFTER = 10
MAX_LATE_AFTER = 240  # the database refuses more
MAX_WRONG_TRIES = 5  # per participant and window; a new window starts the count again
EXPIRED_STEPS = 15  # how far back an old code of the window still reads as "expired"


def now() -> datetime:
    """Return the current time (the one place this feature reads the clock)."""
    return utcnow()


class CheckinError(ValueError):
    """A check-in window the rules do not allow; the view says why."""


class Outcome(enum.StrEnum):
    """What became of a code a participant entered."""

    PRESENT = "present"
    LATE = "late"
    ALREADY_MARKED = "already_marked"
    REPLAYED = "replayed"
    EXPIRED = "expired"
    NO_MATCH = "no_match"
    TOO_MANY_TRIES = "too_many_tries"


def window_is_open(session: ClassSession, at: datetime) -> bool:
    """Tell whether the session takes check-ins at this moment."""
    return (
        not session.cancelled
        and session.checkin_secret is not None
        and session.checkin_opens_at is not None
        and session.checkin_closes_at is not None
        and session.checkin_opens_at <= at < session.checkin_closes_at
    )


def on_session_day(session: ClassSession) -> bool:
    """Tell whether today, in the app's time zone, is the session's day."""
    return session.local_date == to_local(now()).date()


def checkin_window_open(
    *, session: ClassSession, minutes: int, late_after_minutes: int, by: User
) -> None:
    """Open (or restart) a session's check-in window with a fresh secret, from now."""
    at = now()
    if session.cancelled:
        raise CheckinError("cancelled")
    if not on_session_day(session):
        raise CheckinError("not_today")
    if not (1 <= minutes <= MAX_MINUTES and 0 <= late_after_minutes <= MAX_LATE_AFTER):
        raise CheckinError("out_of_range")
    session.checkin_secret = secret_new()
    session.checkin_opens_at = at
    session.checkin_closes_at = at + timedelta(minutes=minutes)
    session.checkin_late_after_minutes = late_after_minutes
    audit_record(action="checkin.open", actor=by, object_type="class_session", object_id=session.id)
    db.session.flush()


def checkin_window_close(*, session: ClassSession, by: User) -> bool:
    """Close a session's open window now and forget its secret; tell whether one was open."""
    at = now()
    if not window_is_open(session, at):
        return False
    session.checkin_secret = None  # no code can match any more, whatever the times say
    # The database wants a window to end after it began, even when closed at once.
    session.checkin_closes_at = max(at, session.checkin_opens_at + timedelta(seconds=1))
    audit_record(
        action="checkin.close", actor=by, object_type="class_session", object_id=session.id
    )
    db.session.flush()
    return True


@dataclass(frozen=True)
class CheckinState:
    """What the teacher's screen shows: the code of this minute while the window is open."""

    open: bool
    code: str | None
    minute: datetime  # the start of the minute the code belongs to
    next_code_at: datetime  # when the code changes
    closes_at: datetime | None
    checked_in: int
    roster: int

    @property
    def seconds_to_next_code(self) -> float:
        """Return the seconds until the code changes (never less than zero)."""
        return max(0.0, (self.next_code_at - now()).total_seconds())

    @property
    def minutes_left(self) -> int:
        """Return the whole minutes left in the window, rounded up."""
        if not self.open or self.closes_at is None:
            return 0
        return -int(-(self.closes_at - now()).total_seconds() // 60)


def checkin_state(*, session: ClassSession) -> CheckinState:
    """Return the window's state, this minute's code and how many checked in so far."""
    at = now()
    step = time_step(at)
    minute, next_code_at = step_bounds(step)
    is_open = window_is_open(session, at)
    checked_in = db.session.scalar(
        select(func.count(CheckinAttempt.id)).where(
            CheckinAttempt.session_id == session.id, CheckinAttempt.succeeded.is_(True)
        )
    )
    roster = db.session.scalar(select(func.count(Enrollment.id)).where(enrolled_on_day(session)))
    return CheckinState(
        open=is_open,
        code=code_at(session.checkin_secret, step) if is_open else None,
        minute=minute,
        next_code_at=next_code_at,
        closes_at=session.checkin_closes_at,
        checked_in=checked_in,
        roster=roster,
    )


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
    query = open_sessions(participant_id, now(), ClassSession.id).where(~marked.exists())
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
    at = now()
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
