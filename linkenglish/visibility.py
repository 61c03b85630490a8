"""authz's rules as SQL conditions, for lists that must not load each row to check it.

Each mirrors a can_view_* function in linkenglish.authz; change them together.
"""

from sqlalchemy import or_, select, true

from linkenglish.models import ClassSession, Cohort, CohortTeacher, Enrollment, Role, User


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
    enrolled = select(Enrollment.cohort_id).where(Enrollment.participant_id == user.participant_id)
    return ClassSession.cohort_id.in_(enrolled)
