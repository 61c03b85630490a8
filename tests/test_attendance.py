"""The attendance screen: who may take it, what a save changes and keeps, and its cost."""

import itertools
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from linkenglish.classes import attendance_views
from linkenglish.classes.attendance import (
    MarkChoice,
    NotEnrolledError,
    attendance_marks_save,
)
from linkenglish.classes.services import (
    attendance_mark_set,
    class_session_cancel,
    class_session_create,
)
from linkenglish.cohorts.services import cohort_create, enrollment_add, program_by_code
from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceMark,
    AttendanceMarkChange,
    AuditEvent,
    ClassSession,
    Participant,
    ProgramCode,
    Role,
    SessionMode,
    User,
)
from linkenglish.partners.services import partner_organisation_get_or_create

TERM_START = date(2026, 9, 1)
SESSION_START = datetime(2026, 9, 8, 10, 0, tzinfo=UTC)  # Tuesday 19:00 in Seoul
_names = itertools.count(1)


def taught_session(app, people, *, partner="British Council", enrolled_on=TERM_START):
    """A past online session of a new cohort with people enrolled; return its id."""
    with app.app_context():
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LIEP),
            name=f"LIEP Autumn {next(_names)}",
            starts_on=TERM_START,
            ends_on=date(2026, 12, 18),
            partner=partner_organisation_get_or_create(name=partner) if partner else None,
        )
        for person in people:
            enrollment_add(
                cohort=cohort,
                participant=db.session.get(Participant, person.id),
                enrolled_on=enrolled_on,
            )
        session = class_session_create(
            cohort=cohort,
            starts_at=SESSION_START,
            duration_minutes=90,
            mode=SessionMode.ONLINE,
            meeting_url="https://meet.example/liep",
            topic="Opinions and reasons",
        )
        db.session.commit()
        return session.id


def mark(app, session_id, person, status, *, by, remark=None):
    """Record a mark through the single-mark service."""
    with app.app_context():
        attendance_mark_set(
            session=db.session.get(ClassSession, session_id),
            participant=db.session.get(Participant, person.id),
            status=status,
            by=db.session.get(User, by.id),
            remark=remark,
        )
        db.session.commit()


def marks_of(app, session_id):
    """{participant id: (status, remark, recorded by id)} for a session."""
    with app.app_context():
        rows = db.session.scalars(
            select(AttendanceMark).where(AttendanceMark.session_id == session_id)
        )
        return {m.participant_id: (m.status.value, m.remark, m.recorded_by_id) for m in rows}


def post_marks(client, csrf_token, session_id, rows, *, action="save"):
    """POST the form: rows maps participant id to (status or None, remark)."""
    url = f"/sessions/{session_id}/attendance"
    data = MultiDict([("csrf_token", csrf_token(url)), ("action", action)])
    for participant_id, (status, remark) in rows.items():
        data.add("participants", str(participant_id))
        if status is not None:
            data.add(f"p{participant_id}-status", status)
        data.add(f"p{participant_id}-remark", remark)
    return client.post(url, data=data)


@pytest.fixture
def partner(make_user, login_as):
    return login_as(make_user(Role.PARTNER, display_name="Ms Teacher"))


@pytest.fixture
def people(make_participant):
    return [make_participant(preferred_name=f"Learner {name}") for name in "ABCD"]


