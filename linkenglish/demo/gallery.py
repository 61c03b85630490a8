"""Demo gallery: the sample essay "A Life With No Exit", published under the pen name Jane
through the consent and publication services."""

from sqlalchemy import select

from linkenglish.consent.services import consent_give, publication_publish
from linkenglish.demo.people import DemoPeople
from linkenglish.demo.writing import author
from linkenglish.extensions import db
from linkenglish.models import ConsentRecord, Essay, EssayVersion, Language, VersionKind

PEN_NAME = "Jane"


def seed_gallery(people: DemoPeople) -> str:
    """Have the sample essay's writer consent to publish it as Jane, and publish it."""
    owner = people.participants[0]
    essay = db.session.scalar(
        select(Essay).where(Essay.participant_id == owner.id).order_by(Essay.id).limit(1)
    )
    if essay is None:
        return "no sample essay to publish"
    if db.session.scalar(select(ConsentRecord.id).where(ConsentRecord.essay_id == essay.id)):
        return "sample essay consent already there"
    # Queried, not essay.versions: the feedback step submitted it in this same session.
    submitted = db.session.scalar(
        select(EssayVersion)
        .where(EssayVersion.essay_id == essay.id, EssayVersion.kind == VersionKind.SUBMITTED)
        .order_by(EssayVersion.number.desc())
        .limit(1)
    )
    if submitted is None:
        return "sample essay not submitted"
    consent = consent_give(
        essay=essay,
        version=submitted,
        pen_name=PEN_NAME,
        author_note=None,
        language=Language.KOREAN,
        by=author(owner) or people.coordinator,
    )
    publication_publish(consent=consent, by=people.coordinator)
    return f"the sample essay published as {PEN_NAME}"
