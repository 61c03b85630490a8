"""Cohorts, who is enrolled in them, and which partner users teach them."""

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkenglish.models.base import UTCDateTime, db, enum_type, utcnow


class Cohort(db.Model):
    """A group of participants taking one program over one term."""

    __tablename__ = "cohorts"
    __table_args__ = (
        UniqueConstraint("program_id", "name"),
        CheckConstraint("ends_on > starts_on", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    target_level_id: Mapped[int | None] = mapped_column(
        ForeignKey("proficiency_levels.id", ondelete="RESTRICT")
    )
    capacity: Mapped[int | None] = mapped_column(Integer)
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_organisations.id", ondelete="RESTRICT"), index=True
    )
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    program: Mapped["Program"] = relationship()  # noqa: F821
    partner: Mapped["PartnerOrganisation | None"] = relationship()  # noqa: F821
    target_level: Mapped["ProficiencyLevel | None"] = relationship()  # noqa: F821
    enrollments: Mapped[list["Enrollment"]] = relationship(back_populates="cohort")

    def __repr__(self) -> str:
        return f"<Cohort {self.id}>"


class EnrollmentStatus(enum.StrEnum):
    """Where a participant stands in a cohort."""

    ACTIVE = "active"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


class Enrollment(db.Model):
    """A participant in a cohort from one date, and until another once it has ended."""

    __tablename__ = "enrollments"
    __table_args__ = (
        UniqueConstraint("cohort_id", "participant_id"),
        CheckConstraint("ended_on IS NULL OR ended_on >= enrolled_on", name="ends_after_start"),
        CheckConstraint("status = 'active' OR ended_on IS NOT NULL", name="ended_has_end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="RESTRICT"))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[EnrollmentStatus] = mapped_column(
        enum_type(EnrollmentStatus, "status"), default=EnrollmentStatus.ACTIVE
    )
    enrolled_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    cohort: Mapped[Cohort] = relationship(back_populates="enrollments")
    participant: Mapped["Participant"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<Enrollment {self.id}>"


class CohortTeacher(db.Model):
    """A partner user a coordinator assigned to teach a cohort.

    The role column and the two-column foreign key to users(id, role) let the database
    itself refuse anyone but a partner user as a teacher.
    """

    __tablename__ = "cohort_teachers"
    __table_args__ = (
        ForeignKeyConstraint(
            ["user_id", "user_role"], ["users.id", "users.role"], ondelete="CASCADE"
        ),
        CheckConstraint("user_role = 'partner'", name="teacher_is_partner"),
        Index("ix_cohort_teachers_user_id", "user_id"),
    )

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(primary_key=True)
    user_role: Mapped[str] = mapped_column(String(11), default="partner")
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cohort: Mapped[Cohort] = relationship()
    user: Mapped["User"] = relationship(foreign_keys=[user_id])  # noqa: F821

    def __repr__(self) -> str:
        return f"<CohortTeacher cohort={self.cohort_id} user={self.user_id}>"
