"""Moving a cohort's dates moves the enrollments on the old dates, once confirmed (issue 15)."""

from datetime import date, datetime, time

import pytest
from form_replay import form_posting_to, submitted_pairs
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from linkenglish.classes.attendance import attendance_sheet
from linkenglish.classes.services import class_session_create
from linkenglish.cohorts.dates import DatesMoveUnconfirmed, cohort_dates_move
from linkenglish.cohorts.services import (
    cohort_create,
    cohort_teacher_assign,
    enrollment_add,
    enrollment_end,
    program_by_code,
)
from linkenglish.extensions import db
from linkenglish.levels.services import level_by_code
from linkenglish.models import (
    AuditEvent,
    Cohort,
    CohortTeacher,
    Enrollment,
    EnrollmentStatus,
    Participant,
    ProgramCode,
    Role,
    SessionMode,
    User,
)
from linkenglish.partners.services import partner_organisation_get_or_create
from linkenglish.timeutil import from_local

FIRST, LAST = date(2027, 3, 2), date(2027, 6, 25)


@pytest.fixture
def coordinator(make_user, login_as):
    return login_as(make_user(Role.COORDINATOR))


@pytest.fixture
def cohort_id(app, make_participant, make_user):
    """A LIEP cohort taught by the British Council: Ahn and Baek start on its first day, Cho
    joins in week 4, Do completes on its last day, Eun withdrew in its first week."""
    teacher = make_user(Role.PARTNER)
    names = ("Ahn", "Baek", "Cho", "Do", "Eun")
    people = {name: make_participant(preferred_name=name) for name in names}
    with app.app_context():
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LIEP),
            name="LIEP Spring 2027",
            starts_on=FIRST,
            ends_on=LAST,
            target_level=level_by_code("B2"),
            capacity=None,
            partner=partner_organisation_get_or_create(name="British Council"),
        )
        cohort_teacher_assign(cohort=cohort, user=db.session.get(User, teacher.id), by=None)
        enrollments = {
            name: enrollment_add(
                cohort=cohort,
                participant=db.session.get(Participant, participant.id),
                enrolled_on=date(2027, 3, 23) if name == "Cho" else FIRST,
            )
            for name, participant in people.items()
        }
        enrollment_end(
            enrollment=enrollments["Do"], status=EnrollmentStatus.COMPLETED, ended_on=LAST
        )
        enrollment_end(
            enrollment=enrollments["Eun"], status=EnrollmentStatus.WITHDRAWN, ended_on=FIRST
        )
        db.session.commit()
        return cohort.id


def state(app, cohort_id):
    """The cohort's columns, teachers, and each enrollment's dates by preferred name."""
    with app.app_context():
        cohort = db.session.get(Cohort, cohort_id)
        columns = {column.key: getattr(cohort, column.key) for column in Cohort.__table__.c}
        teachers = set(
            db.session.scalars(
                select(CohortTeacher.user_id).where(CohortTeacher.cohort_id == cohort_id)
            )
        )
        rows = db.session.execute(
            select(Participant.preferred_name, Enrollment.enrolled_on, Enrollment.ended_on)
            .join(Enrollment, Enrollment.participant_id == Participant.id)
            .where(Enrollment.cohort_id == cohort_id)
        )
        return columns, teachers, {name: (start, end) for name, start, end in rows}


def edit_form(client, url, **changes):
    """The form a browser sends from the page at url, with changes to its fields."""
    form = form_posting_to(client.get(url).get_data(as_text=True), url)
    pairs = [(name, changes.get(name, value)) for name, value in submitted_pairs(form)]
    return MultiDict(pairs + [(n, v) for n, v in changes.items() if n not in dict(pairs)])


