"""Default settings; instance/config.py and then environment variables override them."""

import os


def parse_bool(value: str) -> bool:
    """Read an environment flag such as 1/0, true/false, yes/no."""
    return value.strip().lower() in {"1", "true", "yes", "on"}


def parse_host_list(value: str) -> list[str]:
    """Read comma-separated host names, such as `app.internal, 10.0.0.5`."""
    return [host.strip().lower() for host in value.split(",") if host.strip()]


# Environment variables read at start-up, with how each is parsed.
ENVIRONMENT_SETTINGS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "LINKENGLISH_DATA_KEY": str,
    "APP_TIMEZONE": str,
    "SESSION_COOKIE_SECURE": parse_bool,
    "PREFERRED_URL_SCHEME": str,
    "TRUSTED_PROXIES": int,
    "PUBLIC_URL": str,
    "TRUSTED_HOSTS": parse_host_list,
}


class Defaults:
    """Settings that hold unless instance/config.py or the environment says otherwise."""

    SECRET_KEY = None
    LINKENGLISH_DATA_KEY = None
    DATABASE_URL = None  # None: SQLite file in the instance folder
    APP_TIMEZONE = "Asia/Seoul"
    # The site's public address, such as https://english.example.org: the only source of
    # absolute URLs (feed, sitemap, canonical links, invitation and calendar links). The app
    # refuses to start without it outside debug mode; with https://, HSTS is sent.
    PUBLIC_URL = None
    # Host names accepted besides PUBLIC_URL's (outside debug mode others are answered 400),
    # such as the name a health check uses. Links never use them.
    TRUSTED_HOSTS = ()
    # How many reverse proxies stand in front of the app and set X-Forwarded-For and -Proto.
    # X-Forwarded-Host and -Prefix are never read: links come from PUBLIC_URL. Leave 0 when
    # nothing is in front: the headers could then be forged.
    TRUSTED_PROXIES = 0

    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024

    # An essay can take hours to write: a CSRF token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = None
    # Flask-WTF's HTTPS check wants a Referer, which Referrer-Policy: no-referrer never sends
    # (so that no token in a URL reaches a log): every form would fail behind TLS. The token
    # and SameSite cookies still guard each form.
    WTF_CSRF_SSL_STRICT = False

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "linkenglish_session"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    # Below this attendance rate a participant is shown as at risk.
    ATTENDANCE_THRESHOLD = 0.8

    # After this many failed sign-ins for one e-mail address within the window, further
    # attempts for it are refused until the window has passed (the password is not tried).
    SIGN_IN_MAX_FAILURES = 5
    SIGN_IN_WINDOW_MINUTES = 15

    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = ("en", "ko")

    # Argon2id parameters: RFC 9106's second recommended option (64 MiB, 3 passes).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024
    ARGON2_PARALLELISM = 4


def environment_overrides(environ=os.environ) -> dict:
    """Return the settings that environment variables set."""
    found = {}
    for name, kind in ENVIRONMENT_SETTINGS.items():
        if name in environ and environ[name] != "":
            raw = environ[name]
            try:
                found[name] = kind(raw)
            except ValueError:
                raise SystemExit(f"LiNK English: {name}={raw!r} is not a whole number.") from None
    return found


def sqlalchemy_url(database_url: str | None, instance_path: str) -> str:
    """Turn DATABASE_URL into a SQLAlchemy URL; PostgreSQL goes through psycopg 3."""
    if not database_url:
        return "sqlite:///" + os.path.join(instance_path, "linkenglish.sqlite")
    for prefix in ("postgres://", "postgresql://"):
        if database_url.startswith(prefix):
            return "postgresql+psycopg://" + database_url[len(prefix) :]
    return database_url
