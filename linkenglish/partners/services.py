"""Partner organisations."""

from sqlalchemy import select

from linkenglish.extensions import db
from linkenglish.models import PartnerOrganisation


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
