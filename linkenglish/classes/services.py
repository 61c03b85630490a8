"""Class sessions (one-off or weekly series) and attendance marks with their history."""

import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceMark,
    AttendanceMarkChange,
    AttendanceStatus,
    ClassSession,
    Cohort,
    Enrollment,
    Participant,
    SessionMode,
    User,
    utcnow,
)
from linkenglish.timeutil import from_local, to_local


class AttendanceError(ValueError):
    """An attendance mark the rules do not allow; the message says why."""


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
    day = to_local(session.starts_at).date()
    enrollment = db.session.scalar(
        select(Enrollment).where(
            Enrollment.cohort_id == session.cohort_id,
            Enrollment.participant_id == participant.id,
        )
    )
    if enrollment is None or enrollment.enrolled_on > day:
        return None
    if enrollment.ended_on is not None and enrollment.ended_on < day:
        return None
    return enrollment


def attendance_mark_set(
    *,
    session: ClassSession,
    participant: Participant,
    status: AttendanceStatus,
    by: User | None,
    remark: str | None = None,
) -> AttendanceMark:
    """Record or change a mark; a change keeps the earlier value in the mark's history."""
    if session.cancelled:
        raise AttendanceError("This session was cancelled; it takes no attendance.")
    if enrollment_on(session, participant) is None:
        raise AttendanceError("This participant was not enrolled in the cohort on that day.")
    remark = (remark or "").strip() or None
    mark = db.session.scalar(
        select(AttendanceMark).where(
            AttendanceMark.session_id == session.id,
            AttendanceMark.participant_id == participant.id,
        )
    )
    if mark is None:
        mark = AttendanceMark(session_id=session.id, participant_id=participant.id)
        db.session.add(mark)
    elif (mark.status, mark.remark) == (status, remark):
        return mark
    else:
        db.session.add(
            AttendanceMarkChange(
                mark_id=mark.id,
                status=mark.status,
                remark=mark.remark,
                recorded_by_id=mark.recorded_by_id,
                recorded_at=mark.recorded_at,
                replaced_by_id=by.id if by else None,
            )
        )
    mark.status = status
    mark.remark = remark
    mark.recorded_by_id = by.id if by else None
    mark.recorded_at = utcnow()
    db.session.flush()
    return mark
