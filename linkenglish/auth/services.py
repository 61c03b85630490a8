"""Passwords, signing in, and creating logins."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import select

from linkenglish.extensions import db
from linkenglish.models import Participant, PartnerOrganisation, Role, User, utcnow
from linkenglish.models.base import lookup_hash

# Long enough to resist guessing, short enough to type on a phone.
PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 1024

# Argon2's smallest allowed cost, for tests only: production hashing takes ~100 ms a time.
TESTING_ARGON2 = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


def password_hasher() -> PasswordHasher:
    """Return the app's Argon2id hasher, built once from its settings."""
    hasher = current_app.extensions.get("linkenglish.password_hasher")
    if hasher is None:
        config = current_app.config
        params = (
            TESTING_ARGON2
            if config["TESTING"]
            else {
                "time_cost": config["ARGON2_TIME_COST"],
                "memory_cost": config["ARGON2_MEMORY_COST"],
                "parallelism": config["ARGON2_PARALLELISM"],
            }
        )
        hasher = PasswordHasher(**params)
        current_app.extensions["linkenglish.password_hasher"] = hasher
        # Checked against when the e-mail is unknown, so both failures take as long.
        current_app.extensions["linkenglish.dummy_hash"] = hasher.hash("not a password")
    return hasher


def password_set(*, user: User, password: str) -> None:
    """Store a new password hash and sign the user out of every other session."""
    user.password_hash = password_hasher().hash(password)
    if user.id is not None:
        user.session_version = (user.session_version or 1) + 1
        if user.email:
            from linkenglish.auth.throttle import sign_in_failures_clear

            sign_in_failures_clear(email=user.email)  # a new password starts afresh


def user_by_email(email: str) -> User | None:
    """Find a login by e-mail through its keyed hash."""
    return db.session.scalar(select(User).where(User.email_hash == lookup_hash(email, "email")))


def user_authenticate(*, email: str, password: str) -> User | None:
    """Return the active user with this e-mail and password, or None; same cost either way."""
    hasher = password_hasher()
    user = user_by_email(email)
    stored = user.password_hash if user is not None and user.password_hash else None
    try:
        hasher.verify(stored or current_app.extensions["linkenglish.dummy_hash"], password)
    except (VerificationError, InvalidHashError):
        return None
    if stored is None or not user.active:
        return None
    if hasher.check_needs_rehash(stored):
        user.password_hash = hasher.hash(password)
    user.last_login_at = utcnow()
    return user


def user_load(user_id: str) -> User | None:
    """Flask-Login: the user for a session id "<id>.<session version>", if still valid."""
    id_text, _, version_text = user_id.partition(".")
    if not (id_text.isdigit() and version_text.isdigit()):
        return None
    user = db.session.get(User, int(id_text))
    if user is None or not user.active or user.session_version != int(version_text):
        return None
    return user


def user_create(
    *,
    email: str,
    role: Role,
    password: str | None = None,
    partner: PartnerOrganisation | None = None,
    participant: Participant | None = None,
    display_name: str | None = None,
) -> User:
    """Create a login; partners need an organisation and participants a participant."""
    if (role is Role.PARTNER) != (partner is not None):
        raise ValueError("A partner login needs a partner organisation, and only it has one.")
    if (role is Role.PARTICIPANT) != (participant is not None):
        raise ValueError("A participant login needs a participant, and only it has one.")
    if user_by_email(email) is not None:
        raise ValueError("A login with this e-mail already exists.")
    user = User(
        role=role,
        partner=partner,
        participant=participant,
        display_name=display_name,
        active=True,
    )
    user.email = email
    if password is not None:
        password_set(user=user, password=password)
    db.session.add(user)
    db.session.flush()
    return user
