"""Who may open which attendance report.

Reports follow the visibility rules of linkenglish.authz, narrowed for partner users to what
their organisation teaches: the cohorts it is the teaching partner of and the sessions it
teaches. Anything else answers 404, like something that does not exist.
"""

from flask import abort
from sqlalchemy import and_, false, select, true

from linkenglish.authz import get_cohort_or_404
from linkenglish.extensions import db
from linkenglish.models import Cohort, PartnerOrganisation, Role, User
from linkenglish.visibility import visible_cohorts_condition, visible_sessions_condition


def report_cohorts_condition(user: User):
    """Return a WHERE condition on Cohort: the cohorts whose reports this user may open."""
    condition = visible_cohorts_condition(user)
    if user.role is Role.PARTNER:
        return and_(condition, Cohort.partner_id == user.partner_id)
    return condition


def report_sessions_condition(user: User):
    """Return a WHERE condition on ClassSession: the sessions a report may show this user."""
    if user.role is Role.COORDINATOR:
        return true()
    return visible_sessions_condition(user)


def get_report_cohort_or_404(cohort_id: int, user: User) -> Cohort:
    """Load a cohort whose reports this user may open, or answer 404."""
    cohort = get_cohort_or_404(cohort_id, user)
    if user.role is Role.PARTNER and cohort.partner_id != user.partner_id:
        abort(404)
    return cohort


def can_view_organisation_report(user: User, organisation: PartnerOrganisation) -> bool:
    """Coordinators see every organisation's summary; partner users, their own only."""
    if user.role is Role.COORDINATOR:
        return True
    return user.role is Role.PARTNER and user.partner_id == organisation.id


def get_organisation_or_404(organisation_id: int, user: User) -> PartnerOrganisation:
    """Load a partner organisation whose summary this user may open, or answer 404."""
    organisation = db.session.get(PartnerOrganisation, organisation_id)
    if organisation is None or not can_view_organisation_report(user, organisation):
        abort(404)
    return organisation


def report_choices(*, user: User) -> tuple[list, list]:
    """Return the cohorts and partner organisations whose reports this user may open."""
    cohorts = db.session.execute(
        select(Cohort.id, Cohort.name, Cohort.starts_on, Cohort.ends_on, Cohort.closed_at)
        .where(report_cohorts_condition(user))
        .order_by(Cohort.starts_on.desc(), Cohort.name)
    ).all()
    organisations = select(PartnerOrganisation.id, PartnerOrganisation.name)
    if user.role is Role.PARTNER:
        organisations = organisations.where(PartnerOrganisation.id == user.partner_id)
    elif user.role is not Role.COORDINATOR:
        organisations = organisations.where(false())
    organisations = db.session.execute(organisations.order_by(PartnerOrganisation.name)).all()
    return cohorts, organisations
