"""Programs, proficiency levels and each participant's level history."""

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Numeric,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkenglish.models.base import CEFR, ProgramCode, UTCDateTime, db, enum_type, utcnow

SKILLS = ("speaking", "listening", "reading", "writing")


class Program(db.Model):
    """LELP or LIEP, with the name and description people read."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[ProgramCode] = mapped_column(enum_type(ProgramCode, "code"), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return f"<Program {self.code}>"


class ProficiencyLevel(db.Model):
    """A level on the scale: the six CEFR levels, or a program's sub-level of one of them."""

    __tablename__ = "proficiency_levels"
    __table_args__ = (CheckConstraint("rank > 0", name="rank_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    cefr: Mapped[CEFR] = mapped_column(enum_type(CEFR, "cefr"))
    # Sub-levels belong to one program; the CEFR levels themselves to none.
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="RESTRICT"))
    # Orders the scale: A1 is 10, A2 20, ... C2 60; a sub-level of B1 might be 31.
    rank: Mapped[int] = mapped_column(SmallInteger)

    program: Mapped[Program | None] = relationship()

    def __repr__(self) -> str:
        return f"<ProficiencyLevel {self.code}>"


class AssessmentMethod(enum.StrEnum):
    """How a level was reached."""

    PLACEMENT_TEST = "placement_test"
    COURSE_COMPLETION = "course_completion"
    TEACHER_ASSESSMENT = "teacher_assessment"
    EXTERNAL_TEST = "external_test"


class LevelAssessment(db.Model):
    """One entry in a participant's level history."""

    __tablename__ = "level_assessments"
    __table_args__ = (
        CheckConstraint(
            "method <> 'external_test' OR external_test IS NOT NULL",
            name="external_test_named",
        ),
        *[
            CheckConstraint(f"{skill}_score IS NULL OR {skill}_score >= 0", name=f"{skill}_score")
            for skill in SKILLS
        ],
        CheckConstraint("external_score IS NULL OR external_score >= 0", name="external_score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    level_id: Mapped[int] = mapped_column(ForeignKey("proficiency_levels.id", ondelete="RESTRICT"))
    assessed_on: Mapped[date] = mapped_column(Date)
    method: Mapped[AssessmentMethod] = mapped_column(enum_type(AssessmentMethod, "method"))
    external_test: Mapped[str | None] = mapped_column(String(40))  # Aptis, IELTS, ...
    external_score: Mapped[Decimal | None] = mapped_column(Numeric(6, 1))
    speaking_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    listening_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    reading_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    writing_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    note: Mapped[str | None] = mapped_column(String(500))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A mistaken entry is voided, not deleted; it leaves the history but stays on record.
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    level: Mapped[ProficiencyLevel] = relationship()
    recorded_by: Mapped["User | None"] = relationship(foreign_keys=[recorded_by_id])  # noqa: F821
    changes: Mapped[list["LevelAssessmentChange"]] = relationship(
        back_populates="assessment", order_by="LevelAssessmentChange.id"
    )

    def __repr__(self) -> str:
        return f"<LevelAssessment {self.id} participant={self.participant_id}>"


class LevelAssessmentChange(db.Model):
    """An entry of the level history as it was before someone corrected it."""

    __tablename__ = "level_assessment_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("level_assessments.id", ondelete="CASCADE"), index=True
    )
    # The corrected fields' earlier values, as JSON-ready text ({"level": "B1", ...}).
    previous: Mapped[dict] = mapped_column(JSON)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    assessment: Mapped[LevelAssessment] = relationship(back_populates="changes")
    changed_by: Mapped["User | None"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<LevelAssessmentChange {self.id}>"
