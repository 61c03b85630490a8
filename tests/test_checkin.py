"""Self check-in: the code of the minute, who it checks in and as what, and what it refuses.

Only the clock is mocked (linkenglish.checkin.services.now); codes are computed here
independently of the app, straight from RFC 6238, with the secret read from the database.
"""

import base64
import hashlib
import hmac
import itertools
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from linkenglish.checkin import services
from linkenglish.checkin.codes import code_at, hotp, secret_new, time_step
from linkenglish.classes.services import (
    attendance_mark_set,
    class_session_cancel,
    class_session_create,
)
from linkenglish.cohorts.services import cohort_create, enrollment_add, program_by_code
from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceMark,
    AuditEvent,
    CheckinAttempt,
    ClassSession,
    Participant,
    ProgramCode,
    Role,
    SessionMode,
    User,
)
from linkenglish.partners.services import partner_organisation_get_or_create

STARTS = datetime(2026, 9, 8, 10, 0, tzinfo=UTC)  # Tuesday 19:00 in Seoul
NOW = STARTS + timedelta(seconds=20)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
NO_MATCH = "No open check-in matches this code."
_names = itertools.count(1)


def totp(secret: str, moment: datetime, *, step: int = 60, digits: int = 6) -> str:
    """RFC 6238 TOTP with HMAC-SHA-1, written out here from the RFC, not the app's code."""
    counter = int(moment.timestamp()) // step
    digest = hmac.new(base64.b32decode(secret), counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = digest[19] & 0x0F
    value = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(value % 10**digits).rjust(digits, "0")


class Clock:
    """The one thing mocked: the time check-in services read."""

    def __init__(self, monkeypatch):
        self.now = NOW
        monkeypatch.setattr(services, "now", lambda: self.now)

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def signed_in(app, user):
    """A client of its own, signed in as user (teacher and participants side by side)."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def post(client, url, form_page, **data):
    """POST a form with the CSRF token read off form_page, as a browser sends it."""
    token = CSRF.search(client.get(form_page).get_data(as_text=True)).group(1)
    return client.post(url, data={"csrf_token": token, **data})


@pytest.fixture
def world(app, make_user, make_participant):
    """A British Council cohort with two participants and a session today; its teacher."""

    class World:
        pass

    world = World()
    world.teacher = make_user(Role.PARTNER, display_name="Ms Park")
    world.people = [make_participant(preferred_name=f"Learner {n}") for n in ("A", "B")]
    world.users = [make_user(Role.PARTICIPANT, participant=person) for person in world.people]
    with app.app_context():
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LIEP),
            name=f"LIEP Autumn {next(_names)}",
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 12, 18),
            partner=partner_organisation_get_or_create(name="British Council"),
        )
        for person in world.people:
            enrollment_add(
                cohort=cohort,
                participant=db.session.get(Participant, person.id),
                enrolled_on=date(2026, 9, 1),
            )
        session = class_session_create(
            cohort=cohort, starts_at=STARTS, duration_minutes=90, mode=SessionMode.IN_PERSON
        )
        db.session.commit()
        world.cohort_id, world.session_id = cohort.id, session.id
    world.screen = f"/sessions/{world.session_id}/checkin"
    return world


def open_window(app, world, **fields):
    """Open the window as the teacher; return the teacher's client."""
    teacher = signed_in(app, world.teacher)
    fields = {"minutes": "15", "late_after": "10", **fields}  # the form's defaults
    response = post(teacher, world.screen + "/open", world.screen, **fields)
    assert response.status_code == 302
    return teacher


def secret_of(app, session_id) -> str:
    """The session's secret, decrypted, to compute codes in the test."""
    with app.app_context():
        return db.session.get(ClassSession, session_id).checkin_secret


def enter(app, user, code):
    """Enter a code as a participant; return the final page's text."""
    client = signed_in(app, user)
    response = post(client, "/checkin", "/checkin", code=code)
    if response.status_code == 302:
        response = client.get(response.headers["Location"])
    assert response.status_code == 200
    return response.get_data(as_text=True)


def mark_of(app, session_id, person):
    with app.app_context():
        mark = db.session.scalar(
            select(AttendanceMark).where(
                AttendanceMark.session_id == session_id,
                AttendanceMark.participant_id == person.id,
            )
        )
        return (mark.status.value, mark.recorded_by_id) if mark else None


def attempts_of(app, person):
    with app.app_context():
        rows = db.session.scalars(
            select(CheckinAttempt)
            .where(CheckinAttempt.participant_id == person.id)
            .order_by(CheckinAttempt.id)
        )
        return [(a.step, a.succeeded) for a in rows]


def test_totp_derivation_follows_rfc_6238():
    # RFC 6238 appendix B, SHA-1, 30-second steps, 8 digits: the reference values.
    key = b"12345678901234567890"
    for unix_time, expected in [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ]:
        assert hotp(key, unix_time // 30, digits=8) == expected
    # The app's codes: 60-second steps, 6 digits, a base32 secret of 20 random bytes.
    secret = base64.b32encode(key).decode()
    moment = datetime(2026, 9, 8, 10, 3, 59, tzinfo=UTC)
    assert code_at(secret, time_step(moment)) == totp(secret, moment)
    fresh = secret_new()
    assert len(base64.b32decode(fresh)) == 20 and fresh != secret_new()
    assert code_at(fresh, time_step(moment)) == totp(fresh, moment)


def test_the_current_code_checks_a_participant_in_once_as_present(app, world, clock):
    teacher = open_window(app, world)
    secret = secret_of(app, world.session_id)
    screen = teacher.get(world.screen).get_data(as_text=True)
    code = totp(secret, clock.now)
    assert f"{code[:3]} {code[3:]}" in screen
    assert "0 of 2 checked in" in screen

    page = enter(app, world.users[0], code)
    assert "You are checked in: present." in page
    assert mark_of(app, world.session_id, world.people[0]) == ("present", world.users[0].id)
    assert attempts_of(app, world.people[0]) == [(time_step(clock.now), True)]
    participant = signed_in(app, world.users[0])
    assert 'href="/checkin"' not in participant.get("/dashboard").get_data(as_text=True)
    detail = participant.get(f"/sessions/{world.session_id}").get_data(as_text=True)
    assert 'href="/checkin"' not in detail  # marked: nothing left to do

    page = enter(app, world.users[0], code)  # the same code again: a replay
    assert "This code was used already." in page
    assert attempts_of(app, world.people[0])[-1] == (time_step(clock.now), False)

    clock.advance(minutes=1)  # a new code: already marked
    page = enter(app, world.users[0], totp(secret, clock.now))
    assert "You are already marked for this session" in page

    assert "1 of 2 checked in" in teacher.get(world.screen).get_data(as_text=True)
    state = teacher.get(world.screen + "/code").get_json()
    assert state["open"] is True and state["code"].replace(" ", "") == totp(secret, clock.now)
    assert state["checked_in"] == "1 of 2 checked in"
    sheet = teacher.get(f"/sessions/{world.session_id}/attendance").get_data(as_text=True)
    assert "Now: Present, recorded by the participant (self check-in)" in sheet
    with app.app_context():
        events = db.session.scalars(select(AuditEvent)).all()
        assert [(e.action, e.object_type, e.object_id, e.detail) for e in events] == [
            ("checkin.open", "class_session", world.session_id, None)
        ]


def test_late_after_the_set_minutes_from_the_start(app, world, clock):
    open_window(app, world, minutes="30", late_after="5")
    secret = secret_of(app, world.session_id)
    clock.now = STARTS + timedelta(minutes=5)  # exactly at the limit: still on time
    assert "You are checked in: present." in enter(app, world.users[0], totp(secret, clock.now))
    clock.advance(seconds=1)
    assert "You are checked in: late." in enter(app, world.users[1], totp(secret, clock.now))
    assert mark_of(app, world.session_id, world.people[1])[0] == "late"


def test_the_previous_minutes_code_works_and_older_ones_expire(
    app, world, clock, make_user, make_participant
):
    open_window(app, world)
    secret = secret_of(app, world.session_id)
    first = totp(secret, clock.now)
    clock.advance(minutes=1)
    assert "You are checked in" in enter(app, world.users[0], first)
    assert attempts_of(app, world.people[0]) == [(time_step(clock.now) - 1, True)]
    clock.advance(minutes=1)  # two minutes on: the first code has expired
    page = enter(app, world.users[1], first)
    assert "This code has expired." in page
    assert mark_of(app, world.session_id, world.people[1]) is None
    assert attempts_of(app, world.people[1]) == [(None, False)]  # counts as a wrong try


def test_a_wrong_code_is_refused_and_a_code_never_shows_to_participants(app, world, clock):
    open_window(app, world)
    code = totp(secret_of(app, world.session_id), clock.now)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    page = enter(app, world.users[0], wrong)
    assert NO_MATCH in page and 'aria-invalid="true"' in page
    assert mark_of(app, world.session_id, world.people[0]) is None
    participant = signed_in(app, world.users[0])
    detail = participant.get(f"/sessions/{world.session_id}").get_data(as_text=True)
    assert code not in detail and f"{code[:3]} {code[3:]}" not in detail
    assert 'href="/checkin"' in detail
    assert 'href="/checkin"' in participant.get("/dashboard").get_data(as_text=True)
    for url in (world.screen, world.screen + "/code"):
        assert participant.get(url).status_code == 404


def test_no_code_is_accepted_after_the_window_closes(app, world, clock):
    teacher = open_window(app, world, minutes="10")
    secret = secret_of(app, world.session_id)
    clock.advance(minutes=10)  # the end of the window
    assert NO_MATCH in enter(app, world.users[0], totp(secret, clock.now))

    clock.advance(minutes=1)  # reopen, then close early
    teacher = open_window(app, world)
    secret = secret_of(app, world.session_id)
    code = totp(secret, clock.now)
    response = post(teacher, world.screen + "/close", world.screen)
    assert response.status_code == 302
    assert secret_of(app, world.session_id) is None
    assert NO_MATCH in enter(app, world.users[0], code)
    assert teacher.get(world.screen + "/code").get_json() == {"open": False}
    assert 'href="/checkin"' not in signed_in(app, world.users[0]).get("/dashboard").get_data(
        as_text=True
    )
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions == ["checkin.open", "checkin.open", "checkin.close"]


def test_the_attempt_limit_holds_until_a_new_window(app, world, clock):
    open_window(app, world)
    secret = secret_of(app, world.session_id)
    code = totp(secret, clock.now)
    wrong = f"{(int(code) + 500) % 10**6:06d}"
    for _ in range(4):
        assert NO_MATCH in enter(app, world.users[0], wrong)
    assert "Too many tries. Ask your teacher" in enter(app, world.users[0], wrong)
    assert "Too many tries" in enter(app, world.users[0], code)  # even the right code
    assert mark_of(app, world.session_id, world.people[0]) is None
    assert attempts_of(app, world.people[0]) == [(None, False)] * 5
    assert "You are checked in" in enter(app, world.users[1], code)  # others are not held up
    with app.app_context():
        lockouts = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "checkin.lockout")
        ).all()
        assert [(e.object_id, e.detail, e.actor_id) for e in lockouts] == [
            (world.session_id, {"participant_id": world.people[0].id}, world.users[0].id)
        ]

    clock.advance(minutes=3)  # still the same window: still locked
    assert "Too many tries" in enter(app, world.users[0], totp(secret, clock.now))
    open_window(app, world)  # a new window (new secret) starts the count again
    page = enter(app, world.users[0], totp(secret_of(app, world.session_id), clock.now))
    assert "You are checked in" in page


