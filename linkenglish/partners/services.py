"""Partner organisations."""

from sqlalchemy import func, select

from linkenglish.extensions import db
from linkenglish.models import Cohort, PartnerOrganisation, User


def partner_organisation_get_or_create(*, name: str) -> PartnerOrganisation:
    """Return the organisation with this name, adding it when there is none."""
    organisation = db.session.scalar(
        select(PartnerOrganisation).where(PartnerOrganisation.name == name)
    )
    if organisation is None:
        organisation = PartnerOrganisation(name=name)
        db.session.add(organisation)
        db.session.flush()
    return organisation


def partner_organisation_by_name(name: str) -> PartnerOrganisation | None:
    """The organisation with this name, ignoring case and outer spaces."""
    return db.session.scalar(
        select(PartnerOrganisation).where(
            func.lower(PartnerOrganisation.name) == name.strip().lower()
        )
    )


def partner_organisation_summaries() -> list:
    """Each organisation with its number of users and of cohorts it teaches; one query."""
    users = (
        select(func.count())
        .where(User.partner_id == PartnerOrganisation.id)
        .correlate(PartnerOrganisation)
        .scalar_subquery()
    )
    cohorts = (
        select(func.count())
        .where(Cohort.partner_id == PartnerOrganisation.id)
        .correlate(PartnerOrganisation)
        .scalar_subquery()
    )
    return db.session.execute(
        select(PartnerOrganisation, users.label("users"), cohorts.label("cohorts")).order_by(
            PartnerOrganisation.name
        )
    ).all()
