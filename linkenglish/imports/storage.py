"""Uploaded files kept between preview and confirm, sealed with the data key.

The file waits in the database (several workers and hosts share it), not in process memory
nor in the session cookie (too big). The browser holds a random id; the database keeps its
SHA-256. The file is sealed with the app's key ring with the id and the uploader in the
associated data (confirmed by someone else, it does not open), expires after an hour, and is
taken (deleted) by the confirm that uses it, so a double click imports once.
"""

import base64
import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete

from linkenglish.crypto import DataKeyError
from linkenglish.extensions import db
from linkenglish.models import PendingUpload, utcnow
from linkenglish.models.base import keyring

LIFETIME = timedelta(hours=1)
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")


@dataclass(frozen=True)
class Upload:
    """A kept file: its name as uploaded and its bytes."""

    filename: str
    data: bytes


def seal_context(token: str, user_id: int) -> str:
    """The associated data that binds a sealed upload to its id and its uploader."""
    return f"imports.upload.{token}.{user_id}"


def token_digest(token: str) -> bytes:
    """What the database keeps in place of the id."""
    return hashlib.sha256(token.encode("ascii")).digest()


def upload_keep(*, filename: str, data: bytes, user_id: int) -> str:
    """Seal an uploaded file into the database; return the id that takes it back."""
    uploads_expire()
    token = secrets.token_urlsafe(24)
    payload = json.dumps({"filename": filename, "data": base64.b64encode(data).decode()})
    db.session.add(
        PendingUpload(
            token_hash=token_digest(token),
            user_id=user_id,
            filename=filename[:255],
            sealed=keyring().encrypt(payload, seal_context(token, user_id)),
            expires_at=utcnow() + LIFETIME,
        )
    )
    db.session.flush()  # the preview page commits it, with its audit event
    return token


def upload_take(*, token: str, user_id: int) -> Upload | None:
    """Take a kept file back and delete it; None when the id is unknown, expired, already
    taken, or not this user's."""
    if not TOKEN_PATTERN.match(token or ""):
        return None
    # Whoever deletes the row takes the file: a second confirm finds nothing.
    taken = db.session.execute(
        delete(PendingUpload)
        .where(PendingUpload.token_hash == token_digest(token), PendingUpload.user_id == user_id)
        .returning(PendingUpload.sealed, PendingUpload.expires_at)
    ).first()
    if taken is None or taken.expires_at <= utcnow():
        return None
    try:
        payload = json.loads(keyring().decrypt(taken.sealed, seal_context(token, user_id)))
    except (DataKeyError, ValueError):
        return None
    return Upload(filename=payload["filename"], data=base64.b64decode(payload["data"]))


def uploads_expire() -> None:
    """Delete kept files past their lifetime (abandoned previews)."""
    db.session.execute(delete(PendingUpload).where(PendingUpload.expires_at <= utcnow()))
