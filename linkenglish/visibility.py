"""authz's rules as SQL conditions, for lists that must not load each row to check it.

Each mirrors a can_view_* function in linkenglish.authz; change them together. Two rules
every list shares live here too: whose enrollment covers a session's day, and that erased
participants leave every staff list (their anonymous counts stay in reports).
"""

from sqlalchemy import and_, or_, select, true

from linkenglish.models import (
    ClassSession,
    Cohort,
    CohortTeacher,
    ConsentRecord,
    Enrollment,
    Essay,
    Participant,
    Role,
    User,
)


def participant_listed():
    """A WHERE condition on Participant: not erased, so staff lists and overviews show them."""
    return Participant.erased_at.is_(None)


def enrollment_listed():
    """A WHERE condition on Enrollment: its participant is listed (for queries that do not
    join Participant themselves)."""
    return Enrollment.participant.has(participant_listed())


def essay_listed():
    """A WHERE condition on Essay: its author is listed (feedback queues and overviews)."""
    return (
        select(Participant.id)
        .where(Participant.id == Essay.participant_id, participant_listed())
        .correlate_except(Participant)
        .exists()
    )


def consent_listed():
    """A WHERE condition on ConsentRecord: its participant is listed (the review queue)."""
    return (
        select(Participant.id)
        .where(Participant.id == ConsentRecord.participant_id, participant_listed())
        .correlate_except(Participant)
        .exists()
    )


def enrolled_on_day(session):
    """A WHERE condition on Enrollment: in the session's cohort on the session's local day.

    session is a ClassSession row, or the ClassSession class itself to join each session to
    the enrollments covering its own day. An enrollment covers enrolled_on to ended_on (open
    while active); a withdrawn participant's sessions stop on the day they left.
    """
    return and_(
        Enrollment.cohort_id == session.cohort_id,
        Enrollment.enrolled_on <= session.local_date,
        or_(Enrollment.ended_on.is_(None), Enrollment.ended_on >= session.local_date),
    )


def own_sessions_condition(participant_id: int):
    """A WHERE condition on ClassSession: the days one participant's enrollments cover."""
    return (
        select(Enrollment.id)
        .where(Enrollment.participant_id == participant_id, enrolled_on_day(ClassSession))
        .correlate_except(Enrollment)
        .exists()
    )


def visible_cohorts_condition(user: User):
    """A WHERE condition on Cohort for the cohorts this user may see (can_view_cohort)."""
    if user.role is Role.COORDINATOR:
        return true()
    if user.role is Role.PARTNER:
        assigned = select(CohortTeacher.cohort_id).where(CohortTeacher.user_id == user.id)
        return or_(Cohort.partner_id == user.partner_id, Cohort.id.in_(assigned))
    enrolled = select(Enrollment.cohort_id).where(Enrollment.participant_id == user.participant_id)
    return Cohort.id.in_(enrolled)


def visible_sessions_condition(user: User):
    """A WHERE condition on ClassSession for the sessions this user may see (can_view_session)."""
    if user.role is Role.COORDINATOR:
        return true()
    if user.role is Role.PARTNER:
        return ClassSession.partner_id == user.partner_id
    return own_sessions_condition(user.participant_id)
