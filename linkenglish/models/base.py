"""The declarative base, column types shared by all models, and small helpers."""

import enum
from datetime import UTC, datetime

from flask import current_app
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Enum, LargeBinary, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Stable names for every constraint and index, so migrations can name what they change.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class for all models."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Created here rather than in extensions.py so that models never import the extensions
# module (which imports the models); extensions.py re-exports it.
db = SQLAlchemy(model_class=Base)


class ProgramCode(enum.StrEnum):
    """The two programs: a participant's track, and the program a cohort belongs to."""

    LELP = "lelp"
    LIEP = "liep"


class CEFR(enum.StrEnum):
    """The Common European Framework levels, lowest first."""

    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"


def utcnow() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime refuses a naive datetime; attach a time zone.")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class EncryptedText(TypeDecorator):
    """Text encrypted with AES-GCM at rest; context is the column's "table.column"."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, context: str):
        super().__init__()
        self.context = context

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return keyring().encrypt(value, self.context)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return keyring().decrypt(value, self.context)


def keyring():
    """Return the running app's key ring (see linkenglish.crypto)."""
    return current_app.extensions["linkenglish.keyring"]


def lookup_hash(value: str | None, purpose: str) -> bytes | None:
    """Return the keyed hash for finding a row by value, or None for no value."""
    return None if value is None else keyring().lookup_hash(value, purpose)


def enum_type(enum_class: type[enum.Enum], name: str) -> Enum:
    """A portable enum column: stored as its values in VARCHAR with a CHECK constraint."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
    )
