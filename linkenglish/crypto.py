"""Encryption of personal data at rest and keyed hashes for finding rows by such data.

LINKENGLISH_DATA_KEY holds one or more keys as ``ID:base64url`` separated by commas, the
current key first (a bare base64 value is key 1). Each stored value is
``key id (1 byte) | nonce (12 bytes) | AES-256-GCM ciphertext and tag``, sealed with
"table.column" as associated data so a value copied into another column will not open.
Encryption keys and the lookup (HMAC) key are derived separately with HKDF; the lookup key
comes from the oldest key in the ring, so adding a new current key keeps lookups working.
"""

import base64
import binascii
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_SIZE = 12


class DataKeyError(RuntimeError):
    """The data key is missing, malformed, or not the one the data was sealed with."""


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret)


def _decode_key(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise DataKeyError(
            "LINKENGLISH_DATA_KEY must hold 32-byte keys in base64url; "
            "run `python -m linkenglish.keys` to create one."
        )
    return raw


def normalise(value: str) -> str:
    """Fold a value the way lookups compare it: NFKC, casefolded, outer spaces removed."""
    return unicodedata.normalize("NFKC", value).casefold().strip()


@dataclass(frozen=True)
class KeyRing:
    """The derived keys: one AES key per key id, and the one lookup key."""

    current_id: int
    encryption_keys: dict[int, bytes]
    lookup_key: bytes

    @classmethod
    def from_setting(cls, setting: str | None) -> "KeyRing":
        """Parse LINKENGLISH_DATA_KEY into a key ring."""
        if not setting or not setting.strip():
            raise DataKeyError("LINKENGLISH_DATA_KEY is not set.")
        entries: list[tuple[int, bytes]] = []
        for part in setting.split(","):
            key_id_text, sep, key_text = part.strip().rpartition(":")
            key_id = int(key_id_text) if sep and key_id_text.isdigit() else 1
            if not 1 <= key_id <= 255:
                raise DataKeyError("LINKENGLISH_DATA_KEY key ids run from 1 to 255.")
            entries.append((key_id, _decode_key(key_text)))
        if len({key_id for key_id, _ in entries}) != len(entries):
            raise DataKeyError("LINKENGLISH_DATA_KEY names the same key id twice.")
        return cls(
            current_id=entries[0][0],
            encryption_keys={
                key_id: _derive(raw, b"linkenglish/encrypt/v1") for key_id, raw in entries
            },
            lookup_key=_derive(entries[-1][1], b"linkenglish/lookup/v1"),
        )

    def encrypt(self, plaintext: str, context: str) -> bytes:
        """Seal plaintext for the column named by context ("table.column")."""
        nonce = os.urandom(NONCE_SIZE)
        sealed = AESGCM(self.encryption_keys[self.current_id]).encrypt(
            nonce, plaintext.encode("utf-8"), context.encode("ascii")
        )
        return bytes([self.current_id]) + nonce + sealed

    def decrypt(self, blob: bytes, context: str) -> str:
        """Open a value sealed by encrypt for the same column."""
        blob = bytes(blob)
        if len(blob) < 1 + NONCE_SIZE + 16:
            raise DataKeyError(f"The stored value of {context} is too short to be ciphertext.")
        key = self.encryption_keys.get(blob[0])
        if key is None:
            raise DataKeyError(
                f"{context} was encrypted with data key {blob[0]}, "
                "which LINKENGLISH_DATA_KEY does not hold."
            )
        try:
            plain = AESGCM(key).decrypt(
                blob[1 : 1 + NONCE_SIZE], blob[1 + NONCE_SIZE :], context.encode("ascii")
            )
        except InvalidTag:
            raise DataKeyError(
                f"Cannot decrypt {context}: LINKENGLISH_DATA_KEY is not the key it was "
                "encrypted with, or the value was moved from another column."
            ) from None
        return plain.decode("utf-8")

    def lookup_hash(self, value: str, purpose: str) -> bytes:
        """Return the keyed hash that finds a row by value; purpose keeps kinds apart."""
        message = purpose.encode("ascii") + b"\x00" + normalise(value).encode("utf-8")
        return hmac.new(self.lookup_key, message, hashlib.sha256).digest()
