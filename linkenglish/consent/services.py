"""Consent, redaction, publication and withdrawal: the only ways text becomes public.

The rule they keep together: a publication is public only while its consent is given, not
withdrawn, covers the web, and the frozen version still holds exactly the consented text.
They store the first three as Publication.live, in the same transaction as the change
(participants.rights clears it on erasure); consent.selectors reads it.
"""

import base64
import secrets

from sqlalchemy import select

from linkenglish.audit.services import audit_record
from linkenglish.consent.lookalike import look_alike
from linkenglish.consent.matching import TAKEN, PenNameProblem, pen_name_problems
from linkenglish.consent.selectors import (
    consent_current,
    consent_withdrawal,
    consentable_versions,
    pen_names_public,
    publication_of,
    publication_text_intact,
    version_digest,
)
from linkenglish.consent.wording import consent_text_current
from linkenglish.extensions import db
from linkenglish.models import (
    Cohort,
    ConsentKind,
    ConsentMethod,
    ConsentRecord,
    Essay,
    EssayVersion,
    Language,
    Participant,
    Program,
    Publication,
    Redaction,
    User,
)
from linkenglish.models.base import utcnow

REASON_WITHDRAWN = "consent withdrawn"
REASON_REPLACED = "replaced by a newer consent"


class ConsentError(ValueError):
    """A consent or publication step that cannot be done; str() is a code for the view."""


class PenNameRefused(ConsentError):
    """The pen name could identify the author."""

    def __init__(self, problems: list[PenNameProblem]):
        super().__init__("pen_name")
        self.problems = problems


def new_slug() -> str:
    """An unguessable public address: 130 random bits, lower-case letters and digits."""
    return base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=").lower()


# --- giving and withdrawing consent ----------------------------------------------------------


def essay_lock(essay_id: int) -> None:
    """Queue changes to one essay's consent and publication: two requests at once wait on
    the essay's row (PostgreSQL; SQLite writes one at a time anyway), so the second sees
    what the first did (one consent in force, one withdrawal, one publication)."""
    db.session.execute(select(Essay.id).where(Essay.id == essay_id).with_for_update())


def pen_name_check(participant: Participant, pen_name: str) -> list[PenNameProblem]:
    """Why a pen name may not be used by this participant (empty when it is fine): it could
    identify them, or it looks like a pen name another author publishes under now, so that
    two authors would look like one (the label never says whose)."""
    problems = pen_name_problems(
        pen_name,
        legal_name=participant.legal_name,
        preferred_name=participant.preferred_name,
        sensitive_terms=participant.sensitive_term_list,
    )
    others = pen_names_public(other_than_participant_id=participant.id)
    if pen_name.strip() and any(look_alike(pen_name, other) for other in others):
        problems.append(PenNameProblem(TAKEN, ""))
    return problems


def consent_give(
    *,
    essay: Essay,
    version: EssayVersion,
    pen_name: str,
    author_note: str | None,
    language: Language,
    by: User,
    scope_web: bool = True,
    scope_print: bool = False,
    scope_social: bool = False,
    method: ConsentMethod = ConsentMethod.SELF_SERVICE,
    method_note: str | None = None,
) -> ConsentRecord:
    """Record consent to publish one exact version under a pen name. A consent already in
    force for the essay is withdrawn (and its publication taken down): one at a time."""
    participant = db.session.get(Participant, essay.participant_id)
    if participant is None or participant.erased_at is not None:
        raise ConsentError("erased")
    if version.essay_id != essay.id or version.id not in {
        v.id for v in consentable_versions(essay)
    }:
        raise ConsentError("version")
    if not (scope_web or scope_print or scope_social):
        raise ConsentError("scope")
    pen_name = " ".join(pen_name.split())
    problems = pen_name_check(participant, pen_name)
    if problems:
        raise PenNameRefused(problems)
    essay_lock(essay.id)
    previous = consent_current(essay)
    if previous is not None:
        consent_withdraw(consent=previous, by=by, method=method, note=REASON_REPLACED)
    consent = ConsentRecord(
        participant_id=participant.id,
        essay_id=essay.id,
        version_id=version.id,
        kind=ConsentKind.GIVEN,
        pen_name=pen_name,
        author_note=" ".join((author_note or "").split()) or None,
        scope_web=scope_web,
        scope_print=scope_print,
        scope_social=scope_social,
        consent_text_id=consent_text_current(language).id,
        content_sha256=version_digest(version),
        method=method,
        method_note=method_note or None,
        recorded_by_id=by.id,
        recorded_at=utcnow(),
    )
    db.session.add(consent)
    db.session.flush()
    audit_record(
        action="consent.given",
        actor=by,
        object_type="consent",
        object_id=consent.id,
        detail={"essay_id": essay.id, "version_id": version.id, "method": method.value},
    )
    return consent


