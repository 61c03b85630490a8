"""In a real browser on a phone-sized page: a participant opens My attendance, reads their
rate, creates their calendar link, copies it, and a calendar app can fetch the feed."""

from datetime import timedelta

import icalendar
import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from linkenglish.classes.services import attendance_mark_set, class_session_create
from linkenglish.cohorts.services import cohort_create, enrollment_add, program_by_code
from linkenglish.extensions import db
from linkenglish.models import AttendanceStatus, Participant, ProgramCode, Role, SessionMode, utcnow
from linkenglish.partners.services import partner_organisation_get_or_create

pytestmark = pytest.mark.browser


def cohort_with_marks(app, participant_id) -> None:
    """A cohort with two past sessions (present, then absent) and one coming session."""
    with app.app_context():
        today = utcnow().date()
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LIEP),
            name="LIEP Journey Own",
            starts_on=today - timedelta(days=60),
            ends_on=today + timedelta(days=60),
            partner=partner_organisation_get_or_create(name="British Council"),
        )
        who = db.session.get(Participant, participant_id)
        enrollment_add(cohort=cohort, participant=who, enrolled_on=cohort.starts_on)
        start = utcnow().replace(minute=0, second=0, microsecond=0)
        for days, status in [(-14, AttendanceStatus.PRESENT), (-7, AttendanceStatus.ABSENT)]:
            session = class_session_create(
                cohort=cohort,
                starts_at=start + timedelta(days=days),
                duration_minutes=90,
                mode=SessionMode.IN_PERSON,
                place="Room 2",
            )
            attendance_mark_set(session=session, participant=who, status=status, by=None)
        class_session_create(
            cohort=cohort,
            starts_at=start + timedelta(days=3),
            duration_minutes=90,
            mode=SessionMode.ONLINE,
            meeting_url="https://meet.example.org/journey",
            topic="Telling a story",
        )
        db.session.commit()


def test_participant_reads_their_rate_and_subscribes_to_their_calendar(page, app, make_user):
    user = make_user(Role.PARTICIPANT, email="journey.me@example.org")
    cohort_with_marks(app, user.participant_id)

    page.goto("/sign-in")
    page.get_by_label("E-mail").fill("journey.me@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="My attendance", exact=True).click()

    expect(page.get_by_role("heading", name="My attendance")).to_be_visible()
    expect(page.get_by_text("50%")).to_be_visible()
    expect(page.get_by_text("Telling a story")).to_be_visible()
    expect(page.get_by_role("link", name="Meeting link")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("link", name="Add my classes to a calendar").click()
    page.get_by_role("button", name="Create my calendar link").click()
    expect(page.get_by_text("Your calendar link is ready.")).to_be_visible()
    field = page.get_by_role("textbox", name="Calendar link")
    expect(field).to_be_visible()
    url = field.input_value()  # what a participant copies
    assert url.startswith("http") and url.endswith(".ics")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    response = page.request.get(url)
    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "set-cookie" not in response.headers
    calendar = icalendar.Calendar.from_ical(response.body())
    assert len(calendar.walk("VEVENT")) == 3