def test_a_mark_set_by_the_teacher_is_not_overwritten(app, world, clock):
    open_window(app, world)
    with app.app_context():
        attendance_mark_set(
            session=db.session.get(ClassSession, world.session_id),
            participant=db.session.get(Participant, world.people[0].id),
            status="excused",
            by=db.session.get(User, world.teacher.id),
        )
        db.session.commit()
    page = enter(app, world.users[0], totp(secret_of(app, world.session_id), clock.now))
    assert "You are already marked for this session" in page
    assert mark_of(app, world.session_id, world.people[0]) == ("excused", world.teacher.id)


def test_someone_not_enrolled_that_day_gets_the_generic_message(
    app, world, clock, make_user, make_participant
):
    open_window(app, world)
    code = totp(secret_of(app, world.session_id), clock.now)
    late_joiner = make_participant(preferred_name="Late Joiner")
    outsider = make_user(Role.PARTICIPANT)  # in no cohort at all
    with app.app_context():
        enrollment_add(
            cohort=db.session.get(ClassSession, world.session_id).cohort,
            participant=db.session.get(Participant, late_joiner.id),
            enrolled_on=date(2026, 9, 9),  # the day after the session
        )
        db.session.commit()
    for user in (make_user(Role.PARTICIPANT, participant=late_joiner), outsider):
        page = enter(app, user, code)
        assert NO_MATCH in page
        assert "LIEP Autumn" not in page and "Learner A" not in page
    with app.app_context():
        assert db.session.scalars(select(CheckinAttempt)).all() == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the code shown on your teacher's screen."),
        ("12a456", "Enter the 6 digits shown on your teacher's screen."),
        ("1" * 20, "Enter the 6 digits shown on your teacher's screen."),
        ("123\x00456", "NUL"),
        ("x" * 5000, "Enter the 6 digits"),
    ],
)
def test_bad_input_gets_a_clear_message(app, world, clock, typed, message):
    open_window(app, world)
    page = enter(app, world.users[0], typed)
    assert message in page
    assert attempts_of(app, world.people[0]) == []


