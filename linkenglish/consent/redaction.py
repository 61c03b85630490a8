"""Redaction: a coordinator's edit of consented text before publication. It is a new
version of the essay, which the participant must consent to before it can be published."""

from linkenglish.audit.services import audit_record
from linkenglish.consent.services import ConsentError
from linkenglish.extensions import db
from linkenglish.models import ConsentRecord, Essay, EssayVersion, Redaction, User, VersionKind
from linkenglish.models.base import utcnow
from linkenglish.writing.services import version_create


def essay_redact(
    *, consent: ConsentRecord, title: str, body: str, by: User, reason: str | None = None
) -> EssayVersion:
    """Freeze a coordinator's edit of the consented text as a new version, which needs the
    participant's fresh consent before it can be published."""
    source = db.session.get(EssayVersion, consent.version_id)
    if (title, body) == (source.title, source.body):
        raise ConsentError("unchanged")
    if not body.strip():
        raise ConsentError("empty")
    essay = db.session.get(Essay, consent.essay_id)
    # Always a new version, even if the participant once wrote this very text: the
    # redaction is the coordinator's, and needs consent of its own.
    version = version_create(essay=essay, kind=VersionKind.SAVED, title=title, body=body, by=by)
    db.session.add(
        Redaction(
            essay_id=essay.id,
            source_version_id=source.id,
            version_id=version.id,
            consent_id=consent.id,
            reason=reason or None,
            redacted_by_id=by.id,
            redacted_at=utcnow(),
        )
    )
    audit_record(
        action="essay.redacted",
        actor=by,
        object_type="essay",
        object_id=essay.id,
        detail={"source_version_id": source.id, "version_id": version.id},
    )
    return version
