"""Erasure withdraws a participant's open enrollments as of that day, frees their places and
takes them off every staff list and overview, while the anonymous counts stay."""

import io
from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from linkenglish.checkin.services import checkin_state
from linkenglish.classes.overview import sessions_not_taken
from linkenglish.classes.rates import attendance_rates
from linkenglish.classes.services import attendance_mark_set, class_session_create
from linkenglish.cohorts.services import (
    EnrollmentError,
    cohort_create,
    enrollment_add,
    enrollment_end,
    program_by_code,
)
from linkenglish.extensions import db
from linkenglish.models import (
    ClassSession,
    Cohort,
    Enrollment,
    EnrollmentStatus,
    Participant,
    ProgramCode,
    Role,
    SessionMode,
    User,
    utcnow,
)
from linkenglish.partners.services import partner_organisation_get_or_create
from linkenglish.prompts.services import essay_hand_in, prompt_create, prompt_start
from linkenglish.reports.matrix import cohort_attendance_matrix
from linkenglish.reports.summary import partner_summary
from linkenglish.timeutil import from_local, to_local
from linkenglish.writing.services import draft_of


def noon(day):
    """Noon of a local day, in UTC."""
    return from_local(datetime.combine(day, time(12)))


def submitted(prompt, participant):
    """Start and submit the participant's essay for a prompt."""
    essay = prompt_start(prompt=prompt, participant=participant, by=None)
    draft_of(essay).body = "Words about my town."
    essay_hand_in(essay=essay, by=None)
    return essay


@pytest.fixture
def full(app, make_user, make_participant):
    """A cohort with two places, both taken by Erin and Sam; a session ten days ago (Erin
    present, Sam absent), one three days ago (only Sam marked) and one in five days; Erin's
    essays wait for feedback, in it and in a cohort she completed before."""
    coordinator = make_user(Role.COORDINATOR)
    erin = make_participant(preferred_name="Erin Erased")
    sam = make_participant(preferred_name="Sam Stays")
    newcomer = make_participant(preferred_name="Nina Newcomer")
    with app.app_context():
        today = to_local(utcnow()).date()
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LELP),
            name="LELP Full",
            starts_on=today - timedelta(days=60),
            ends_on=today + timedelta(days=60),
            capacity=2,
            partner=partner_organisation_get_or_create(name="British Council"),
        )
        people = [db.session.get(Participant, p.id) for p in (erin, sam)]
        for person in people:
            enrollment_add(cohort=cohort, participant=person, enrolled_on=cohort.starts_on)
        past, unmarked, _coming = (
            class_session_create(
                cohort=cohort,
                starts_at=noon(today + timedelta(days=days)),
                duration_minutes=90,
                mode=SessionMode.IN_PERSON,
            )
            for days in (-10, -3, 5)
        )
        by = db.session.get(User, coordinator.id)
        for person, status in zip(people, ("present", "absent"), strict=True):
            attendance_mark_set(session=past, participant=person, status=status, by=by)
        attendance_mark_set(session=unmarked, participant=people[1], status="present", by=by)
        prompt = prompt_create(
            cohort=cohort, title="My town", instructions="Write.", due_at=None,
            suggested_words=None, by=by,
        )  # fmt: skip
        essay = submitted(prompt, people[0])
        # An earlier cohort Erin completed: erasure leaves that enrollment as it is.
        earlier = cohort_create(
            program=program_by_code(ProgramCode.LELP), name="LELP Earlier",
            starts_on=today - timedelta(days=200), ends_on=today - timedelta(days=100),
        )  # fmt: skip
        done = enrollment_add(cohort=earlier, participant=people[0], enrolled_on=earlier.starts_on)
        enrollment_end(enrollment=done, status=EnrollmentStatus.COMPLETED, ended_on=earlier.ends_on)
        earlier_prompt = prompt_create(
            cohort=earlier, title="My year", instructions="Write.", due_at=None,
            suggested_words=None, by=by,
        )  # fmt: skip
        earlier_essay = submitted(earlier_prompt, people[0])
        db.session.commit()
        return SimpleNamespace(
            coordinator=coordinator, erin=erin.id, sam=sam.id, newcomer=newcomer.id,
            cohort=cohort.id, past=past.id, unmarked=unmarked.id, today=today,
            prompt=prompt.id, essay=essay.id,
            earlier=earlier.id, earlier_prompt=earlier_prompt.id, earlier_essay=earlier_essay.id,
        )  # fmt: skip


