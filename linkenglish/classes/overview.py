"""Sessions at a glance: today and this week, and past sessions whose attendance is missing."""

from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from linkenglish.extensions import db
from linkenglish.models import AttendanceMark, ClassSession, Enrollment, User
from linkenglish.visibility import (
    enrolled_on_day,
    enrollment_listed,
    visible_sessions_condition,
)


def sessions_between(*, user: User, start: datetime, end: datetime) -> list[ClassSession]:
    """Sessions this user may see starting in [start, end), cancelled ones included."""
    return list(
        db.session.scalars(
            select(ClassSession)
            .options(joinedload(ClassSession.cohort))
            .where(
                visible_sessions_condition(user),
                ClassSession.starts_at >= start,
                ClassSession.starts_at < end,
            )
            .order_by(ClassSession.starts_at, ClassSession.id)
        )
    )


def sessions_not_taken(*, user: User, now: datetime, limit: int = 20) -> list[tuple]:
    """Past sessions (not cancelled) with participants enrolled that day who have no mark yet,
    newest first, each with how many are unmarked; two queries' worth in one statement."""
    missing = (
        select(ClassSession.id.label("session_id"), func.count(Enrollment.id).label("unmarked"))
        .join(
            Enrollment,
            and_(enrolled_on_day(ClassSession), enrollment_listed()),
        )
        .outerjoin(
            AttendanceMark,
            and_(
                AttendanceMark.session_id == ClassSession.id,
                AttendanceMark.participant_id == Enrollment.participant_id,
            ),
        )
        .where(
            visible_sessions_condition(user),
            ClassSession.cancelled.is_(False),
            ClassSession.starts_at < now,
            AttendanceMark.id.is_(None),
        )
        .group_by(ClassSession.id)
        .subquery()
    )
    query = (
        select(ClassSession, missing.c.unmarked)
        .join(missing, missing.c.session_id == ClassSession.id)
        .options(joinedload(ClassSession.cohort))
        .order_by(ClassSession.starts_at.desc())
        .limit(limit)
    )
    return [tuple(row) for row in db.session.execute(query)]
