"""A participant's own sessions, marks and rates, and the secret link to their calendar feed.

A participant's sessions are those within their enrollment dates, the window the attendance
rate counts (linkenglish.classes.rates): a cohort they never joined, and days before they
joined or after they left, never show up here or in the feed. Every list is one query.
"""

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, select
from sqlalchemy.orm import joinedload

from linkenglish.audit.services import audit_record
from linkenglish.classes.timetable import TimetableEntry, timetable_between, web_link
from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceMark,
    AttendanceStatus,
    ClassSession,
    Cohort,
    Enrollment,
    Role,
    SessionMode,
    User,
)
from linkenglish.models.base import lookup_hash
from linkenglish.timeutil import to_local
from linkenglish.visibility import own_sessions_condition

UPCOMING_DAYS = 14
HISTORY_LIMIT = 50
FEED_PAST_DAYS = 90
TOKEN_BYTES = 32
TOKEN_MAX_LENGTH = 100  # token_urlsafe(32) is 43 characters; anything far longer is junk


class CalendarLinkError(ValueError):
    """A change to the calendar link that the rules do not allow; the message says why."""


@dataclass(frozen=True)
class OwnSession:
    """One of a participant's sessions, with their own mark (None: no mark recorded)."""

    session_id: int
    cohort_name: str
    starts_at: datetime
    duration_minutes: int
    mode: SessionMode
    place: str | None
    meeting_url: str | None
    topic: str | None
    cancelled: bool
    cancellation_reason: str | None
    updated_at: datetime
    status: AttendanceStatus | None = None

    @property
    def ends_at(self) -> datetime:
        """When the session ends."""
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def link(self) -> str | None:
        """The meeting link, only when it is a web address safe to put in an href."""
        return web_link(self.meeting_url)

    @property
    def mark(self) -> str:
        """What the record says: a status, "cancelled", or "not_taken"."""
        if self.cancelled:
            return "cancelled"
        return AttendanceStatus(self.status).value if self.status else "not_taken"


@dataclass(frozen=True)
class CalendarOwner:
    """The login a calendar token belongs to."""

    user_id: int
    participant_id: int


OWN_COLUMNS = (
    ClassSession.id,
    Cohort.name,
    ClassSession.starts_at,
    ClassSession.duration_minutes,
    ClassSession.mode,
    ClassSession.place,
    ClassSession.meeting_url,
    ClassSession.topic,
    ClassSession.cancelled,
    ClassSession.cancellation_reason,
    ClassSession.updated_at,
)


def own_sessions(participant_id: int, *, with_mark: bool = False):
    """Select the participant's sessions within their enrollment dates (and their own mark)."""
    query = (
        select(*OWN_COLUMNS)
        .join(Cohort, Cohort.id == ClassSession.cohort_id)
        .where(own_sessions_condition(participant_id))
    )
    if with_mark:
        query = query.add_columns(AttendanceMark.status).outerjoin(
            AttendanceMark,
            and_(
                AttendanceMark.session_id == ClassSession.id,
                AttendanceMark.participant_id == participant_id,
            ),
        )
    return query


def own_enrollments_list(*, participant_id: int) -> list[Enrollment]:
    """List every cohort the participant was ever in, newest first, with the cohort loaded."""
    return list(
        db.session.scalars(
            select(Enrollment)
            .options(joinedload(Enrollment.cohort))
            .where(Enrollment.participant_id == participant_id)
            .order_by(Enrollment.enrolled_on.desc(), Enrollment.id.desc())
        )
    )


def own_upcoming_list(*, user: User, now: datetime) -> list[TimetableEntry]:
    """List the participant's sessions not yet over in the next two weeks, on enrolled days."""
    today = to_local(now).date()
    days = timetable_between(user=user, first=today, last=today + timedelta(days=UPCOMING_DAYS - 1))
    return [entry for _day, entries in days for entry in entries if entry.ends_at > now]


def own_history_list(
    *, participant_id: int, now: datetime, limit: int = HISTORY_LIMIT
) -> tuple[list[OwnSession], bool]:
    """List the latest sessions that have begun, with own marks, and whether there are more."""
    rows = db.session.execute(
        own_sessions(participant_id, with_mark=True)
        .where(ClassSession.starts_at < now)
        .order_by(ClassSession.starts_at.desc(), ClassSession.id.desc())
        .limit(limit + 1)
    ).all()
    return [OwnSession(*row) for row in rows[:limit]], len(rows) > limit


def own_next_session_find(*, participant_id: int, now: datetime) -> OwnSession | None:
    """Find the participant's next session that is not cancelled, if any."""
    row = db.session.execute(
        own_sessions(participant_id)
        .where(ClassSession.starts_at >= now, ClassSession.cancelled.is_(False))
        .order_by(ClassSession.starts_at, ClassSession.id)
        .limit(1)
    ).first()
    return OwnSession(*row) if row else None


def calendar_token_issue(user: User, action: str) -> str:
    """Give the user a new calendar token (the old one stops working) and audit it."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    user.calendar_token = token
    user.calendar_token_hash = lookup_hash(token, "calendar")
    # The event names the login only: the token must never reach the audit log.
    audit_record(action=action, actor=user, object_type="user", object_id=user.id)
    db.session.flush()
    return token


def calendar_link_create(*, user: User) -> str:
    """Create the user's calendar link; refuse when they have one (resetting is separate)."""
    if user.calendar_token_hash is not None:
        raise CalendarLinkError(_("You have a calendar link already."))
    return calendar_token_issue(user, "calendar_link.create")


def calendar_link_reset(*, user: User) -> str:
    """Replace the user's calendar link with a new one; the old one stops working at once."""
    if user.calendar_token_hash is None:
        raise CalendarLinkError(_("You have no calendar link to reset yet."))
    return calendar_token_issue(user, "calendar_link.reset")


def calendar_owner_find(*, token: str) -> CalendarOwner | None:
    """Find the active participant login this calendar token belongs to, or None."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    row = db.session.execute(
        select(User.id, User.participant_id, User.calendar_token).where(
            User.calendar_token_hash == lookup_hash(token, "calendar"),
            User.active.is_(True),
            User.role == Role.PARTICIPANT,
        )
    ).first()
    # The keyed hash folds case; the sealed token must match exactly.
    stored = row.calendar_token if row is not None else None
    if stored is None or not hmac.compare_digest(stored.encode(), token.encode()):
        return None
    return CalendarOwner(row.id, row.participant_id)


def calendar_sessions_list(*, participant_id: int, now: datetime) -> list[OwnSession]:
    """List the participant's sessions for the feed: the last 90 days' and all future ones."""
    rows = db.session.execute(
        own_sessions(participant_id)
        .where(ClassSession.starts_at >= now - timedelta(days=FEED_PAST_DAYS))
        .order_by(ClassSession.starts_at, ClassSession.id)
    ).all()
    return [OwnSession(*row) for row in rows]
