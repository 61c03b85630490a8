"""Times are stored in UTC and entered and shown in the app's time zone (APP_TIMEZONE)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def app_timezone() -> ZoneInfo:
    """The time zone people enter and read times in, Asia/Seoul by default."""
    return ZoneInfo(current_app.config["APP_TIMEZONE"])


def from_local(moment: datetime) -> datetime:
    """Read a naive time typed in a form as app-local time; return it in UTC."""
    if moment.tzinfo is not None:
        raise ValueError("from_local expects a naive time as typed in a form.")
    return moment.replace(tzinfo=app_timezone()).astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    """Return a stored (UTC) time in the app's time zone, for forms and display."""
    return moment.astimezone(app_timezone())


def local_today() -> date:
    """Today in the app's time zone."""
    return to_local(datetime.now(UTC)).date()