def test_partner_takes_attendance_seeing_preferred_names_only(
    app, client, partner, people, csrf_token
):
    session_id = taught_session(app, people)
    page = client.get(f"/sessions/{session_id}/attendance").get_data(as_text=True)
    for person in people:
        assert person.preferred_name in page
        assert person.legal_name not in page
        assert person.email not in page
    assert "LIEP Autumn" in page and "https://meet.example/liep" in page
    # Save is the form's first button, so Enter in a remark saves and marks nobody present.
    assert page.index('name="action" value="save"') < page.index('value="all_present"')
    assert "Not marked yet" in page and 'href="/cohorts/' in page
    if "sessions.detail" in app.view_functions:
        assert f'href="/sessions/{session_id}"' in page

    rows = {person.id: ("present", "") for person in people}
    rows[people[1].id] = ("late", "Bus was late")
    response = post_marks(client, csrf_token, session_id, rows)
    assert response.status_code == 302
    marks = marks_of(app, session_id)
    assert marks[people[1].id] == ("late", "Bus was late", partner.id)
    assert {status for status, _remark, _by in marks.values()} == {"present", "late"}
    page = client.get(f"/sessions/{session_id}/attendance").get_data(as_text=True)
    assert "Attendance saved: 4 recorded, 0 changed." in page
    assert "recorded by Ms Teacher" in page


def test_a_participant_left_out_of_the_post_keeps_their_mark(
    app, client, partner, people, csrf_token, make_user
):
    session_id = taught_session(app, people)
    coordinator = make_user(Role.COORDINATOR)
    for person in people[:3]:
        mark(app, session_id, person, "absent", by=coordinator, remark="Called in sick")
    response = post_marks(
        client,
        csrf_token,
        session_id,
        {people[0].id: ("present", ""), people[1].id: (None, "")},  # no radio for B; C, D absent
    )
    assert response.status_code == 302
    marks = marks_of(app, session_id)
    assert marks[people[0].id] == ("present", None, partner.id)
    assert marks[people[1].id] == ("absent", "Called in sick", coordinator.id)
    assert marks[people[2].id] == ("absent", "Called in sick", coordinator.id)
    assert people[3].id not in marks


def test_an_edit_keeps_the_earlier_value_and_shows_it(
    app, client, partner, people, csrf_token, make_user
):
    session_id = taught_session(app, people)
    coordinator = make_user(Role.COORDINATOR)  # no display name: "a coordinator"
    mark(app, session_id, people[0], "absent", by=coordinator, remark="No word from her")
    post_marks(client, csrf_token, session_id, {people[0].id: ("excused", "Hospital")})
    with app.app_context():
        changes = db.session.scalars(select(AttendanceMarkChange)).all()
        assert [(c.status.value, c.remark, c.recorded_by_id) for c in changes] == [
            ("absent", "No word from her", coordinator.id)
        ]
        assert changes[0].replaced_by_id == partner.id
    page = client.get(f"/sessions/{session_id}/attendance").get_data(as_text=True)
    assert "Earlier mark (1)" in page
    assert "Absent, recorded by a coordinator" in page
    assert "changed by Ms Teacher" in page
    assert "Remark: No word from her" in page
    assert 'value="Hospital"' in page


def test_a_form_naming_someone_not_enrolled_that_day_saves_nothing(
    app, client, partner, people, csrf_token, make_participant
):
    session_id = taught_session(app, people[:2])
    late_joiner = make_participant(preferred_name="Late Joiner")
    with app.app_context():
        session = db.session.get(ClassSession, session_id)
        enrollment_add(
            cohort=session.cohort,
            participant=db.session.get(Participant, late_joiner.id),
            enrolled_on=date(2026, 9, 20),  # after the session
        )
        db.session.commit()
    page = client.get(f"/sessions/{session_id}/attendance").get_data(as_text=True)
    assert "Late Joiner" not in page

    for outsider in (late_joiner, people[3]):  # enrolled later; never in the cohort
        response = post_marks(
            client,
            csrf_token,
            session_id,
            {people[0].id: ("late", "Typed before saving"), outsider.id: ("present", "")},
        )
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "not enrolled in the cohort on" in page and "nothing was saved" in page
        assert 'value="Typed before saving"' in page  # what was typed is kept
        assert outsider.preferred_name not in page
        assert marks_of(app, session_id) == {}  # all or nothing


