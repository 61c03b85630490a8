"""Class sessions (one-off or weekly series) and attendance marks with their history."""

import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from linkenglish.classes.attendance import AttendanceError as AttendanceError
from linkenglish.classes.attendance import MarkChoice, attendance_marks_save
from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceMark,
    AttendanceStatus,
    ClassSession,
    Cohort,
    Enrollment,
    Participant,
    SessionMode,
    User,
)
from linkenglish.timeutil import from_local
from linkenglish.visibility import enrolled_on_day


def class_session_create(
    *,
    cohort: Cohort,
    starts_at: datetime,
    duration_minutes: int,
    mode: SessionMode,
    place: str | None = None,
    meeting_url: str | None = None,
    topic: str | None = None,
    teacher: User | None = None,
    series_id: str | None = None,
) -> ClassSession:
    """Schedule one class session; the cohort's teaching partner teaches it."""
    if duration_minutes <= 0:
        raise ValueError("A session lasts at least a minute.")
    session = ClassSession(
        cohort_id=cohort.id,
        partner_id=cohort.partner_id,
        teacher_id=teacher.id if teacher else None,
        series_id=series_id,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        place=place,
        meeting_url=meeting_url,
        topic=topic,
    )
    db.session.add(session)
    db.session.flush()
    return session


def weekly_dates(
    first: date, last: date, weekdays: Iterable[int], skip: Iterable[date] = ()
) -> list[date]:
    """The dates from first to last falling on weekdays (Monday is 0), less those to skip."""
    weekdays, skip = set(weekdays), set(skip)
    days = (first + timedelta(days=offset) for offset in range((last - first).days + 1))
    return [day for day in days if day.weekday() in weekdays and day not in skip]


def class_series_create(
    *,
    cohort: Cohort,
    first: date,
    last: date,
    weekdays: Iterable[int],
    local_start: time,
    duration_minutes: int,
    mode: SessionMode,
    skip: Iterable[date] = (),
    **details,
) -> list[ClassSession]:
    """Schedule a weekly series; local_start is in the app's time zone on every date."""
    series_id = uuid.uuid4().hex
    return [
        class_session_create(
            cohort=cohort,
            starts_at=from_local(datetime.combine(day, local_start)),
            duration_minutes=duration_minutes,
            mode=mode,
            series_id=series_id,
            **details,
        )
        for day in weekly_dates(first, last, weekdays, skip)
    ]


def class_session_cancel(*, session: ClassSession, reason: str) -> None:
    """Cancel a session; a cancelled session counts against nobody."""
    if not reason.strip():
        raise ValueError("Say why the session is cancelled.")
    session.cancelled = True
    session.cancellation_reason = reason.strip()
    db.session.flush()


def enrollment_on(session: ClassSession, participant: Participant) -> Enrollment | None:
    """The participant's enrollment in the session's cohort covering the session's date."""
    return db.session.scalar(
        select(Enrollment).where(
            enrolled_on_day(session), Enrollment.participant_id == participant.id
        )
    )


def attendance_mark_set(
    *,
    session: ClassSession,
    participant: Participant,
    status: AttendanceStatus,
    by: User | None,
    remark: str | None = None,
) -> AttendanceMark:
    """Record or change a mark; a change keeps the earlier value in the mark's history."""
    saved = attendance_marks_save(
        session=session, choices={participant.id: MarkChoice(status, remark)}, by=by
    )
    return saved.marks[participant.id]
