"""The sign-in throttle: a few wrong passwords for one e-mail address, then a pause.

Each try is reserved before the password is checked, under a lock per address, so that
tries sent at once for one address are never checked more often than the limit allows.

Failures are rows in the database, so every worker and host sees the same count; they hold
only a keyed hash of the address typed, known or not, so the throttle says nothing about
which addresses have logins.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from linkenglish.extensions import db
from linkenglish.models import SignInFailure
from linkenglish.models.base import lookup_hash, utcnow

# Failures older than this are deleted when a new one is recorded.
KEEP = timedelta(days=1)


def window() -> timedelta:
    """How long failures count."""
    return timedelta(minutes=current_app.config["SIGN_IN_WINDOW_MINUTES"])


def address_lock(address: bytes) -> None:
    """Hold this address's lock until the transaction ends, so that its tries are counted
    and reserved one at a time by every worker.

    PostgreSQL: a transaction-scoped advisory lock keyed by the address's hash. SQLite: a
    request that writes already holds the database's write lock (BEGIN IMMEDIATE, see
    linkenglish.sqlite); the DELETE that reserve runs first takes it otherwise."""
    if db.session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(address[:8], "big", signed=True)
        db.session.execute(select(func.pg_advisory_xact_lock(key)))


def sign_in_try_reserve(*, email: str) -> SignInFailure | None:
    """Reserve one try for this address before its password is checked: a failure row that
    a successful sign-in gives back. None when the address has used its tries within the
    window. The caller commits at once, so the lock is not held while the password hash
    is computed."""
    address = lookup_hash(email, "sign-in")
    address_lock(address)
    now = utcnow()
    db.session.execute(delete(SignInFailure).where(SignInFailure.failed_at < now - KEEP))
    tried = db.session.scalar(
        select(func.count(SignInFailure.id)).where(
            SignInFailure.email_hash == address, SignInFailure.failed_at > now - window()
        )
    )
    if tried >= current_app.config["SIGN_IN_MAX_FAILURES"]:
        return None
    reservation = SignInFailure(email_hash=address, failed_at=now)
    db.session.add(reservation)
    return reservation


def sign_in_failures_clear(*, email: str) -> None:
    """Forget the failures of an address once its owner signed in (the reservation of
    this try with them)."""
    db.session.execute(
        delete(SignInFailure).where(SignInFailure.email_hash == lookup_hash(email, "sign-in"))
    )