def not_taken(app, full) -> dict[int, int]:
    """The dashboard's past sessions missing marks, with how many each misses."""
    with app.app_context():
        coordinator = db.session.get(User, full.coordinator.id)
        rows = sessions_not_taken(user=coordinator, now=utcnow())
        return {session.id: unmarked for session, unmarked in rows}


def import_preview(client, csrf_token) -> str:
    """The preview of a one-row import into the full cohort."""
    url = "/participants/import/"
    content = "Legal name,Preferred name,Program,Cohort\r\n김새별,Saebyeol,LELP,LELP Full\r\n"
    return client.post(
        url,
        data={"file": (io.BytesIO(content.encode()), "people.csv"), "csrf_token": csrf_token(url)},
        content_type="multipart/form-data",
    ).text


def summary_of(app, full):
    """The partner summary's total over the cohort's term."""
    with app.app_context():
        return partner_summary(
            organisation=partner_organisation_get_or_create(name="British Council"),
            start=full.today - timedelta(days=60),
            end=full.today,
        ).total


def erase(client, csrf_token, participant_id):
    """Erase a participant through the coordinator's form."""
    url = f"/participants/{participant_id}/erase"
    response = client.post(url, data={"csrf_token": csrf_token(url), "confirm": "ERASE"})
    assert response.status_code == 302


def test_erasure_withdraws_the_enrollment_and_frees_the_place(
    app, client, login_as, csrf_token, full
):
    with app.app_context():
        # A cohort Erin would start next month: its enrollment cannot end before it begins.
        coming = cohort_create(
            program=program_by_code(ProgramCode.LELP), name="LELP Next",
            starts_on=full.today + timedelta(days=30), ends_on=full.today + timedelta(days=120),
        )  # fmt: skip
        erin = db.session.get(Participant, full.erin)
        enrollment_add(cohort=coming, participant=erin, enrolled_on=coming.starts_on)
        db.session.commit()
        coming_id = coming.id
        cohort = db.session.get(Cohort, full.cohort)
        with pytest.raises(EnrollmentError):
            enrollment_add(
                cohort=cohort,
                participant=db.session.get(Participant, full.newcomer),
                enrolled_on=full.today,
            )
        db.session.rollback()
        rates = attendance_rates(cohort_ids=[full.cohort])
    login_as(full.coordinator)
    assert "is full: 2 places, 2 taken" in import_preview(client, csrf_token)
    erase(client, csrf_token, full.erin)
    preview = import_preview(client, csrf_token)
    assert "is full" not in preview and 'name="upload"' in preview
    with app.app_context():
        enrollments = {
            e.cohort_id: e
            for e in db.session.scalars(
                select(Enrollment).where(Enrollment.participant_id == full.erin)
            )
        }
        assert enrollments[full.cohort].status is EnrollmentStatus.WITHDRAWN
        assert enrollments[full.cohort].ended_on == full.today
        assert enrollments[full.earlier].status is EnrollmentStatus.COMPLETED  # ended already
        assert enrollments[coming_id].status is EnrollmentStatus.WITHDRAWN
        assert enrollments[coming_id].ended_on == full.today + timedelta(days=30)
        # Past attendance counts as it did, the erased person's included.
        assert attendance_rates(cohort_ids=[full.cohort]) == rates
        erased_id = enrollments[full.cohort].id
    # The place is free, but nobody takes it back for the erased participant...
    url = f"/cohorts/{full.cohort}/enrollments/{erased_id}"
    form = {"csrf_token": csrf_token(url), "status": "active"}
    page = client.post(url, data={**form, "enrolled_on": full.today - timedelta(days=60)}).text
    assert "This participant was erased; their enrollment stays as it is." in page
    with app.app_context():
        assert db.session.get(Enrollment, erased_id).status is EnrollmentStatus.WITHDRAWN
        # ...while someone new may have it.
        enrollment_add(
            cohort=db.session.get(Cohort, full.cohort),
            participant=db.session.get(Participant, full.newcomer),
            enrolled_on=full.today,
        )
        db.session.commit()


