"""Participants: the learners, with their personal data encrypted at rest."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkenglish.models.base import (
    EncryptedText,
    ProgramCode,
    UTCDateTime,
    db,
    enum_type,
    lookup_hash,
    utcnow,
)


class ParticipantStatus(enum.StrEnum):
    """Where a participant stands with the program; nobody is deleted."""

    ACTIVE = "active"
    ALUMNI = "alumni"
    WITHDRAWN = "withdrawn"


class Participant(db.Model):
    """A learner. Legal name, contacts, notes and sensitive terms are coordinator-only."""

    __tablename__ = "participants"
    # The coordinator's list filters by status and program and sorts by preferred name.
    __table_args__ = (
        Index("ix_participants_status_program_name", "status", "program", "preferred_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Nullable only so that erasure can clear them; forms always require a legal name.
    legal_name_encrypted: Mapped[str | None] = mapped_column(
        "legal_name", EncryptedText("participants.legal_name")
    )
    legal_name_hash: Mapped[bytes | None] = mapped_column(LargeBinary(32), index=True)
    email_encrypted: Mapped[str | None] = mapped_column(
        "email", EncryptedText("participants.email")
    )
    email_hash: Mapped[bytes | None] = mapped_column(LargeBinary(32), index=True)
    phone: Mapped[str | None] = mapped_column(EncryptedText("participants.phone"))
    notes: Mapped[str | None] = mapped_column(EncryptedText("participants.notes"))
    # One term a line: family names, home town, anything that could identify them.
    sensitive_terms: Mapped[str | None] = mapped_column(
        EncryptedText("participants.sensitive_terms")
    )
    preferred_name: Mapped[str] = mapped_column(String(100))
    program: Mapped[ProgramCode] = mapped_column(
        enum_type(ProgramCode, "program"), ForeignKey("programs.code", ondelete="RESTRICT")
    )
    status: Mapped[ParticipantStatus] = mapped_column(
        enum_type(ParticipantStatus, "status"), default=ParticipantStatus.ACTIVE
    )
    # Archived participants leave the everyday lists; nothing is deleted.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set by erasure: personal fields are gone, anonymous counts stay.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped["User | None"] = relationship(back_populates="participant")  # noqa: F821

    @property
    def legal_name(self) -> str | None:
        """The legal name, decrypted; coordinators only, and every view is audited."""
        return self.legal_name_encrypted

    @legal_name.setter
    def legal_name(self, value: str | None) -> None:
        self.legal_name_encrypted = value
        self.legal_name_hash = lookup_hash(value, "name")

    @property
    def email(self) -> str | None:
        """The contact e-mail, decrypted."""
        return self.email_encrypted

    @email.setter
    def email(self, value: str | None) -> None:
        self.email_encrypted = value
        self.email_hash = lookup_hash(value, "email")

    @property
    def sensitive_term_list(self) -> list[str]:
        """The sensitive terms, one per entry, blanks dropped."""
        return [term.strip() for term in (self.sensitive_terms or "").splitlines() if term.strip()]

    def __repr__(self) -> str:
        return f"<Participant {self.id}>"
