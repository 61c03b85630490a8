"""Creating and finding participants."""

from collections.abc import Sequence

from sqlalchemy import select

from linkenglish.audit.services import audit_record
from linkenglish.extensions import db
from linkenglish.models import Participant, ParticipantStatus, ProgramCode, User, utcnow
from linkenglish.models.base import lookup_hash


def participant_build(
    *,
    legal_name: str,
    preferred_name: str,
    program: ProgramCode,
    email: str | None = None,
    phone: str | None = None,
    notes: str | None = None,
    sensitive_terms: list[str] | None = None,
    status: ParticipantStatus = ParticipantStatus.ACTIVE,
) -> Participant:
    """Make a participant, personal fields encrypted as they are set; not yet added."""
    participant = Participant(
        preferred_name=preferred_name,
        program=program,
        phone=phone,
        notes=notes,
        sensitive_terms="\n".join(sensitive_terms) if sensitive_terms else None,
        status=status,
    )
    participant.legal_name = legal_name
    participant.email = email
    return participant


def participant_create(**fields) -> Participant:
    """Add a participant (the fields of participant_build); personal fields are encrypted."""
    return participants_create(people=[fields])[0]


def participants_create(*, people: Sequence[dict]) -> list[Participant]:
    """Add several participants in one flush (batched inserts), in the order given."""
    participants = [participant_build(**fields) for fields in people]
    db.session.add_all(participants)
    db.session.flush()
    return participants


def participants_by_legal_name(legal_name: str) -> list[Participant]:
    """Find participants whose legal name is exactly this (after normalising)."""
    return list(
        db.session.scalars(
            select(Participant).where(
                Participant.legal_name_hash == lookup_hash(legal_name, "name")
            )
        )
    )


PERSONAL_FIELDS = ("legal_name", "email", "phone", "notes", "sensitive_terms")
EDITABLE_FIELDS = ("preferred_name", "program", "status", *PERSONAL_FIELDS)


def participant_duplicates(
    *, legal_name: str | None, email: str | None, exclude_id: int | None = None
) -> dict[str, list[Participant]]:
    """Other participants with this exact legal name or e-mail, found by keyed hash."""
    found = {}
    for field, value, purpose, column in (
        ("legal_name", legal_name, "name", Participant.legal_name_hash),
        ("email", email, "email", Participant.email_hash),
    ):
        if value:
            query = select(Participant).where(column == lookup_hash(value, purpose))
            if exclude_id is not None:
                query = query.where(Participant.id != exclude_id)
            found[field] = list(db.session.scalars(query))
    return found


def participant_update(*, participant: Participant, by: User, **values) -> list[str]:
    """Change a participant's details; return the names of the fields that changed.

    The audit event names the changed fields, never their values.
    """
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if "sensitive_terms" in values and isinstance(values["sensitive_terms"], list):
        values["sensitive_terms"] = "\n".join(values["sensitive_terms"]) or None
    changed = [name for name, value in values.items() if getattr(participant, name) != value]
    for name in changed:
        setattr(participant, name, values[name])
    if changed:
        audit_record(
            action="participant.update",
            actor=by,
            object_type="participant",
            object_id=participant.id,
            detail={"fields": sorted(changed)},
        )
    db.session.flush()
    return changed


def participant_archive(*, participant: Participant, by: User, archived: bool) -> None:
    """Archive a participant (they leave the everyday lists) or bring them back."""
    participant.archived_at = utcnow() if archived else None
    audit_record(
        action="participant.archive" if archived else "participant.unarchive",
        actor=by,
        object_type="participant",
        object_id=participant.id,
    )
    db.session.flush()
