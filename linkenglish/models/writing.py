"""Writing: prompts, essays, the working draft, frozen versions and feedback on them."""

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkenglish.models.base import CEFR, UTCDateTime, db, enum_type, utcnow
from linkenglish.models.immutable import AppendOnly

TITLE_LENGTH = 200


class WritingPrompt(db.Model):
    """An assignment set for a cohort."""

    __tablename__ = "writing_prompts"
    __table_args__ = (
        Index("ix_writing_prompts_cohort_id_due_at", "cohort_id", "due_at"),
        CheckConstraint(
            "suggested_words IS NULL OR suggested_words > 0", name="suggested_words_positive"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH))
    instructions: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suggested_words: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<WritingPrompt {self.id}>"


class EssayStatus(enum.StrEnum):
    """Where an essay is in the feedback cycle."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    FEEDBACK_RELEASED = "feedback_released"
    RESUBMITTED = "resubmitted"
    FINAL = "final"


class Essay(db.Model):
    """A participant's piece of writing, for a prompt or free."""

    __tablename__ = "essays"
    __table_args__ = (
        # One essay per participant and prompt; free writing (no prompt) is unlimited.
        UniqueConstraint("participant_id", "prompt_id"),
        Index("ix_essays_prompt_id_status", "prompt_id", "status"),
        Index("ix_essays_cohort_id_status", "cohort_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="RESTRICT"))
    prompt_id: Mapped[int | None] = mapped_column(
        ForeignKey("writing_prompts.id", ondelete="RESTRICT")
    )
    # The cohort whose teachers read it: the prompt's, or the one free writing was sent to.
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="RESTRICT"))
    status: Mapped[EssayStatus] = mapped_column(
        enum_type(EssayStatus, "status"), default=EssayStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    draft: Mapped["EssayDraft | None"] = relationship(back_populates="essay")
    versions: Mapped[list["EssayVersion"]] = relationship(
        back_populates="essay", order_by="EssayVersion.number"
    )

    def __repr__(self) -> str:
        return f"<Essay {self.id} {self.status}>"


class EssayDraft(db.Model):
    """The one working draft of an essay, which autosave overwrites."""

    __tablename__ = "essay_drafts"
    __table_args__ = (CheckConstraint("revision > 0", name="revision_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    essay_id: Mapped[int] = mapped_column(ForeignKey("essays.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # Raised on every save; a save from an older revision must not overwrite newer text.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    essay: Mapped[Essay] = relationship(back_populates="draft")

    def __repr__(self) -> str:
        return f"<EssayDraft essay={self.essay_id} r{self.revision}>"


class VersionKind(enum.StrEnum):
    """Why a version was frozen."""

    SAVED = "saved"
    SUBMITTED = "submitted"


class EssayVersion(AppendOnly, db.Model):
    """A frozen title and text. Never changed or deleted: the database refuses it.

    The one exception is erasure of a participant, which may blank title and body.
    """

    __tablename__ = "essay_versions"
    __erasable__ = ("title", "body")
    __table_args__ = (
        UniqueConstraint("essay_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    essay_id: Mapped[int] = mapped_column(ForeignKey("essays.id", ondelete="RESTRICT"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[VersionKind] = mapped_column(enum_type(VersionKind, "kind"))
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH))
    body: Mapped[str] = mapped_column(Text)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    # RESTRICT, not SET NULL: the row may not change, so its author may not be deleted.
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    essay: Mapped[Essay] = relationship(back_populates="versions")

    def __repr__(self) -> str:
        return f"<EssayVersion {self.id} essay={self.essay_id} #{self.number}>"


RUBRIC = ("task", "organisation", "vocabulary", "grammar")


class Feedback(db.Model):
    """A teacher's comments and CEFR rubric bands on one submitted version."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("version_id", "author_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("essay_versions.id", ondelete="RESTRICT"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    comments: Mapped[str] = mapped_column(Text, default="")
    task_band: Mapped[CEFR | None] = mapped_column(enum_type(CEFR, "task_band"))
    organisation_band: Mapped[CEFR | None] = mapped_column(enum_type(CEFR, "organisation_band"))
    vocabulary_band: Mapped[CEFR | None] = mapped_column(enum_type(CEFR, "vocabulary_band"))
    grammar_band: Mapped[CEFR | None] = mapped_column(enum_type(CEFR, "grammar_band"))
    overall_band: Mapped[CEFR | None] = mapped_column(enum_type(CEFR, "overall_band"))
    # Hidden from the participant until released.
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    version: Mapped[EssayVersion] = relationship()

    def __repr__(self) -> str:
        return f"<Feedback {self.id} version={self.version_id}>"


class Extension(db.Model):
    """A later due date one participant was given for one prompt."""

    __tablename__ = "extensions"
    __table_args__ = (UniqueConstraint("prompt_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prompt_id: Mapped[int] = mapped_column(ForeignKey("writing_prompts.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(String(300))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Extension {self.id}>"