def test_erased_participant_leaves_every_staff_list(
    app, client, login_as, csrf_token, full, make_publication
):
    # A free essay Erin consented to publish, waiting for the identity check.
    pending = make_publication(participant=SimpleNamespace(id=full.erin), publish=False)
    free_link = f"/prompts/free-writing/{pending.essay_id}"
    check_link = f'href="/consent/{pending.consent_id}"'
    login_as(full.coordinator)
    assert free_link in client.get("/prompts/").text
    assert check_link in client.get("/consent/").text
    essay_link = f"/prompts/{full.prompt}/essays/{full.essay}"
    earlier_link = f"/prompts/{full.earlier_prompt}/essays/{full.earlier_essay}"
    profile_link = f'/participants/{full.erin}"'
    sheet_field = f'name="participants" value="{full.erin}"'
    assert essay_link in client.get(f"/prompts/{full.prompt}").text
    assert earlier_link in client.get(f"/prompts/{full.earlier_prompt}").text
    extension = f"/prompts/{full.earlier_prompt}/extensions/{full.erin}"
    assert client.get(extension).status_code == 200
    dashboard = client.get("/dashboard").text
    assert "Essays awaiting feedback: 3" in dashboard
    assert "Waiting for the identity check</dt><dd>1</dd>" in dashboard
    assert sheet_field in client.get(f"/sessions/{full.past}/attendance").text
    assert not_taken(app, full) == {full.unmarked: 1}
    summary = summary_of(app, full)
    assert summary.not_taken == 1 and summary.rated == 2
    erase(client, csrf_token, full.erin)

    roster = client.get(f"/cohorts/{full.cohort}").text
    assert "Sam Stays" in roster
    assert profile_link not in roster and "Erased participant" not in roster
    overview = client.get(f"/prompts/{full.prompt}").text
    assert essay_link not in overview and "Erased participant" not in overview
    overview = client.get(f"/prompts/{full.earlier_prompt}").text
    assert earlier_link not in overview and "Erased participant" not in overview
    assert client.get(extension).status_code == 404
    assert "Erased participant" not in client.get(f"/cohorts/{full.earlier}").text
    dashboard = client.get("/dashboard").text
    assert "Essays awaiting feedback: 0" in dashboard
    waiting = dashboard.split("Waiting for the identity check")[1]
    assert waiting.startswith("</dt><dd>0</dd>")
    assert free_link not in client.get("/prompts/").text
    assert check_link not in client.get("/consent/").text
    sheet = client.get(f"/sessions/{full.past}/attendance").text
    assert "Sam Stays" in sheet and sheet_field not in sheet
    for listing in ("/participants/", "/participants/?archived=y"):
        assert profile_link not in client.get(listing).text
    with app.app_context():
        matrix = cohort_attendance_matrix(
            cohort=db.session.get(Cohort, full.cohort),
            user=db.session.get(User, full.coordinator.id),
        )
        assert [row.participant_id for row in matrix.rows] == [full.sam]
        # The sessions' anonymous counts keep Erin's mark: 1 attended of 2 counted.
        counts = [(s.attended, s.counted) for s in matrix.sessions if s.past]
        assert counts == [(1, 2), (1, 1)]
        assert checkin_state(session=db.session.get(ClassSession, full.past)).roster == 1
    # Erin's missing mark no longer holds the session on "Attendance not taken yet".
    assert not_taken(app, full) == {}
    # The partner summary keeps Erin's rate and marks in its anonymous counts.
    after = summary_of(app, full)
    assert after.not_taken == 0
    assert (after.rated, after.rate_sum, after.attended, after.counted) == (
        summary.rated, summary.rate_sum, summary.attended, summary.counted,
    )  # fmt: skip
