"""Write random secret keys into instance/config.py, never replacing one that is there.

Run as ``python -m linkenglish.keys [INSTANCE_DIR]``; ``make run`` does it on first use.
"""

import base64
import os
import re
import secrets
import sys

KEY_NAMES = ("SECRET_KEY", "LINKENGLISH_DATA_KEY")


def new_data_key() -> str:
    """Return a fresh 256-bit data key as key id 1, in the form LINKENGLISH_DATA_KEY takes."""
    return "1:" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def new_key(name: str) -> str:
    """Return a fresh random value for the setting called name."""
    return new_data_key() if name == "LINKENGLISH_DATA_KEY" else secrets.token_urlsafe(48)


def ensure_instance_keys(instance_path: str) -> list[str]:
    """Append any missing keys to instance/config.py; return the names written."""
    os.makedirs(instance_path, exist_ok=True)
    path = os.path.join(instance_path, "config.py")
    existing = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            existing = handle.read()
    missing = [
        name for name in KEY_NAMES if not re.search(rf"^{name}\s*=", existing, flags=re.MULTILINE)
    ]
    if missing:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            if existing and not existing.endswith("\n"):
                handle.write("\n")
            for name in missing:
                handle.write(f"{name} = {new_key(name)!r}\n")
    return missing


def main(argv: list[str]) -> int:
    """Create the keys in the instance folder given, or ./instance."""
    instance_path = os.path.abspath(argv[1] if len(argv) > 1 else "instance")
    written = ensure_instance_keys(instance_path)
    if written:
        print(f"Wrote new {', '.join(written)} to {instance_path}/config.py")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
