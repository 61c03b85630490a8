"""Cohorts and enrollment: a coordinator's pages, and who sees which cohort."""

from datetime import date

import pytest
from sqlalchemy import select

from linkenglish.cohorts.services import cohort_create, enrollment_add, program_by_code
from linkenglish.extensions import db
from linkenglish.models import (
    AuditEvent,
    Cohort,
    CohortTeacher,
    Enrollment,
    EnrollmentStatus,
    Participant,
    ProgramCode,
    Role,
)
from linkenglish.partners.services import partner_organisation_get_or_create


@pytest.fixture
def coordinator(make_user, login_as):
    return login_as(make_user(Role.COORDINATOR))


def new_cohort(app, *, name="LIEP Spring 2027", capacity=None, partner=None, members=()):
    with app.app_context():
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LIEP),
            name=name,
            starts_on=date(2027, 3, 2),
            ends_on=date(2027, 6, 25),
            capacity=capacity,
            partner=partner_organisation_get_or_create(name=partner) if partner else None,
        )
        for member in members:
            enrollment_add(
                cohort=cohort,
                participant=db.session.get(Participant, member.id),
                enrolled_on=date(2027, 3, 2),
            )
        db.session.commit()
        return cohort.id


def cohort_data(csrf_token, **overrides):
    return {
        "csrf_token": csrf_token("/cohorts/new"),
        "program": "2",
        "name": "LIEP Spring 2027",
        "starts_on": "2027-03-02",
        "ends_on": "2027-06-25",
        "target_level": "",
        "capacity": "12",
        "partner": "",
        **overrides,
    }


def test_create_edit_and_close_a_cohort(app, client, coordinator, csrf_token):
    response = client.post("/cohorts/new", data=cohort_data(csrf_token))
    assert response.status_code == 302
    cohort_id = int(response.headers["Location"].rsplit("/", 1)[1])
    duplicate = client.post("/cohorts/new", data=cohort_data(csrf_token))
    assert "This program has a cohort with this name already." in duplicate.get_data(as_text=True)
    backwards = client.post(
        "/cohorts/new", data=cohort_data(csrf_token, name="X", ends_on="2027-01-01")
    )
    assert "The last day comes after the first day." in backwards.get_data(as_text=True)
    too_many = client.post("/cohorts/new", data=cohort_data(csrf_token, name="Y", capacity="5000"))
    assert "Between 1 and 1,000 places." in too_many.get_data(as_text=True)

    response = client.post(
        f"/cohorts/{cohort_id}/edit", data=cohort_data(csrf_token, name="LIEP Spring 2027 B")
    )
    assert response.status_code == 302
    assert "LIEP Spring 2027 B" in client.get("/cohorts/").get_data(as_text=True)
    client.post(
        f"/cohorts/{cohort_id}/close", data={"csrf_token": csrf_token("/cohorts/"), "closed": "1"}
    )
    assert "LIEP Spring 2027 B" not in client.get("/cohorts/").get_data(as_text=True)
    assert "LIEP Spring 2027 B" in client.get("/cohorts/?closed=1").get_data(as_text=True)
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert {"cohort.create", "cohort.update", "cohort.close"} <= set(actions)