def test_mark_all_present_marks_only_the_unmarked_and_keeps_choices(
    app, client, partner, make_participant, csrf_token, make_user
):
    people = [make_participant(preferred_name=f"Learner {n}") for n in range(6)]
    session_id = taught_session(app, people)
    coordinator = make_user(Role.COORDINATOR)
    mark(app, session_id, people[0], "absent", by=coordinator)
    mark(app, session_id, people[1], "excused", by=coordinator, remark="Interview")
    rows = {
        people[0].id: (None, ""),  # marked, no choice: kept
        people[1].id: ("excused", "Interview"),  # as it was
        people[2].id: ("late", "Ten minutes"),  # an exception chosen now
        people[3].id: (None, ""),
        people[4].id: (None, "Left early"),  # no choice, a remark: present with it
    }  # people[5] is not listed on the form: left alone
    response = post_marks(client, csrf_token, session_id, rows, action="all_present")
    assert response.status_code == 302
    statuses = {
        pid: (status, remark) for pid, (status, remark, _by) in marks_of(app, session_id).items()
    }
    assert statuses == {
        people[0].id: ("absent", None),
        people[1].id: ("excused", "Interview"),
        people[2].id: ("late", "Ten minutes"),
        people[3].id: ("present", None),
        people[4].id: ("present", "Left early"),
    }
    with app.app_context():
        assert db.session.scalars(select(AttendanceMarkChange)).all() == []


@pytest.mark.parametrize("who", ["other partner", "participant"])
def test_others_get_404(app, client, people, csrf_token, make_user, login_as, who):
    session_id = taught_session(app, people)
    if who == "participant":
        login_as(make_user(Role.PARTICIPANT, participant=people[0]))
    else:
        login_as(make_user(Role.PARTNER, partner_name="Another Academy"))
    url = f"/sessions/{session_id}/attendance"
    assert client.get(url).status_code == 404
    token = csrf_token("/dashboard")
    data = {
        "csrf_token": token,
        "participants": str(people[0].id),
        f"p{people[0].id}-status": "present",
    }
    assert client.post(url, data=data).status_code == 404
    assert marks_of(app, session_id) == {}


def test_a_cancelled_session_shows_its_reason_and_takes_no_marks(
    app, client, partner, people, csrf_token
):
    session_id = taught_session(app, people)
    with app.app_context():
        class_session_cancel(
            session=db.session.get(ClassSession, session_id), reason="Typhoon warning"
        )
        db.session.commit()
    page = client.get(f"/sessions/{session_id}/attendance").get_data(as_text=True)
    assert "This session was cancelled" in page and "Typhoon warning" in page
    assert 'name="participants"' not in page
    response = client.post(
        f"/sessions/{session_id}/attendance",
        data={
            "csrf_token": csrf_token("/dashboard"),
            "participants": str(people[0].id),
            f"p{people[0].id}-status": "absent",
        },
        follow_redirects=True,
    )
    assert "This session was cancelled; it takes no attendance." in response.get_data(as_text=True)
    assert marks_of(app, session_id) == {}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("status", "maybe", "Choose present, late, excused or absent."),
        ("remark", "x" * 301, "Field cannot be longer than 300 characters."),
        ("remark", "Nul\x00here", "cannot be saved (NUL)"),
        ("status", "", "Choose a mark to go with the remark."),  # remark kept below
        ("participants", "abc", "The list of participants on this form is damaged."),
        ("participants", "²", "The list of participants on this form is damaged."),
        ("participants", "99999999999", "The list of participants on this form is damaged."),
    ],
)
def test_bad_input_is_a_message_and_keeps_what_was_typed(
    app, client, partner, people, csrf_token, field, value, message
):
    session_id = taught_session(app, people)
    pid = people[0].id
    url = f"/sessions/{session_id}/attendance"
    data = MultiDict(
        [
            ("csrf_token", csrf_token(url)),
            ("participants", str(pid)),
            (f"p{pid}-status", "late"),
            (f"p{pid}-remark", "Typed with care"),
        ]
    )
    data.setlist(field if field == "participants" else f"p{pid}-{field}", [value])
    response = client.post(url, data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    if field == "status":
        assert 'value="Typed with care"' in page
    assert marks_of(app, session_id) == {}


def test_a_clash_with_someone_saving_at_the_same_moment_is_a_message(
    app, client, partner, people, csrf_token, monkeypatch
):
    session_id = taught_session(app, people)

    def clash(**_kwargs):
        raise IntegrityError("INSERT INTO attendance_marks", {}, Exception("unique"))

    monkeypatch.setattr(attendance_views, "attendance_marks_save", clash)
    response = post_marks(client, csrf_token, session_id, {people[0].id: ("late", "Typed")})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Someone else saved marks for this session at the same moment" in page
    assert 'value="Typed"' in page


def test_a_save_is_audited_with_counts_and_no_names(
    app, client, partner, people, csrf_token, make_user
):
    session_id = taught_session(app, people)
    mark(app, session_id, people[0], "absent", by=make_user(Role.COORDINATOR))
    post_marks(
        client,
        csrf_token,
        session_id,
        {people[0].id: ("late", ""), people[1].id: ("present", ""), people[2].id: (None, "")},
        action="all_present",
    )
    post_marks(client, csrf_token, session_id, {people[0].id: ("late", "")})  # no change
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "attendance.take")
        ).all()
    assert len(events) == 1
    event = events[0]
    assert (event.actor_id, event.object_type, event.object_id) == (
        partner.id,
        "class_session",
        session_id,
    )
    assert event.detail == {"recorded": 2, "changed": 1, "unchanged": 0, "all_present": True}
    text = str(event.detail)
    for person in people:
        assert person.preferred_name not in text and person.legal_name not in text


