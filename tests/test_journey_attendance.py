"""In a real browser, on a phone-sized screen: a partner teacher marks everyone present,
changes one participant to late with a remark using the keyboard, saves, and after a
second change reads the history of that mark."""

from datetime import UTC, date, datetime

import pytest
from browser import sign_in
from playwright.sync_api import expect

from conftest import PASSWORD
from linkenglish.classes.services import class_session_create
from linkenglish.cohorts.services import cohort_create, enrollment_add, program_by_code
from linkenglish.extensions import db
from linkenglish.models import Participant, ProgramCode, Role, SessionMode
from linkenglish.partners.services import partner_organisation_get_or_create

pytestmark = pytest.mark.browser


def session_of_british_council_cohort(app, people) -> int:
    """A past session of a cohort the British Council teaches; return its id."""
    with app.app_context():
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LIEP),
            name="LIEP Autumn 2026",
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 12, 18),
            partner=partner_organisation_get_or_create(name="British Council"),
        )
        for person in people:
            enrollment_add(
                cohort=cohort,
                participant=db.session.get(Participant, person.id),
                enrolled_on=date(2026, 9, 1),
            )
        session = class_session_create(
            cohort=cohort,
            starts_at=datetime(2026, 9, 8, 10, 0, tzinfo=UTC),
            duration_minutes=90,
            mode=SessionMode.IN_PERSON,
            place="LiNK Seoul office, room 2",
        )
        db.session.commit()
        return session.id


def test_partner_teacher_takes_attendance_with_the_keyboard(
    page, live_server, app, make_user, make_participant
):
    people = [make_participant(preferred_name=name) for name in ("Haneul", "Minjun", "Seoyeon")]
    session_id = session_of_british_council_cohort(app, people)
    make_user(Role.PARTNER, email="park@britishcouncil.example", display_name="Ms Park")
    sign_in(page, "park@britishcouncil.example", PASSWORD)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    page.goto(f"/sessions/{session_id}/attendance")
    expect(page.get_by_role("heading", name="Attendance")).to_be_visible()
    expect(page.get_by_text("LiNK Seoul office, room 2")).to_be_visible()
    expect(page.get_by_role("link", name="Cohort: LIEP Autumn 2026")).to_be_visible()

    page.get_by_role("button", name="Mark all present").click()
    expect(page.get_by_text("Attendance saved: 3 recorded, 0 changed.")).to_be_visible()
    for name in ("Haneul", "Minjun", "Seoyeon"):
        expect(page.get_by_role("group", name=name).get_by_label("Present")).to_be_checked()

    # The keyboard only: arrow to "Late", tab to the remark, type it, Enter saves.
    minjun = page.get_by_role("group", name="Minjun")
    minjun.get_by_label("Present").focus()
    page.keyboard.press("ArrowRight")
    expect(minjun.get_by_label("Late")).to_be_checked()
    page.keyboard.press("Tab")
    expect(minjun.get_by_label("Remark")).to_be_focused()
    page.keyboard.type("Bus from Incheon was late")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Attendance saved: 0 recorded, 1 changed.")).to_be_visible()
    minjun = page.get_by_role("group", name="Minjun")
    expect(minjun.get_by_label("Late")).to_be_checked()
    expect(minjun.get_by_label("Remark")).to_have_value("Bus from Incheon was late")
    expect(minjun.get_by_text("Now: Late, recorded by Ms Park")).to_be_visible()
    expect(page.get_by_role("group", name="Haneul").get_by_label("Present")).to_be_checked()

    # A second change: the earlier values are listed under the row.
    minjun.get_by_label("Late").focus()
    page.keyboard.press("ArrowRight")
    expect(minjun.get_by_label("Excused")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Doctor's note brought later")
    page.get_by_role("button", name="Save attendance").click()

    expect(page.get_by_text("Attendance saved: 0 recorded, 1 changed.")).to_be_visible()
    minjun = page.get_by_role("group", name="Minjun")
    expect(minjun.get_by_label("Excused")).to_be_checked()
    history = minjun.get_by_text("Earlier marks (2)")
    history.focus()
    page.keyboard.press("Enter")
    expect(minjun.get_by_text("Late, recorded by Ms Park")).to_be_visible()
    expect(minjun.get_by_text("Remark: Bus from Incheon was late")).to_be_visible()
    expect(minjun.get_by_text("Present, recorded by Ms Park")).to_be_visible()