def test_enroll_many_within_capacity(app, client, coordinator, csrf_token, make_participant):
    people = [make_participant(program=ProgramCode.LIEP) for _ in range(4)]
    cohort_id = new_cohort(app, capacity=3)
    url = f"/cohorts/{cohort_id}/enroll"
    page = client.get(url).get_data(as_text=True)
    assert all(person.preferred_name in page for person in people)
    too_many = client.post(
        url,
        data={"csrf_token": csrf_token(url), "participants": [p.id for p in people],
              "enrolled_on": "2027-03-02"},
    )  # fmt: skip
    assert "This cohort has 3 free places of 3; you chose 4." in too_many.get_data(as_text=True)
    response = client.post(
        url,
        data={"csrf_token": csrf_token(url), "participants": [p.id for p in people[:3]],
              "enrolled_on": "2027-03-02"},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        enrolled = db.session.scalars(select(Enrollment.participant_id)).all()
    assert sorted(enrolled) == sorted(p.id for p in people[:3])
    # The search narrows the checklist; those enrolled are not offered again.
    page = client.get(url, query_string={"q": people[3].preferred_name}).get_data(as_text=True)
    assert people[3].preferred_name in page and people[0].preferred_name not in page


def test_withdrawal_keeps_the_enrollment(app, client, coordinator, csrf_token, make_participant):
    person = make_participant()
    cohort_id = new_cohort(app, capacity=1, members=[person])
    with app.app_context():
        enrollment_id = db.session.scalar(select(Enrollment.id))
    url = f"/cohorts/{cohort_id}/enrollments/{enrollment_id}"
    missing_date = client.post(
        url,
        data={"csrf_token": csrf_token(url), "status": "withdrawn", "enrolled_on": "2027-03-02"},
    )
    assert "Give the date the enrollment ended." in missing_date.get_data(as_text=True)
    response = client.post(
        url,
        data={"csrf_token": csrf_token(url), "status": "withdrawn", "enrolled_on": "2027-03-02",
              "ended_on": "2027-04-10"},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        enrollment = db.session.get(Enrollment, enrollment_id)
        assert (enrollment.status, enrollment.ended_on) == (
            EnrollmentStatus.WITHDRAWN,
            date(2027, 4, 10),
        )
    page = client.get(f"/participants/{person.id}").get_data(as_text=True)
    assert "withdrawn" in page and "LIEP Spring 2027" in page


def test_teachers_come_from_the_teaching_partner(app, client, coordinator, csrf_token, make_user):
    cohort_id = new_cohort(app, partner="British Council")
    teacher = make_user(Role.PARTNER, partner_name="British Council", display_name="Emma")
    outsider = make_user(Role.PARTNER, partner_name="Another Org", display_name="Zed")
    page = client.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    assert "Emma" in page and "Zed" not in page
    url = f"/cohorts/{cohort_id}/teachers"
    client.post(url, data={"csrf_token": csrf_token("/cohorts/"), "teachers": [outsider.id]})
    client.post(url, data={"csrf_token": csrf_token("/cohorts/"), "teachers": [teacher.id]})
    with app.app_context():
        assert db.session.scalars(select(CohortTeacher.user_id)).all() == [teacher.id]


def test_who_sees_which_cohort(app, client, make_user, login_as, make_participant):
    member, stranger = (
        make_participant(preferred_name="Member"),
        make_participant(preferred_name="Stranger"),
    )
    taught = new_cohort(app, name="Taught", partner="British Council", members=[member, stranger])
    elsewhere = new_cohort(app, name="Elsewhere", partner="Another Org")
    login_as(make_user(Role.PARTNER, partner_name="British Council"))
    assert "Taught" in client.get("/cohorts/").get_data(as_text=True)
    assert "Elsewhere" not in client.get("/cohorts/").get_data(as_text=True)
    assert client.get(f"/cohorts/{elsewhere}").status_code == 404
    assert "Stranger" in client.get(f"/cohorts/{taught}").get_data(as_text=True)

    login_as(make_user(Role.PARTICIPANT, participant=member))
    assert client.get(f"/cohorts/{elsewhere}").status_code == 404
    page = client.get(f"/cohorts/{taught}").get_data(as_text=True)
    assert "Taught" in page and "Your enrollment" in page
    assert (
        "Stranger" not in page
        and "Member" not in page.split("<main", 1)[1].split("Your enrollment")[0]
    )


def test_cohort_page_runs_fixed_queries(app, client, coordinator, make_participant, count_queries):
    small = new_cohort(app, name="Small", members=[make_participant() for _ in range(3)])
    large = new_cohort(app, name="Large", members=[make_participant() for _ in range(40)])
    costs = []
    for cohort_id in (small, large):
        with count_queries() as statements:
            assert client.get(f"/cohorts/{cohort_id}").status_code == 200
        costs.append(len(statements))
    assert costs[0] == costs[1]
    with app.app_context():
        assert db.session.get(Cohort, large).name == "Large"
