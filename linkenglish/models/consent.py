"""Consent to publish, and the publications it allows."""

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkenglish.models.base import ProgramCode, UTCDateTime, db, enum_type, utcnow
from linkenglish.models.immutable import AppendOnly

PEN_NAME_LENGTH = 60
AUTHOR_NOTE_LENGTH = 200


class Language(enum.StrEnum):
    """Languages a consent text is written in."""

    KOREAN = "ko"
    ENGLISH = "en"


class ConsentText(AppendOnly, db.Model):
    """The words a participant agrees to, versioned per language; never edited."""

    __tablename__ = "consent_texts"
    __table_args__ = (UniqueConstraint("version", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(20))
    language: Mapped[Language] = mapped_column(enum_type(Language, "language"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<ConsentText {self.version} {self.language}>"


class ConsentKind(enum.StrEnum):
    """Consent is given in one record and withdrawn in a later one."""

    GIVEN = "given"
    WITHDRAWN = "withdrawn"


class ConsentMethod(enum.StrEnum):
    """How consent was obtained."""

    SELF_SERVICE = "self_service"  # the participant, signed in
    IN_PERSON = "in_person"
    PAPER = "paper"
    PHONE = "phone"


class ConsentRecord(AppendOnly, db.Model):
    """Append-only: who consented to publish which exact version, under which pen name.

    Erasure of a participant may blank pen name, author note and method note, nothing else.
    """

    __tablename__ = "consent_records"
    __erasable__ = ("pen_name", "author_note", "method_note")
    __table_args__ = (
        # Target of the publications' two-column foreign key.
        UniqueConstraint("id", "version_id"),
        CheckConstraint(
            "kind <> 'given' OR (pen_name IS NOT NULL AND consent_text_id IS NOT NULL"
            " AND content_sha256 IS NOT NULL)",
            name="given_is_complete",
        ),
        CheckConstraint(
            "kind <> 'withdrawn' OR withdraws_id IS NOT NULL", name="withdrawal_names_consent"
        ),
        CheckConstraint("content_sha256 IS NULL OR length(content_sha256) = 64", name="sha256_hex"),
        Index("ix_consent_records_participant_id", "participant_id"),
        Index("ix_consent_records_essay_id", "essay_id"),
        # "Is this consent withdrawn?" is asked of every live publication on public pages.
        Index("ix_consent_records_withdraws_id", "withdraws_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="RESTRICT"))
    essay_id: Mapped[int] = mapped_column(ForeignKey("essays.id", ondelete="RESTRICT"))
    version_id: Mapped[int] = mapped_column(ForeignKey("essay_versions.id", ondelete="RESTRICT"))
    kind: Mapped[ConsentKind] = mapped_column(enum_type(ConsentKind, "kind"))
    withdraws_id: Mapped[int | None] = mapped_column(
        ForeignKey("consent_records.id", ondelete="RESTRICT")
    )
    pen_name: Mapped[str | None] = mapped_column(String(PEN_NAME_LENGTH))
    author_note: Mapped[str | None] = mapped_column(String(AUTHOR_NOTE_LENGTH))
    scope_web: Mapped[bool] = mapped_column(Boolean, default=True)
    scope_print: Mapped[bool] = mapped_column(Boolean, default=False)
    scope_social: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_text_id: Mapped[int | None] = mapped_column(
        ForeignKey("consent_texts.id", ondelete="RESTRICT")
    )
    # SHA-256 (hex) of the consented version's title and text.
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    method: Mapped[ConsentMethod] = mapped_column(enum_type(ConsentMethod, "method"))
    method_note: Mapped[str | None] = mapped_column(String(500))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    version: Mapped["EssayVersion"] = relationship()  # noqa: F821
    consent_text: Mapped[ConsentText | None] = relationship()

    def __repr__(self) -> str:
        return f"<ConsentRecord {self.id} {self.kind}>"


class Publication(db.Model):
    """An essay in the public gallery: exactly the version consented to, under a random slug."""

    __tablename__ = "publications"
    __table_args__ = (
        ForeignKeyConstraint(
            ["consent_id", "version_id"],
            ["consent_records.id", "consent_records.version_id"],
            ondelete="RESTRICT",
        ),
        UniqueConstraint("consent_id"),
        CheckConstraint("NOT live OR withdrawn_at IS NULL", name="live_not_withdrawn"),
        # The gallery: live publications, newest first (keyset pages on published_at, id).
        # SQLite holds booleans as 0/1 and matches a partial index by the query's own terms,
        # which SQLAlchemy writes "live = 1" there and "live" on PostgreSQL.
        Index(
            "ix_publications_live_published_at",
            "published_at",
            "id",
            sqlite_where=text("live = 1"),
            postgresql_where=text("live"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(32), unique=True)
    consent_id: Mapped[int] = mapped_column()
    version_id: Mapped[int] = mapped_column(ForeignKey("essay_versions.id", ondelete="RESTRICT"))
    program: Mapped[ProgramCode] = mapped_column(enum_type(ProgramCode, "program"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawal_reason: Mapped[str | None] = mapped_column(String(300))
    # Public now: set when published, cleared in the transaction that withdraws the consent,
    # takes the publication down or erases the author. The one home of "is this live";
    # public pages read it and never consent history (consent.services keeps it).
    live: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))

    consent: Mapped[ConsentRecord] = relationship(
        foreign_keys=[consent_id],
        primaryjoin="Publication.consent_id == ConsentRecord.id",
    )
    version: Mapped["EssayVersion"] = relationship(foreign_keys=[version_id])  # noqa: F821

    def __repr__(self) -> str:
        return f"<Publication {self.id}>"


class Redaction(db.Model):
    """A coordinator's edit of a version before publication: it made a new version, which
    the participant must consent to afresh before it can be published."""

    __tablename__ = "redactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    essay_id: Mapped[int] = mapped_column(ForeignKey("essays.id", ondelete="RESTRICT"), index=True)
    source_version_id: Mapped[int] = mapped_column(
        ForeignKey("essay_versions.id", ondelete="RESTRICT")
    )
    version_id: Mapped[int] = mapped_column(
        ForeignKey("essay_versions.id", ondelete="RESTRICT"), unique=True
    )
    # The consent under review when the coordinator redacted, if any.
    consent_id: Mapped[int | None] = mapped_column(
        ForeignKey("consent_records.id", ondelete="RESTRICT")
    )
    reason: Mapped[str | None] = mapped_column(String(300))
    redacted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    redacted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Redaction {self.id} version={self.version_id}>"
