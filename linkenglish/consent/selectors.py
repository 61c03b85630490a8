"""What consent and publication look like from outside: which consent is in force, what is
public, and the states the author and the coordinators see. Read only; the changes are in
consent.services.

The rule every public list shares: a publication is public only while its consent is given,
not withdrawn and covers the web (stored as Publication.live by consent.services), and its
version still holds exactly the consented text (publication_text_intact, per row).
"""

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, func, not_, select
from sqlalchemy.orm import aliased

from linkenglish.extensions import db
from linkenglish.models import (
    ConsentKind,
    ConsentRecord,
    Essay,
    EssayVersion,
    Publication,
    Redaction,
    VersionKind,
)
from linkenglish.visibility import consent_listed


def content_digest(title: str, body: str) -> str:
    """SHA-256 (hex) of a title and text, unambiguous about where one ends."""
    payload = json.dumps([title, body], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def version_digest(version: EssayVersion) -> str:
    """The digest of a frozen version's title and text."""
    return content_digest(version.title, version.body)


# --- what may be consented to, and what consent holds now -----------------------------------


def consentable_versions(essay: Essay) -> list[EssayVersion]:
    """Versions the author may consent to publish, newest first: submitted ones, and the
    coordinators' redactions of them."""
    redacted = select(Redaction.version_id).where(Redaction.essay_id == essay.id)
    return list(
        db.session.scalars(
            select(EssayVersion)
            .where(
                EssayVersion.essay_id == essay.id,
                (EssayVersion.kind == VersionKind.SUBMITTED) | EssayVersion.id.in_(redacted),
            )
            .order_by(EssayVersion.number.desc())
        )
    )


def consent_is_withdrawn() -> ColumnElement[bool]:
    """SQL: a withdrawal record names ConsentRecord."""
    withdrawal = aliased(ConsentRecord)
    return exists().where(
        withdrawal.withdraws_id == ConsentRecord.id, withdrawal.kind == ConsentKind.WITHDRAWN
    )


def consent_is_current() -> ColumnElement[bool]:
    """SQL: ConsentRecord is a given consent that nobody withdrew."""
    return and_(ConsentRecord.kind == ConsentKind.GIVEN, not_(consent_is_withdrawn()))


def consent_current(essay: Essay) -> ConsentRecord | None:
    """The essay's consent in force, if any (giving a new one withdraws the old)."""
    return db.session.scalar(
        select(ConsentRecord)
        .where(ConsentRecord.essay_id == essay.id, consent_is_current())
        .order_by(ConsentRecord.id.desc())
        .limit(1)
    )


def consent_withdrawal(consent: ConsentRecord) -> ConsentRecord | None:
    """The record that withdrew a consent, if any."""
    return db.session.scalar(
        select(ConsentRecord).where(
            ConsentRecord.withdraws_id == consent.id, ConsentRecord.kind == ConsentKind.WITHDRAWN
        )
    )


def publication_of(consent: ConsentRecord) -> Publication | None:
    """The publication a consent led to, live or not."""
    return db.session.scalar(select(Publication).where(Publication.consent_id == consent.id))


def publication_is_live() -> ColumnElement[bool]:
    """SQL over Publication: public now, as stored (the text check is apart, per row)."""
    # Bare, so SQLite reads "live = 1" and PostgreSQL "live": each its partial index's terms.
    return Publication.live


def publication_live_from_history() -> ColumnElement[bool]:
    """SQL over Publication joined to its ConsentRecord: the rule Publication.live stores,
    worked out from consent history. Only the tests use it, to prove the two agree."""
    return and_(
        Publication.withdrawn_at.is_(None), ConsentRecord.scope_web.is_(True), consent_is_current()
    )


def publication_text_intact(consent: ConsentRecord, version: EssayVersion) -> bool:
    """Tell whether the version still holds exactly the text that was consented to."""
    return bool(version.body.strip()) and consent.content_sha256 == version_digest(version)


def live_publications():
    """SELECT (Publication, ConsentRecord, EssayVersion) rows that are public now, before
    the text check; callers add ordering, filters and limits."""
    return (
        select(Publication, ConsentRecord, EssayVersion)
        .join(ConsentRecord, ConsentRecord.id == Publication.consent_id)
        .join(EssayVersion, EssayVersion.id == Publication.version_id)
        .where(publication_is_live())
    )


def pen_names_public(*, other_than_participant_id: int | None = None) -> list[str]:
    """Pen names that are public now, leaving out those of one participant (an author may
    publish again under the same name)."""
    query = (
        select(ConsentRecord.pen_name)
        .select_from(Publication)
        .join(ConsentRecord, ConsentRecord.id == Publication.consent_id)
        .where(publication_is_live())
    )
    if other_than_participant_id is not None:
        query = query.where(ConsentRecord.participant_id != other_than_participant_id)
    return [name for name in db.session.scalars(query) if name]


@dataclass(frozen=True)
class PublicEssay:
    """What the public may read of one publication, and nothing else."""

    slug: str
    title: str
    body: str
    pen_name: str
    author_note: str | None
    program: str
    published_at: object


def public_essay(publication: Publication, consent: ConsentRecord, version: EssayVersion):
    """The public fields of a live publication."""
    return PublicEssay(
        slug=publication.slug,
        title=version.title,
        body=version.body,
        pen_name=consent.pen_name or "",
        author_note=consent.author_note,
        program=publication.program.value,
        published_at=publication.published_at,
    )


def publication_by_slug(slug: str) -> tuple[str, PublicEssay | None]:
    """("live", essay), ("gone", None) for a slug that was public once, or ("missing", None)."""
    row = db.session.execute(live_publications().where(Publication.slug == slug)).one_or_none()
    if row is not None and publication_text_intact(row.ConsentRecord, row.EssayVersion):
        return "live", public_essay(*row)
    known = db.session.scalar(select(Publication.id).where(Publication.slug == slug))
    return ("gone" if known is not None else "missing"), None


# --- what the author and the coordinators see of it ------------------------------------------


@dataclass(frozen=True)
class ConsentState:
    """One given consent with what became of it."""

    consent: ConsentRecord
    version: EssayVersion
    withdrawal: ConsentRecord | None
    publication: Publication | None
    # A coordinator's redaction of this consent's text, which waits for the author.
    redaction: Redaction | None = None

    @property
    def current(self) -> bool:
        """In force: given and not withdrawn."""
        return self.withdrawal is None

    @property
    def live(self) -> bool:
        """Public now (the public page also checks the text)."""
        return self.publication is not None and self.publication.live

    @property
    def awaiting_check(self) -> bool:
        """Given for the web, not yet published nor redacted: the identity check is next."""
        return (
            self.current
            and self.consent.scope_web
            and self.publication is None
            and self.redaction is None
        )

    @property
    def awaiting_author(self) -> bool:
        """Redacted by a coordinator: the author's consent to the edited text is next."""
        return self.current and self.publication is None and self.redaction is not None


def consent_states(*where, limit: int | None = None) -> list[ConsentState]:
    """Given consents matching where, newest first, with their withdrawal, publication and
    redaction (four queries whatever the number)."""
    rows = db.session.execute(
        select(ConsentRecord, EssayVersion)
        .join(EssayVersion, EssayVersion.id == ConsentRecord.version_id)
        .where(ConsentRecord.kind == ConsentKind.GIVEN, *where)
        .order_by(ConsentRecord.id.desc())
        .limit(limit)
    ).all()
    ids = [consent.id for consent, _version in rows]
    withdrawals = {
        record.withdraws_id: record
        for record in db.session.scalars(
            select(ConsentRecord).where(
                ConsentRecord.kind == ConsentKind.WITHDRAWN, ConsentRecord.withdraws_id.in_(ids)
            )
        )
    }
    publications = {
        publication.consent_id: publication
        for publication in db.session.scalars(
            select(Publication).where(Publication.consent_id.in_(ids))
        )
    }
    redactions = {
        redaction.consent_id: redaction
        for redaction in db.session.scalars(
            select(Redaction).where(Redaction.consent_id.in_(ids)).order_by(Redaction.id)
        )
    }
    return [
        ConsentState(
            consent,
            version,
            withdrawals.get(consent.id),
            publications.get(consent.id),
            redactions.get(consent.id),
        )
        for consent, version in rows
    ]


def redactions_since(essay: Essay, consent: ConsentRecord | None) -> list[Redaction]:
    """Redactions of an essay made after its latest consent: they wait for the author."""
    query = select(Redaction).where(Redaction.essay_id == essay.id)
    if consent is not None:
        query = query.where(Redaction.redacted_at >= consent.recorded_at)
    return list(db.session.scalars(query.order_by(Redaction.id.desc())))


def has_publication(*, live: bool | None = None):
    """SQL: ConsentRecord led to a publication (live or ended, when asked)."""
    condition = Publication.consent_id == ConsentRecord.id
    if live is True:
        condition = condition & publication_is_live()
    elif live is False:
        condition = condition & not_(publication_is_live())
    return exists().where(condition)


def publication_counts(*, participant_id: int | None = None) -> dict[str, int]:
    """How many consents wait for the identity check, how many redactions wait for their
    author, and how many essays are public: counted in SQL, in one query."""
    published = has_publication()
    redacted = exists().where(Redaction.consent_id == ConsentRecord.id)
    mine = [ConsentRecord.participant_id == participant_id] if participant_id else []
    pending = select(func.count(ConsentRecord.id)).where(
        consent_is_current(), not_(published), consent_listed(), *mine
    )
    live = (
        select(func.count(Publication.id))
        .join(ConsentRecord, ConsentRecord.id == Publication.consent_id)
        .where(publication_is_live(), *mine)
    )
    row = db.session.execute(
        select(
            pending.where(ConsentRecord.scope_web.is_(True), not_(redacted))
            .scalar_subquery()
            .label("awaiting_check"),
            pending.where(redacted).scalar_subquery().label("awaiting_author"),
            live.scalar_subquery().label("live"),
        )
    ).one()
    return dict(row._mapping)
