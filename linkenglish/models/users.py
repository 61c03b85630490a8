"""Sign-in accounts and the partner organisations some of them belong to."""

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkenglish.models.base import EncryptedText, UTCDateTime, db, enum_type, lookup_hash, utcnow


class Role(enum.StrEnum):
    """What a signed-in user is to the program."""

    COORDINATOR = "coordinator"
    PARTNER = "partner"
    PARTICIPANT = "participant"


class PartnerOrganisation(db.Model):
    """An organisation that teaches sessions with LiNK, such as the British Council."""

    __tablename__ = "partner_organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users: Mapped[list["User"]] = relationship(back_populates="partner")

    def __repr__(self) -> str:
        return f"<PartnerOrganisation {self.id}>"


class User(UserMixin, db.Model):
    """A login: a coordinator, a partner organisation's user, or a participant."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "(role = 'partner') = (partner_id IS NOT NULL)", name="partner_iff_partner_role"
        ),
        CheckConstraint(
            "(role = 'participant') = (participant_id IS NOT NULL)",
            name="participant_iff_participant_role",
        ),
        # Lets other tables point at (id, role) to accept users of one role only.
        UniqueConstraint("id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Nullable only so that erasure can clear them.
    email_encrypted: Mapped[str | None] = mapped_column("email", EncryptedText("users.email"))
    email_hash: Mapped[bytes | None] = mapped_column(LargeBinary(32), unique=True)
    # How the program addresses a staff or partner user (a teacher's name on a session);
    # participants are shown by their Participant.preferred_name instead.
    display_name: Mapped[str | None] = mapped_column(String(100))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Raising the session version signs the user out everywhere.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_organisations.id", ondelete="RESTRICT"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="RESTRICT"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The secret in the private calendar feed's URL: sealed so the owner can see it again,
    # and found through its keyed hash; resetting it replaces both.
    calendar_token: Mapped[str | None] = mapped_column(EncryptedText("users.calendar_token"))
    calendar_token_hash: Mapped[bytes | None] = mapped_column(LargeBinary(32), unique=True)

    partner: Mapped[PartnerOrganisation | None] = relationship(back_populates="users")
    participant: Mapped["Participant | None"] = relationship(back_populates="user")  # noqa: F821

    @property
    def email(self) -> str | None:
        """The login e-mail, decrypted."""
        return self.email_encrypted

    @email.setter
    def email(self, value: str | None) -> None:
        self.email_encrypted = value
        self.email_hash = lookup_hash(value, "email")

    @property
    def is_active(self) -> bool:
        """Flask-Login: a disabled login cannot sign in or stay signed in."""
        return self.active

    def get_id(self) -> str:
        """Flask-Login: the id plus the session version, so old sessions can be ended."""
        return f"{self.id}.{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class TokenPurpose(enum.StrEnum):
    """What a one-time link lets its holder do."""

    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"  # noqa: S105 (a purpose, not a password)


class AccountToken(db.Model):
    """A single-use link to set a password; only its SHA-256 is stored."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(enum_type(TokenPurpose, "purpose"))
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<AccountToken {self.id} {self.purpose}>"


class SignInFailure(db.Model):
    """A failed sign-in, kept for the throttle's window: only a keyed hash of the e-mail
    typed (known or not) and the time. Shared by every worker through the database."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_email_hash_failed_at", "email_hash", "failed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<SignInFailure {self.id}>"
