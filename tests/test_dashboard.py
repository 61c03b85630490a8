"""The dashboard's sessions: today, this week, and attendance not taken yet; and rates on
the pages and the certificate."""

import io
from datetime import UTC, date, datetime, timedelta

from pypdf import PdfReader

from linkenglish.classes.services import attendance_mark_set, class_session_create
from linkenglish.cohorts.services import (
    cohort_create,
    enrollment_add,
    enrollment_end,
    program_by_code,
)
from linkenglish.extensions import db
from linkenglish.models import (
    ClassSession,
    Enrollment,
    EnrollmentStatus,
    Participant,
    ProgramCode,
    Role,
    SessionMode,
)
from linkenglish.partners.services import partner_organisation_get_or_create

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # Wednesday, noon in Seoul


def build(app, member, *, topics, now=NOW):
    """A British Council cohort of today's term with sessions at now + each offset."""
    with app.app_context():
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LIEP),
            name="LIEP Now",
            starts_on=now.date() - timedelta(days=30),
            ends_on=now.date() + timedelta(days=60),
            partner=partner_organisation_get_or_create(name="British Council"),
        )
        who = db.session.get(Participant, member.id)
        enrollment = enrollment_add(cohort=cohort, participant=who, enrolled_on=cohort.starts_on)
        sessions = {
            topic: class_session_create(
                cohort=cohort,
                starts_at=now + offset,
                duration_minutes=60,
                mode=SessionMode.ONLINE,
                topic=topic,
            )
            for topic, offset in topics.items()
        }
        db.session.commit()
        return cohort.id, enrollment.id, {topic: s.id for topic, s in sessions.items()}


def test_dashboard_lists_todays_sessions_and_missing_attendance(
    app, client, make_user, login_as, make_participant, monkeypatch
):
    monkeypatch.setattr("linkenglish.main.views.utcnow", lambda: NOW)  # the clock only
    member = make_participant(preferred_name="Haneul")
    build(app, member, topics={
        "Past topic": -timedelta(days=3),
        "Today topic": timedelta(hours=5),
        "Friday topic": timedelta(days=2),
        "Next week topic": timedelta(days=6),
    })  # fmt: skip
    login_as(make_user(Role.COORDINATOR))
    page = client.get("/dashboard").get_data(as_text=True)
    today, rest = page.split("Sessions today")[1].split("Later this week")
    week, not_taken = rest.split("Attendance not taken yet")
    assert "Today topic" in today and "Friday topic" not in today
    assert "Friday topic" in week and "Next week topic" not in week
    assert "Past topic" in not_taken and "1 not marked" in not_taken
    login_as(make_user(Role.PARTNER, partner_name="British Council"))
    assert "Past topic" in client.get("/dashboard").get_data(as_text=True)
    login_as(make_user(Role.PARTNER, partner_name="Other Org"))
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Past topic" not in page and "Today topic" not in page


def test_rates_show_on_the_cohort_page_and_the_certificate(
    app, client, make_user, login_as, make_participant
):
    member = make_participant(preferred_name="Haneul")
    cohort_id, enrollment_id, sessions = build(
        app, member, topics={"One": -timedelta(days=9), "Two": -timedelta(days=2)},
        now=datetime.now(UTC),
    )  # fmt: skip
    with app.app_context():
        who = db.session.get(Participant, member.id)
        for topic, status in (("One", "present"), ("Two", "absent")):
            session = db.session.get(ClassSession, sessions[topic])
            attendance_mark_set(session=session, participant=who, status=status, by=None)
        enrollment = db.session.get(Enrollment, enrollment_id)
        enrollment_end(
            enrollment=enrollment,
            status=EnrollmentStatus.COMPLETED,
            ended_on=date.today() + timedelta(days=1),
        )
        db.session.commit()
    login_as(make_user(Role.COORDINATOR))
    page = client.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    assert "50%" in page and "(1 of 2)" in page
    pdf = client.get(f"/certificates/enrollments/{enrollment_id}.pdf")
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "Attendance: 50%" in text
