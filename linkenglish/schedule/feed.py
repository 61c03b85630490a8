"""The private calendar feed: a participant's sessions as iCalendar text (RFC 5545).

It holds sessions only: the cohort's name, when, the place or meeting link, the topic, and
whether it is cancelled. No one's name, no e-mail (no ORGANIZER or ATTENDEE), no internal id:
each event's UID is a keyed hash of the login and the session, stable for one person and
unlinkable across two. A cancellation's reason is free text that may name someone, so it
stays on the signed-in pages. Times are in UTC ("Z" form), so no VTIMEZONE is needed.
"""

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from flask_babel import gettext as _

from linkenglish.labels import SESSION_MODE_LABELS
from linkenglish.models import SessionMode
from linkenglish.models.base import lookup_hash
from linkenglish.schedule.services import OwnSession

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODUCT_ID = "-//LiNK English//Class calendar//EN"
LINE_OCTETS = 75
CRLF = "\r\n"
# Control characters that TEXT may not hold (RFC 5545 3.3.11); tabs may stay, and line
# breaks are escaped as \n before this applies.
CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
NOT_IN_URI = re.compile(r"[\s\x00-\x1f\x7f]")


def ical_text(value: str) -> str:
    """Escape a TEXT value: backslashes, semicolons, commas and line breaks."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return CONTROLS.sub("", value.replace("\n", "\\n"))


def ical_fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets, never inside a character."""
    if len(line.encode("utf-8")) <= LINE_OCTETS:
        return line
    parts, current, size, limit = [], [], 0, LINE_OCTETS
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1  # the leading space counts
        current.append(character)
        size += octets
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def ical_utc(moment: datetime) -> str:
    """Format a time as a DATE-TIME in UTC: 20261130T103000Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_uid(*, user_id: int, session_id: int) -> str:
    """Return the event's UID: a keyed hash of login and session, never the ids themselves."""
    return lookup_hash(f"{user_id}:{session_id}", "calendar-uid").hex()[:40] + "@linkenglish"


def event_lines(session: OwnSession, *, user_id: int) -> list[str]:
    """List the unfolded content lines of one session's VEVENT."""
    summary = session.cohort_name
    if session.cancelled:
        summary = _("Cancelled: %(cohort)s", cohort=session.cohort_name)
    link = session.link
    if link and NOT_IN_URI.search(link):
        link = None
    details = [str(SESSION_MODE_LABELS[SessionMode(session.mode)])]
    if session.topic:
        details.append(_("Topic: %(topic)s", topic=session.topic))
    if link:
        details.append(_("Meeting link: %(url)s", url=link))
    lines = [
        "BEGIN:VEVENT",
        f"UID:{calendar_uid(user_id=user_id, session_id=session.session_id)}",
        f"DTSTAMP:{ical_utc(session.updated_at)}",
        f"LAST-MODIFIED:{ical_utc(session.updated_at)}",
        f"DTSTART:{ical_utc(session.starts_at)}",
        f"DTEND:{ical_utc(session.ends_at)}",
        f"SUMMARY:{ical_text(summary)}",
        f"STATUS:{'CANCELLED' if session.cancelled else 'CONFIRMED'}",
    ]
    location = session.place or session.meeting_url
    if location:
        lines.append(f"LOCATION:{ical_text(location)}")
    if link:
        lines.append(f"URL:{link}")
    lines += [f"DESCRIPTION:{ical_text(chr(10).join(details))}", "END:VEVENT"]
    return lines


def calendar_render(*, sessions: Iterable[OwnSession], user_id: int) -> bytes:
    """Render the whole feed as UTF-8 bytes: folded lines, each ending in CRLF."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ical_text(_('LiNK English classes'))}",
        # Hints for how often to fetch again (RFC 7986, and what Outlook reads).
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for session in sessions:
        lines += event_lines(session, user_id=user_id)
    lines.append("END:VCALENDAR")
    return "".join(ical_fold(line) + CRLF for line in lines).encode("utf-8")
