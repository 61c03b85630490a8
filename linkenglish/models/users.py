"""Sign-in accounts and the partner organisations some of them belong to."""

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
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
    email_encrypted: Mapped[str] = mapped_column("email", EncryptedText("users.email"))
    email_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
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

    partner: Mapped[PartnerOrganisation | None] = relationship(back_populates="users")
    participant: Mapped["Participant | None"] = relationship(back_populates="user")  # noqa: F821

    @property
    def email(self) -> str:
        """The login e-mail, decrypted."""
        return self.email_encrypted

    @email.setter
    def email(self, value: str) -> None:
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
