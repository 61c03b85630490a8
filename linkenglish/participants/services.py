"""Creating and finding participants."""

from sqlalchemy import select

from linkenglish.extensions import db
from linkenglish.models import Participant, ParticipantStatus, ProgramCode
from linkenglish.models.base import lookup_hash


def participant_create(
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
    """Add a participant; personal fields are encrypted as they are written."""
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
    db.session.add(participant)
    db.session.flush()
    return participant


def participants_by_legal_name(legal_name: str) -> list[Participant]:
    """Find participants whose legal name is exactly this (after normalising)."""
    return list(
        db.session.scalars(
            select(Participant).where(
                Participant.legal_name_hash == lookup_hash(legal_name, "name")
            )
        )
    )
