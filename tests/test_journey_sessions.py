"""In a real browser on a phone-sized page: a coordinator opens a cohort, adds a weekly series
over its term, previews the count, creates it, and finds the sessions in the upcoming list."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from browser import sign_in
from playwright.sync_api import expect

from conftest import PASSWORD
from linkenglish.classes.holidays import HOLIDAYS
from linkenglish.classes.services import weekly_dates
from linkenglish.cohorts.services import cohort_create, program_by_code
from linkenglish.extensions import db
from linkenglish.models import ProgramCode, Role
from linkenglish.partners.services import partner_organisation_get_or_create

pytestmark = pytest.mark.browser


def test_coordinator_schedules_a_weekly_series_on_a_phone(page, app, make_user):
    today = datetime.now(ZoneInfo(app.config["APP_TIMEZONE"])).date()
    term = (today, today + timedelta(weeks=10))
    with app.app_context():
        cohort_create(
            program=program_by_code(ProgramCode.LIEP),
            name="LIEP Journey Term",
            starts_on=term[0],
            ends_on=term[1],
            partner=partner_organisation_get_or_create(name="British Council"),
        )
        db.session.commit()
    expected = weekly_dates(*term, [1, 3], HOLIDAYS)  # Tuesdays and Thursdays
    make_user(Role.COORDINATOR, email="scheduler@example.org")
    sign_in(page, "scheduler@example.org", PASSWORD)

    page.get_by_role("link", name="Cohorts", exact=True).click()
    page.get_by_role("link", name="LIEP Journey Term").click()
    expect(page.get_by_role("heading", name="Upcoming sessions")).to_be_visible()
    page.get_by_role("link", name="Add a weekly series").click()
    expect(page.get_by_role("heading", name="Add a weekly series")).to_be_visible()
    expect(page.get_by_label("First day")).to_have_value(term[0].isoformat())
    expect(page.get_by_label("Last day")).to_have_value(term[1].isoformat())

    page.get_by_label("Tuesday").check()
    page.get_by_label("Thursday").check()
    page.get_by_label("Start time").fill("19:30")
    page.get_by_label("Length in minutes").fill("90")
    page.get_by_label("Online").check()
    page.get_by_label("Meeting link").fill("https://meet.example.org/liep")
    page.get_by_label("Topic").fill("Conversation")
    page.get_by_role("button", name="Preview the dates").click()

    create = f"Create {len(expected)} sessions"
    expect(page.get_by_role("heading", name=f"Creates {len(expected)} sessions")).to_be_visible()
    page.get_by_role("button", name=create).click()

    expect(page.get_by_text(f"Created {len(expected)} sessions")).to_be_visible()
    expect(page.get_by_role("heading", name="Sessions of LIEP Journey Term")).to_be_visible()
    first = page.locator(".timetable-day").first
    expect(first.get_by_role("link", name="19:30–21:00")).to_be_visible()
    expect(first.get_by_text("Topic: Conversation")).to_be_visible()
    # The page fits a phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    first.get_by_role("link", name="19:30–21:00").click()
    expect(page.get_by_role("link", name="https://meet.example.org/liep")).to_be_visible()
    expect(page.get_by_role("heading", name=expected[0].strftime("%B")).first).to_be_visible()
