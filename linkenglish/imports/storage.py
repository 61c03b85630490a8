"""Uploaded files kept between preview and confirm, sealed with the data key.

The file waits in the instance folder, not in process memory (several workers) nor in the
session cookie (too big). It is named by a random id, sealed with the app's key ring with
that id and the uploader in the associated data (a file renamed or confirmed by someone else
does not open), expires after an hour, and is taken (deleted) by the confirm that uses it.
"""

import base64
import json
import os
import re
import secrets
import time
from dataclasses import dataclass

from flask import current_app

from linkenglish.crypto import DataKeyError
from linkenglish.models.base import keyring

LIFETIME_SECONDS = 60 * 60
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")
SUFFIX = ".sealed"


@dataclass(frozen=True)
class Upload:
    """A kept file: its name as uploaded and its bytes."""

    filename: str
    data: bytes


def upload_folder() -> str:
    """The folder kept uploads wait in, created when missing (owner-only)."""
    folder = os.path.join(current_app.instance_path, "imports")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return folder


def seal_context(token: str, user_id: int) -> str:
    """The associated data that binds a sealed upload to its id and its uploader."""
    return f"imports.upload.{token}.{user_id}"


def upload_keep(*, filename: str, data: bytes, user_id: int) -> str:
    """Seal an uploaded file into the instance folder; return the id that takes it back."""
    uploads_expire()
    token = secrets.token_urlsafe(24)
    payload = json.dumps(
        {"filename": filename, "kept_at": time.time(), "data": base64.b64encode(data).decode()}
    )
    sealed = keyring().encrypt(payload, seal_context(token, user_id))
    path = os.path.join(upload_folder(), token + SUFFIX)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(sealed)
    return token


def upload_take(*, token: str, user_id: int) -> Upload | None:
    """Take a kept file back and delete it; None when the id is unknown, expired, already
    taken, or not this user's."""
    if not TOKEN_PATTERN.match(token or ""):
        return None
    path = os.path.join(upload_folder(), token + SUFFIX)
    try:
        with open(path, "rb") as handle:
            sealed = handle.read()
        # Whoever deletes the file takes it: a second confirm (a double click) finds nothing.
        os.remove(path)
    except FileNotFoundError:
        return None
    try:
        payload = json.loads(keyring().decrypt(sealed, seal_context(token, user_id)))
    except (DataKeyError, ValueError):
        return None
    if time.time() - payload["kept_at"] > LIFETIME_SECONDS:
        return None
    return Upload(filename=payload["filename"], data=base64.b64decode(payload["data"]))


def uploads_expire() -> None:
    """Delete kept files older than their lifetime (abandoned previews)."""
    folder = upload_folder()
    oldest = time.time() - LIFETIME_SECONDS
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        try:
            if name.endswith(SUFFIX) and os.path.getmtime(path) < oldest:
                os.remove(path)
        except FileNotFoundError:
            continue  # another worker removed it first
