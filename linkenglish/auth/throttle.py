"""The sign-in throttle: a few wrong passwords for one e-mail address, then a pause.

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


def sign_in_blocked(*, email: str) -> bool:
    """Tell whether this address has had too many failed sign-ins within the window."""
    failures = db.session.scalar(
        select(func.count(SignInFailure.id)).where(
            SignInFailure.email_hash == lookup_hash(email, "sign-in"),
            SignInFailure.failed_at > utcnow() - window(),
        )
    )
    return failures >= current_app.config["SIGN_IN_MAX_FAILURES"]


def sign_in_failure_record(*, email: str) -> None:
    """Count a failed sign-in for this address, and forget failures too old to matter."""
    now = utcnow()
    db.session.execute(delete(SignInFailure).where(SignInFailure.failed_at < now - KEEP))
    db.session.add(SignInFailure(email_hash=lookup_hash(email, "sign-in"), failed_at=now))


def sign_in_failures_clear(*, email: str) -> None:
    """Forget the failures of an address once its owner signed in."""
    db.session.execute(
        delete(SignInFailure).where(SignInFailure.email_hash == lookup_hash(email, "sign-in"))
    )