def consent_withdraw(
    *,
    consent: ConsentRecord,
    by: User,
    method: ConsentMethod = ConsentMethod.SELF_SERVICE,
    note: str | None = None,
) -> ConsentRecord:
    """Withdraw a consent and take its publication down at once. Withdrawing twice is
    harmless: the first withdrawal is returned."""
    if consent.kind is not ConsentKind.GIVEN:
        raise ConsentError("not_consent")
    essay_lock(consent.essay_id)
    existing = consent_withdrawal(consent)
    if existing is not None:
        return existing
    withdrawal = ConsentRecord(
        participant_id=consent.participant_id,
        essay_id=consent.essay_id,
        version_id=consent.version_id,
        kind=ConsentKind.WITHDRAWN,
        withdraws_id=consent.id,
        scope_web=False,
        method=method,
        method_note=note,
        recorded_by_id=by.id,
        recorded_at=utcnow(),
    )
    db.session.add(withdrawal)
    db.session.flush()
    publication = publication_of(consent)
    if publication is not None and publication.withdrawn_at is None:
        publication.live = False
        publication.withdrawn_at = withdrawal.recorded_at
        publication.withdrawn_by_id = by.id
        publication.withdrawal_reason = note or REASON_WITHDRAWN
    audit_record(
        action="consent.withdrawn",
        actor=by,
        object_type="consent",
        object_id=consent.id,
        detail={"essay_id": consent.essay_id, "publication_id": publication and publication.id},
    )
    return withdrawal


# --- the coordinator's side: publication and take-down -------------------------------


def publication_program(essay: Essay, participant: Participant):
    """The program tag: the cohort's program when the essay belongs to one."""
    if essay.cohort_id is not None:
        code = db.session.scalar(
            select(Program.code)
            .join(Cohort, Cohort.program_id == Program.id)
            .where(Cohort.id == essay.cohort_id)
        )
        if code is not None:
            return code
    return participant.program


def publication_publish(*, consent: ConsentRecord, by: User) -> Publication:
    """Publish exactly what was consented to, at a new random slug."""
    essay_lock(consent.essay_id)
    if consent.kind is not ConsentKind.GIVEN or consent_withdrawal(consent) is not None:
        raise ConsentError("withdrawn")
    if not consent.scope_web:
        raise ConsentError("scope")
    existing = publication_of(consent)
    if existing is not None:
        raise ConsentError("published" if existing.withdrawn_at is None else "published_before")
    if db.session.scalar(select(Redaction.id).where(Redaction.consent_id == consent.id)):
        raise ConsentError("redacted")  # the edited version waits for the author's consent
    participant = db.session.get(Participant, consent.participant_id)
    if participant is None or participant.erased_at is not None:
        raise ConsentError("erased")
    version = db.session.get(EssayVersion, consent.version_id)
    if not publication_text_intact(consent, version):
        raise ConsentError("text_changed")
    problems = pen_name_check(participant, consent.pen_name or "")
    if problems:  # names or sensitive terms were added since the participant consented
        raise PenNameRefused(problems)
    essay = db.session.get(Essay, consent.essay_id)
    publication = Publication(
        slug=new_slug(),
        consent_id=consent.id,
        version_id=version.id,
        program=publication_program(essay, participant),
        published_at=utcnow(),
        published_by_id=by.id,
        live=True,  # consent given for the web, not withdrawn, text intact: checked above
    )
    db.session.add(publication)
    db.session.flush()
    audit_record(
        action="publication.published",
        actor=by,
        object_type="publication",
        object_id=publication.id,
        detail={"consent_id": consent.id, "version_id": version.id},
    )
    return publication


def publication_take_down(*, publication: Publication, by: User, reason: str) -> Publication:
    """A coordinator takes a publication down; publishing again needs new consent."""
    if publication.withdrawn_at is None:
        publication.live = False
        publication.withdrawn_at = utcnow()
        publication.withdrawn_by_id = by.id
        publication.withdrawal_reason = reason
        audit_record(
            action="publication.taken_down",
            actor=by,
            object_type="publication",
            object_id=publication.id,
            detail={"reason": reason},
        )
    return publication
