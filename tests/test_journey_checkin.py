"""In real browsers: a partner teacher opens check-in on a laptop and reads the code off the
screen; a participant on a phone enters it and is checked in; the teacher's attendance
screen then shows them present, recorded by the participant."""

from datetime import UTC, datetime, timedelta

import pytest
from browser import sign_in
from playwright.sync_api import expect

from linkenglish.classes.services import class_session_create
from linkenglish.cohorts.services import cohort_create, enrollment_add, program_by_code
from linkenglish.extensions import db
from linkenglish.models import Participant, ProgramCode, Role, SessionMode
from linkenglish.partners.services import partner_organisation_get_or_create
from linkenglish.timeutil import to_local

pytestmark = pytest.mark.browser


def session_starting_now(app, people) -> int:
    """A British Council session that starts now (the real clock); return its id."""
    with app.app_context():
        starts_at = datetime.now(UTC).replace(microsecond=0)
        today = to_local(starts_at).date()
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LIEP),
            name="LIEP Check-in Cohort",
            starts_on=today - timedelta(days=7),
            ends_on=today + timedelta(days=60),
            partner=partner_organisation_get_or_create(name="British Council"),
        )
        for person in people:
            enrollment_add(
                cohort=cohort,
                participant=db.session.get(Participant, person.id),
                enrolled_on=today - timedelta(days=7),
            )
        session = class_session_create(
            cohort=cohort, starts_at=starts_at, duration_minutes=90, mode=SessionMode.IN_PERSON
        )
        db.session.commit()
        return session.id


def test_a_participant_checks_in_with_the_code_on_the_teachers_screen(
    page, browser, live_server, app, make_user, make_participant
):
    haneul = make_participant(preferred_name="Haneul")
    session_id = session_starting_now(app, [haneul, make_participant(preferred_name="Minjun")])
    make_user(Role.PARTNER, email="park@britishcouncil.example", display_name="Ms Park")
    make_user(Role.PARTICIPANT, email="haneul@example.org", participant=haneul)

    laptop = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 800})
    teacher = laptop.new_page()
    errors = []
    teacher.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    teacher.on("pageerror", lambda error: errors.append(str(error)))
    try:
        sign_in(teacher, "park@britishcouncil.example")
        teacher.goto(f"/sessions/{session_id}")
        teacher.get_by_role("link", name="Self check-in").click()
        expect(teacher.get_by_label("Minutes open")).to_have_value("15")
        teacher.get_by_role("button", name="Open check-in").click()
        expect(teacher.get_by_text("Check-in is open.")).to_be_visible()
        expect(teacher.get_by_text("0 of 2 checked in")).to_be_visible()
        code = teacher.locator('[data-checkin="code"]').inner_text()
        assert len(code.replace(" ", "")) == 6

        # The phone (the page fixture is phone-sized): the dashboard leads to check-in.
        sign_in(page, "haneul@example.org")
        page.get_by_role("link", name="Check in").click()
        field = page.get_by_label("Check-in code")
        expect(field).to_have_attribute("inputmode", "numeric")
        expect(field).to_have_attribute("autocomplete", "one-time-code")
        field.fill(code)
        page.get_by_role("button", name="Check in").click()
        expect(page.get_by_text("You are checked in: present.")).to_be_visible()

        # The teacher's screen catches up by itself (its script asks every 10 seconds).
        expect(teacher.get_by_text("1 of 2 checked in")).to_be_visible(timeout=15_000)
        teacher.get_by_role("link", name="Attendance").click()
        haneul_row = teacher.get_by_role("group", name="Haneul")
        expect(haneul_row.get_by_label("Present")).to_be_checked()
        expect(
            haneul_row.get_by_text("Now: Present, recorded by the participant (self check-in)")
        ).to_be_visible()
        expect(
            teacher.get_by_role("group", name="Minjun").get_by_text("Not marked yet.")
        ).to_be_visible()
    finally:
        laptop.close()
    assert errors == [], f"browser console errors: {errors}"
