"""A participant's sessions are the days their enrollments cover: one who withdrew sees the
sessions before they left and none after, alike on the dashboard, the session list and pages,
the calendar feed and check-in; a classmate still enrolled sees them all."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from own_view import link_for

from linkenglish.checkin.entry import checkin_open_for
from linkenglish.checkin.services import checkin_window_open
from linkenglish.classes.services import class_session_create
from linkenglish.cohorts.services import (
    cohort_create,
    enrollment_add,
    enrollment_end,
    program_by_code,
)
from linkenglish.extensions import db
from linkenglish.models import (
    ClassSession,
    EnrollmentStatus,
    Participant,
    ProgramCode,
    Role,
    SessionMode,
    User,
    utcnow,
)
from linkenglish.partners.services import partner_organisation_get_or_create
from linkenglish.timeutil import from_local, to_local


@dataclass
class Term:
    """Who left, who stayed, and the session ids by topic."""

    leaver: User
    stayer: User
    sessions: dict
    today: date


@pytest.fixture
def term(app, make_user, make_participant) -> Term:
    """A cohort with sessions five days ago, today and in three days (at noon); the leaver
    withdrew yesterday, the stayer is still enrolled; today's session takes check-ins."""
    teacher = make_user(Role.PARTNER)
    leaver = make_user(Role.PARTICIPANT, participant=make_participant(preferred_name="Leaver"))
    stayer = make_user(Role.PARTICIPANT, participant=make_participant(preferred_name="Stayer"))
    with app.app_context():
        today = to_local(utcnow()).date()
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LIEP),
            name="LIEP Window",
            starts_on=today - timedelta(days=40),
            ends_on=today + timedelta(days=40),
            partner=partner_organisation_get_or_create(name="British Council"),
        )
        leaving, _staying = (
            enrollment_add(
                cohort=cohort,
                participant=db.session.get(Participant, user.participant_id),
                enrolled_on=today - timedelta(days=30),
            )
            for user in (leaver, stayer)
        )
        sessions = {
            f"Topic {name}": class_session_create(
                cohort=cohort,
                starts_at=from_local(datetime.combine(today + timedelta(days=days), time(12))),
                duration_minutes=90,
                mode=SessionMode.ONLINE,
                topic=f"Topic {name}",
            )
            for name, days in (("before", -5), ("today", 0), ("after", 3))
        }
        enrollment_end(
            enrollment=leaving,
            status=EnrollmentStatus.WITHDRAWN,
            ended_on=today - timedelta(days=1),
        )
        checkin_window_open(
            session=sessions["Topic today"],
            minutes=60,
            late_after_minutes=10,
            by=db.session.get(User, teacher.id),
        )
        db.session.commit()
        ids = {topic: session.id for topic, session in sessions.items()}
    return Term(leaver, stayer, ids, today)


def test_dashboard_shows_only_sessions_the_enrollment_covers(client, login_as, term):
    login_as(term.stayer)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Topic today" in page and "Check in" in page
    login_as(term.leaver)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Topic today" not in page and "Topic after" not in page
    # The lists and the line about the next session agree: nothing is scheduled.
    assert "No session today." in page and "No session is scheduled for you yet." in page
    assert "Check in" not in page


def test_session_list_and_pages_show_only_covered_days(client, login_as, term):
    first = term.today - timedelta(days=7)
    login_as(term.stayer)
    listing = client.get(f"/sessions/?past=1&from={first}").get_data(as_text=True)
    assert all(topic in listing for topic in term.sessions)
    login_as(term.leaver)
    listing = client.get(f"/sessions/?past=1&from={first}").get_data(as_text=True)
    assert "Topic before" in listing
    assert "Topic today" not in listing and "Topic after" not in listing
    statuses = {
        topic: client.get(f"/sessions/{session_id}").status_code
        for topic, session_id in term.sessions.items()
    }
    assert statuses == {"Topic before": 200, "Topic today": 404, "Topic after": 404}


def test_calendar_feed_holds_only_covered_days(app, client, term):
    leaver_link, stayer_link = link_for(app, term.leaver), link_for(app, term.stayer)
    feed = client.get(leaver_link).get_data(as_text=True)
    assert "Topic before" in feed
    assert "Topic today" not in feed and "Topic after" not in feed
    feed = client.get(stayer_link).get_data(as_text=True)
    assert all(topic in feed for topic in term.sessions)


def test_check_in_takes_only_covered_days(app, term):
    with app.app_context():
        assert checkin_open_for(participant_id=term.stayer.participant_id)
        assert not checkin_open_for(participant_id=term.leaver.participant_id)
        today = db.session.get(ClassSession, term.sessions["Topic today"])
        assert not checkin_open_for(participant_id=term.leaver.participant_id, session=today)
