"""The private calendar feed: strict RFC 5545, the participant's own sessions only, no
names, e-mails, ids or cookies, and 404 for any link that is not a live one."""

import re
from datetime import timedelta

import icalendar
from own_view import CANARIES, ONLINE_URL, PLACE, TOPIC, build_world, link_for

from linkenglish.extensions import db
from linkenglish.models import ClassSession, User
from linkenglish.schedule.feed import ical_fold, ical_text

EMAIL = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.-]+")


def parsed_feed(response) -> icalendar.Calendar:
    """Check the feed's framing byte by byte, then parse it strictly."""
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Set-Cookie" not in response.headers
    body = response.data
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(body)
    assert [c.errors for c in calendar.walk() if c.errors] == []
    return calendar


def test_feed_holds_own_sessions_only_without_names(app, client, make_user, make_participant):
    world = build_world(app, make_user, make_participant)
    response = client.get(link_for(app, world.owner))
    events = {e["DTSTART"].dt: e for e in parsed_feed(response).walk("VEVENT")}
    with app.app_context():
        sessions = {
            name: db.session.get(ClassSession, session_id)
            for name, session_id in world.sessions.items()
        }
        theirs = {"before_leaving", "absent", "present", "cancelled", "late", "in_person", "online"}
        expected = {name: s.starts_at for name, s in sessions.items() if name in theirs}
    assert set(events) == set(expected.values())  # own cohorts, enrolled days, 90 days back
    stamps = re.findall(rb"^DT(?:START|END):(.*)\r$", response.data, re.MULTILINE)
    assert len(stamps) == 14 and all(re.fullmatch(rb"\d{8}T\d{6}Z", s) for s in stamps)
    cancelled = events[expected["cancelled"]]
    assert str(cancelled["SUMMARY"]) == "Cancelled: LIEP Own" and cancelled["STATUS"] == "CANCELLED"
    assert b"flooded" not in response.data  # a reason is free text: pages only
    assert [str(e["STATUS"]) for e in events.values()].count("CONFIRMED") == 6
    in_person = events[expected["in_person"]]
    assert str(in_person["LOCATION"]) == PLACE  # commas, semicolons, backslashes kept
    assert TOPIC in str(in_person["DESCRIPTION"])  # a newline and folded Korean too
    online = events[expected["online"]]
    assert str(online["URL"]) == ONLINE_URL == str(online["LOCATION"])
    assert online["DTEND"].dt - online["DTSTART"].dt == timedelta(minutes=90)
    body = response.data
    for canary in CANARIES:
        assert canary.encode() not in body
    assert EMAIL.findall(body) == [] and b"ORGANIZER" not in body and b"ATTENDEE" not in body
    assert b"19876543" not in body  # no session id
    assert b"Topic others" not in body and b"Topic before_joining" not in body


def test_uids_are_stable_per_person_and_unlinkable_across_people(
    app, client, make_user, make_participant
):
    world = build_world(app, make_user, make_participant)
    mine = link_for(app, world.owner)

    def uids(path):
        calendar = parsed_feed(client.get(path))
        return {e["DTSTART"].dt: str(e["UID"]) for e in calendar.walk("VEVENT")}

    first, again, theirs = uids(mine), uids(mine), uids(link_for(app, world.classmate))
    assert first == again
    shared = first.keys() & theirs.keys()
    assert shared and all(first[start] != theirs[start] for start in shared)


def test_feed_never_starts_a_session(app, client, make_user, make_participant, login_as):
    world = build_world(app, make_user, make_participant)
    path = link_for(app, world.owner)
    assert "Set-Cookie" not in client.get(path).headers
    assert "Set-Cookie" not in client.get("/calendar/forged-token.ics").headers
    login_as(world.owner)  # a signed-in browser opening its own link
    response = client.get(path)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_disabled_login_wrong_case_and_forged_tokens_get_404(
    app, client, make_user, make_participant
):
    world = build_world(app, make_user, make_participant)
    path = link_for(app, world.owner)
    assert client.get(path[:-5] + "x.ics").status_code == 404
    assert client.get("/calendar/" + "a" * 500 + ".ics").status_code == 404
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    if token.swapcase() != token:  # the keyed hash folds case; the token must not
        assert client.get(f"/calendar/{token.swapcase()}.ics").status_code == 404
    with app.app_context():
        db.session.get(User, world.owner.id).active = False
        db.session.commit()
    assert client.get(path).status_code == 404


def test_text_escaping_and_folding_follow_rfc_5545():
    assert ical_text("a\\b;c,d\r\ne\nf\rg\x01h\ti") == "a\\\\b\\;c\\,d\\ne\\nf\\ng" + "h\ti"
    line = "DESCRIPTION:" + "가" * 60
    folded = ical_fold(line).split("\r\n")
    assert all(len(part.encode()) <= 75 for part in folded)
    assert all(part.startswith(" ") for part in folded[1:])
    assert "".join(part[1:] if n else part for n, part in enumerate(folded)) == line
    assert ical_fold("SUMMARY:short") == "SUMMARY:short"