def test_spaces_and_full_width_digits_are_read_as_the_code(app, world, clock):
    open_window(app, world)
    code = totp(secret_of(app, world.session_id), clock.now)
    full_width = "".join(chr(ord("０") + int(digit)) for digit in code)
    assert "You are checked in" in enter(app, world.users[0], f" {code[:3]} {code[3:]} ")
    assert "You are checked in" in enter(app, world.users[1], full_width)


def test_only_the_teaching_organisation_and_coordinators_run_check_in(app, world, clock, make_user):
    outsider = signed_in(app, make_user(Role.PARTNER, partner_name="Other Academy"))
    participant = signed_in(app, world.users[0])
    for client in (outsider, participant):
        assert client.get(world.screen).status_code == 404
        assert client.get(world.screen + "/code").status_code == 404
        token = CSRF.search(client.get("/dashboard").get_data(as_text=True)).group(1)
        for action in ("/open", "/close"):
            response = client.post(world.screen + action, data={"csrf_token": token})
            assert response.status_code == 404
    assert secret_of(app, world.session_id) is None
    coordinator = signed_in(app, make_user(Role.COORDINATOR))
    assert coordinator.get(world.screen).status_code == 200
    detail = f"/sessions/{world.session_id}"
    assert f'href="{world.screen}"' in coordinator.get(detail).get_data(as_text=True)
    assert world.screen not in outsider.get("/dashboard").get_data(as_text=True)
    clock.advance(days=2)  # no window was opened: the session page no longer offers one
    assert world.screen not in coordinator.get(detail).get_data(as_text=True)
    assert signed_in(app, world.teacher).get("/checkin").status_code == 404
    # Without a CSRF token nothing opens.
    assert signed_in(app, world.teacher).post(world.screen + "/open").status_code == 400
    assert secret_of(app, world.session_id) is None


