"""Class sessions and the attendance marks taken in them, with the history of every change."""

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from linkenglish.models.base import EncryptedText, UTCDateTime, db, enum_type, utcnow
from linkenglish.timeutil import to_local


class SessionMode(enum.StrEnum):
    """Where a class session happens."""

    ONLINE = "online"
    IN_PERSON = "in_person"


class ClassSession(db.Model):
    """One class meeting of a cohort; weekly series share a series id."""

    __tablename__ = "class_sessions"
    __table_args__ = (
        CheckConstraint(
            "duration_minutes > 0 AND duration_minutes <= 1440", name="duration_positive"
        ),
        CheckConstraint(
            "NOT cancelled OR cancellation_reason IS NOT NULL", name="cancelled_has_reason"
        ),
        CheckConstraint(
            "checkin_closes_at IS NULL OR checkin_closes_at > checkin_opens_at",
            name="checkin_window",
        ),
        CheckConstraint(
            "checkin_late_after_minutes >= 0 AND checkin_late_after_minutes <= 240",
            name="checkin_late_after",
        ),
        # A cohort's schedule and attendance matrix; a partner's sessions over a date range.
        Index("ix_class_sessions_cohort_id_starts_at", "cohort_id", "starts_at"),
        Index("ix_class_sessions_partner_id_starts_at", "partner_id", "starts_at"),
        Index("ix_class_sessions_starts_at", "starts_at"),
        Index("ix_class_sessions_series_id", "series_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="RESTRICT"))
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_organisations.id", ondelete="RESTRICT")
    )
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    series_id: Mapped[str | None] = mapped_column(String(32))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The day it takes place in the app's time zone, kept with starts_at (see below), so
    # that SQL can compare sessions with enrollment dates on any database.
    local_date: Mapped[date] = mapped_column(Date)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    mode: Mapped[SessionMode] = mapped_column(enum_type(SessionMode, "mode"))
    place: Mapped[str | None] = mapped_column(String(200))
    meeting_url: Mapped[str | None] = mapped_column(String(500))
    topic: Mapped[str | None] = mapped_column(String(200))
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    cancellation_reason: Mapped[str | None] = mapped_column(String(300))
    # Self check-in: a per-session secret from which a code that changes every minute is
    # derived (like TOTP), the window in which codes are accepted, and when "late" begins.
    checkin_secret: Mapped[str | None] = mapped_column(
        EncryptedText("class_sessions.checkin_secret")
    )
    checkin_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checkin_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checkin_late_after_minutes: Mapped[int] = mapped_column(Integer, server_default=text("10"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    cohort: Mapped["Cohort"] = relationship()  # noqa: F821

    @validates("starts_at")
    def _keep_local_date(self, _key, value: datetime) -> datetime:
        self.local_date = to_local(value).date()
        return value

    def __repr__(self) -> str:
        return f"<ClassSession {self.id}>"


class AttendanceStatus(enum.StrEnum):
    """One participant's attendance at one session."""

    PRESENT = "present"
    LATE = "late"
    EXCUSED = "excused"
    ABSENT = "absent"


class AttendanceMark(db.Model):
    """The current mark of one participant for one session."""

    __tablename__ = "attendance_marks"
    __table_args__ = (
        UniqueConstraint("session_id", "participant_id"),  # also serves marks by session
        Index("ix_attendance_marks_participant_id", "participant_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("class_sessions.id", ondelete="RESTRICT"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="RESTRICT"))
    status: Mapped[AttendanceStatus] = mapped_column(enum_type(AttendanceStatus, "status"))
    remark: Mapped[str | None] = mapped_column(String(300))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    changes: Mapped[list["AttendanceMarkChange"]] = relationship(
        back_populates="mark", order_by="AttendanceMarkChange.id"
    )

    def __repr__(self) -> str:
        return f"<AttendanceMark {self.id} {self.status}>"


class AttendanceMarkChange(db.Model):
    """A mark as it was before someone changed it."""

    __tablename__ = "attendance_mark_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    mark_id: Mapped[int] = mapped_column(
        ForeignKey("attendance_marks.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[AttendanceStatus] = mapped_column(enum_type(AttendanceStatus, "status"))
    remark: Mapped[str | None] = mapped_column(String(300))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    mark: Mapped[AttendanceMark] = relationship(back_populates="changes")

    def __repr__(self) -> str:
        return f"<AttendanceMarkChange {self.id} mark={self.mark_id}>"


class CheckinAttempt(db.Model):
    """A participant's try at a self check-in code: kept to limit attempts and to refuse a
    code used once already."""

    __tablename__ = "checkin_attempts"
    __table_args__ = (
        Index("ix_checkin_attempts_session_id_participant_id", "session_id", "participant_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("class_sessions.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The minute step the code belonged to, when it was right; None for a wrong code.
    step: Mapped[int | None] = mapped_column(Integer)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self) -> str:
        return f"<CheckinAttempt {self.id}>"
