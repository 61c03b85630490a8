"""Check-in codes: a short number that changes every minute, derived from a per-session
secret the way TOTP does it (RFC 6238 over RFC 4226's HOTP, HMAC-SHA-1, 60-second steps).

Only the standard library: the secret is random bytes kept as base32 text (the column is
encrypted at rest), and codes are compared in constant time.
"""

import base64
import hashlib
import hmac
import secrets
import struct
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

STEP_SECONDS = 60
DIGITS = 6
SECRET_BYTES = 20  # 160 bits, the HMAC-SHA-1 block-friendly size RFC 4226 recommends


def secret_new() -> str:
    """Return a fresh random secret as base32 text (32 characters, no padding)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def secret_key(secret: str) -> bytes:
    """Return the bytes of a base32 secret."""
    return base64.b32decode(secret)


def time_step(moment: datetime) -> int:
    """Return the number of whole STEP_SECONDS since the Unix epoch at moment (RFC 6238 T)."""
    return int(moment.timestamp()) // STEP_SECONDS


def step_bounds(step: int) -> tuple[datetime, datetime]:
    """Return when a step begins and when the next one does (UTC)."""
    starts = datetime.fromtimestamp(step * STEP_SECONDS, tz=UTC)
    return starts, starts + timedelta(seconds=STEP_SECONDS)


def hotp(key: bytes, counter: int, digits: int = DIGITS) -> str:
    """Return the HOTP value of key at counter (RFC 4226 §5.3), zero-padded to digits."""
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    binary = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(binary % 10**digits).zfill(digits)


def code_at(secret: str, step: int) -> str:
    """Return the check-in code a secret gives for a time step."""
    return hotp(secret_key(secret), step)


def code_match(secret: str, code: str, steps: Iterable[int]) -> int | None:
    """Return the step among steps whose code equals code, or None; every candidate is
    compared in constant time, so the time taken says nothing about near misses."""
    typed = code.encode("ascii")
    matched = None
    for step in steps:
        if hmac.compare_digest(code_at(secret, step).encode("ascii"), typed) and matched is None:
            matched = step
    return matched