def test_a_window_opens_only_for_a_session_today_and_not_cancelled(app, world, clock):
    clock.now = STARTS + timedelta(days=1)
    teacher = open_window(app, world)
    assert "Check-in opens only on the day of the session." in teacher.get(world.screen).get_data(
        as_text=True
    )
    clock.now = NOW
    with app.app_context():
        class_session_cancel(
            session=db.session.get(ClassSession, world.session_id), reason="Typhoon"
        )
        db.session.commit()
    open_window(app, world)
    assert secret_of(app, world.session_id) is None
    page = teacher.get(world.screen).get_data(as_text=True)
    assert "it takes no check-in" in page


@pytest.mark.parametrize(
    ("minutes", "late_after"), [("0", "10"), ("121", "10"), ("15", "-1"), ("abc", "10")]
)
def test_window_settings_out_of_range_are_refused(app, world, clock, minutes, late_after):
    teacher = signed_in(app, world.teacher)
    response = post(
        teacher, world.screen + "/open", world.screen, minutes=minutes, late_after=late_after
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert secret_of(app, world.session_id) is None


def test_the_screen_refreshes_without_inline_script(app, world, clock):
    teacher = open_window(app, world)
    page = teacher.get(world.screen).get_data(as_text=True)
    assert '<script src="/static/js/checkin.js" defer></script>' in page
    assert '<noscript><meta http-equiv="refresh" content="20"></noscript>' in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None
    assert 'style="' not in page
    state = teacher.get(world.screen + "/code").get_json()
    assert 500 <= state["refresh_ms"] <= 10_000


def test_the_screen_names_the_public_address_whatever_host_the_proxy_forwards(
    app, world, clock, other_app
):
    open_window(app, world)
    # The proxy reaches the app by an internal name, accepted (TRUSTED_HOSTS), never shown.
    public = other_app(
        PUBLIC_URL="https://english.example.org", TRUSTED_HOSTS=["app.internal"], TRUSTED_PROXIES=1
    )
    teacher = public.test_client()
    with teacher.session_transaction(base_url="http://app.internal") as session:
        session["_user_id"] = world.teacher.get_id()
    screen = teacher.get(
        world.screen,
        base_url="http://app.internal",
        headers={"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"},
    )
    page = screen.get_data(as_text=True)
    assert "Open english.example.org/checkin on your phone" in page
    assert "evil.example" not in page and "app.internal" not in page
