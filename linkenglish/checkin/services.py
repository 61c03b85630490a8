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
from linkenglish.checkin.codes import code_at, secret_new, step_bounds, time_step
from linkenglish.extensions import db
from linkenglish.models import (
    CheckinAttempt,
    ClassSession,
    Enrollment,
    User,
    utcnow,
)
from linkenglish.timeutil import to_local
from linkenglish.visibility import enrolled_on_day, enrollment_listed

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
    roster = db.session.scalar(
        select(func.count(Enrollment.id)).where(enrolled_on_day(session), enrollment_listed())
    )
    return CheckinState(
        open=is_open,
        code=code_at(session.checkin_secret, step) if is_open else None,
        minute=minute,
        next_code_at=next_code_at,
        closes_at=session.checkin_closes_at,
        checked_in=checked_in,
        roster=roster,
    )