def test_moving_the_first_day_moves_its_enrollments_after_a_confirmation(
    app, client, coordinator, cohort_id
):
    url = f"/cohorts/{cohort_id}/edit"
    columns, teachers, enrollments = state(app, cohort_id)

    asked = client.post(url, data=edit_form(client, url, starts_on="2027-03-09"))
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "3 enrollments move with the new dates" in page
    # Cho started later; Eun's enrollment would end before it started: both stay, listed.
    kept = page.split("These keep their dates:")[1].split("</ul>")[0]
    assert "Cho" in kept and "Eun" in kept and "Ahn" not in kept and "Do" not in kept
    assert state(app, cohort_id) == (columns, teachers, enrollments)  # nothing saved yet

    again = client.post(url, data=form_data(page, url))  # Save again without ticking the box
    assert "Tick the box to move them, or keep the old dates." in again.get_data(as_text=True)
    assert state(app, cohort_id) == (columns, teachers, enrollments)

    confirmed = form_data(again.get_data(as_text=True), url, move_enrollments="y")
    response = client.post(url, data=confirmed)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/cohorts/{cohort_id}"
    after, teachers_after, enrollments_after = state(app, cohort_id)
    assert after == columns | {"starts_on": date(2027, 3, 9)}
    assert teachers_after == teachers  # program, partner, level and teachers stay (point 1)
    moved = (date(2027, 3, 9), None)
    assert enrollments_after == enrollments | {
        "Ahn": moved,
        "Baek": moved,
        "Do": (date(2027, 3, 9), LAST),
    }
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "cohort.dates.move")
        )
        assert event.detail["starts_on"] == ["2027-03-02", "2027-03-09"]
        assert len(event.detail["enrollments"]) == 3
        # The first session on the new first day has the participants who start on it.
        session = class_session_create(
            cohort=db.session.get(Cohort, cohort_id),
            starts_at=from_local(datetime.combine(date(2027, 3, 9), time(19))),
            duration_minutes=90,
            mode=SessionMode.ONLINE,
        )
        names = {row.preferred_name for row in attendance_sheet(session=session).rows}
        assert names == {"Ahn", "Baek", "Do"}
        db.session.rollback()


def form_data(page: str, url: str, **extra) -> MultiDict:
    """What a browser sends from the form on a page, plus ticked boxes."""
    return MultiDict(submitted_pairs(form_posting_to(page, url)) + list(extra.items()))


def test_moving_the_last_day_moves_who_completes_on_it(app, client, coordinator, cohort_id):
    url = f"/cohorts/{cohort_id}/edit"
    _columns, _teachers, enrollments = state(app, cohort_id)
    asked = client.post(url, data=edit_form(client, url, ends_on="2027-07-02"))
    assert "1 enrollment moves with the new dates" in asked.get_data(as_text=True)
    confirmed = form_data(asked.get_data(as_text=True), url, move_enrollments="y")
    response = client.post(url, data=confirmed)
    assert response.status_code == 302
    assert state(app, cohort_id)[2] == enrollments | {"Do": (FIRST, date(2027, 7, 2))}


def test_a_confirmation_for_other_dates_or_another_count_moves_nothing(
    app, client, coordinator, cohort_id, make_participant
):
    url = f"/cohorts/{cohort_id}/edit"
    before = state(app, cohort_id)
    asked = client.post(url, data=edit_form(client, url, starts_on="2027-03-09"))
    page = asked.get_data(as_text=True)
    # Ticked, but for other dates than the ones confirmed: asked again, nothing saved.
    other = form_data(page, url, move_enrollments="y")
    other.setlist("starts_on", ["2027-03-16"])
    assert client.post(url, data=other).status_code == 200
    assert state(app, cohort_id) == before
    # Someone enrolls another participant on the old first day meanwhile: asked again.
    with app.app_context():
        extra = db.session.get(Participant, make_participant(preferred_name="Fin").id)
        enrollment_add(
            cohort=db.session.get(Cohort, cohort_id), participant=extra, enrolled_on=FIRST
        )
        db.session.commit()
    stale = client.post(url, data=form_data(page, url, move_enrollments="y"))
    assert "What moves has changed since" in stale.get_data(as_text=True)
    assert "4 enrollments move with the new dates" in stale.get_data(as_text=True)
    assert state(app, cohort_id)[0] == before[0]


def test_the_service_refuses_a_move_nobody_confirmed(app, cohort_id, make_user):
    coordinator = make_user(Role.COORDINATOR)
    with app.app_context():
        cohort = db.session.get(Cohort, cohort_id)
        by = db.session.get(User, coordinator.id)
        for confirmed in (None, 2):
            with pytest.raises(DatesMoveUnconfirmed) as refused:
                cohort_dates_move(
                    cohort=cohort,
                    starts_on=date(2027, 3, 9),
                    ends_on=LAST,
                    by=by,
                    confirmed=confirmed,
                )
            assert len(refused.value.plan.moving) == 3
        assert cohort.starts_on == FIRST