def test_the_batch_service_is_all_or_nothing(app, people, make_participant, make_user):
    session_id = taught_session(app, people[:2])
    outsider = make_participant()
    teacher = make_user(Role.PARTNER)
    with app.app_context():
        session = db.session.get(ClassSession, session_id)
        by = db.session.get(User, teacher.id)
        with pytest.raises(NotEnrolledError) as refused:
            attendance_marks_save(
                session=session,
                choices={people[0].id: MarkChoice("present"), outsider.id: MarkChoice("late")},
                by=by,
            )
        assert refused.value.participant_ids == {outsider.id}
        assert db.session.scalars(select(AttendanceMark)).all() == []
        saved = attendance_marks_save(
            session=session,
            choices={people[0].id: MarkChoice("present", "  ")},
            if_unmarked={people[0].id: MarkChoice("absent"), people[1].id: MarkChoice("present")},
            by=by,
        )
        assert (saved.recorded, saved.changed, saved.unchanged) == (2, 0, 0)
        assert saved.marks[people[0].id].remark is None


@pytest.mark.parametrize("case", ["GET", "POST first marks", "POST changes"])
def test_the_screen_runs_a_fixed_number_of_queries(
    app, client, partner, make_participant, make_user, csrf_token, count_queries, case
):
    coordinator = make_user(Role.COORDINATOR)
    counts = {}
    for size in (5, 30):
        people = [make_participant() for _ in range(size)]
        session_id = taught_session(app, people)
        if case != "POST first marks":
            for person in people:  # a mark with one earlier value each, by two users
                mark(app, session_id, person, "absent", by=coordinator)
                mark(app, session_id, person, "excused", by=partner, remark="Told us")
        url = f"/sessions/{session_id}/attendance"
        if case == "GET":
            with count_queries() as statements:
                assert client.get(url).status_code == 200
        else:
            data = MultiDict([("csrf_token", csrf_token(url)), ("action", "save")])
            for n, person in enumerate(people):
                data.add("participants", str(person.id))
                data.add(f"p{person.id}-status", "late" if n % 2 else "present")
                data.add(f"p{person.id}-remark", "")
            with count_queries() as statements:
                assert client.post(url, data=data).status_code == 302
            saved = marks_of(app, session_id).values()
            assert len(saved) == size
            assert {status for status, _remark, _by in saved} == {"present", "late"}
        counts[size] = len(statements)
    assert counts[5] == counts[30], counts
    assert counts[30] <= 10, counts
