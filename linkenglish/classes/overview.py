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
    # Walk the sessions newest first (an index on starts_at) and stop at the limit, counting
    # the gaps of those sessions only: grouping every session ever held first cost seconds.
    unmarked = (
        select(func.count(Enrollment.id))
        .outerjoin(
            AttendanceMark,
            and_(
                AttendanceMark.session_id == ClassSession.id,
                AttendanceMark.participant_id == Enrollment.participant_id,
            ),
        )
        .where(enrolled_on_day(ClassSession), enrollment_listed(), AttendanceMark.id.is_(None))
        .correlate(ClassSession)
    )
    query = (
        select(ClassSession, unmarked.scalar_subquery().label("unmarked"))
        .options(joinedload(ClassSession.cohort))
        .where(
            visible_sessions_condition(user),
            ClassSession.cancelled.is_(False),
            ClassSession.starts_at < now,
            unmarked.with_only_columns(Enrollment.id).exists(),
        )
        .order_by(ClassSession.starts_at.desc())
        .limit(limit)
    )
    return [tuple(row) for row in db.session.execute(query)]
