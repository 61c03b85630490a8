"""A coordinator's daily work with participants: list, find, add, edit, archive."""

from datetime import date

import pytest
from sqlalchemy import select

from linkenglish.cohorts.services import cohort_create, enrollment_add, program_by_code
from linkenglish.extensions import db
from linkenglish.levels.services import level_assessment_record, level_by_code
from linkenglish.models import AssessmentMethod, AuditEvent, Participant, ProgramCode, Role
from linkenglish.partners.services import partner_organisation_get_or_create


@pytest.fixture
def coordinator(make_user, login_as):
    return login_as(make_user(Role.COORDINATOR))


def populate(app, make_participant, count, start=0):
    """count participants, each with a level entry and an enrollment."""
    people = [make_participant(preferred_name=f"P{start + n:04d}") for n in range(count)]
    with app.app_context():
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LELP),
            name=f"Cohort {start}",
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 12, 1),
        )
        for person in people:
            who = db.session.get(Participant, person.id)
            enrollment_add(cohort=cohort, participant=who, enrolled_on=date(2026, 9, 1))
            level_assessment_record(
                participant=who, level=level_by_code("B1"), assessed_on=date(2026, 8, 1),
                method=AssessmentMethod.PLACEMENT_TEST, by=None,
            )  # fmt: skip
        db.session.commit()
        return cohort.id, people


def list_page(client, **args):
    response = client.get("/participants/", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_list_costs_the_same_queries_for_10_and_300(app, client, coordinator, make_participant,
                                                     count_queries):  # fmt: skip
    populate(app, make_participant, 10)
    with count_queries() as small:
        list_page(client)
    populate(app, make_participant, 290, start=10)
    with count_queries() as large:
        body = list_page(client)
    assert len(small) == len(large)
    assert not any("count(" in statement.lower() for statement in large)
    assert "B1" in body and "Cohort 0" in body


def test_keyset_pages_walk_everyone_once(app, client, coordinator, make_participant):
    populate(app, make_participant, 120)
    seen, args = [], {}
    for _page in range(4):
        body = list_page(client, **args)
        seen += [name for name in body.split(">") if name.startswith("P0")]
        marker = 'rel="next"'
        if marker not in body:
            break
        href = body.split(marker)[0].rsplit('href="', 1)[1].split('"')[0]
        args = {"after": href.split("after=")[1].split("&")[0]}
    names = [name.split("<")[0] for name in seen]
    assert names == [f"P{n:04d}" for n in range(120)]
    # A cursor that is not ours is ignored, not an error.
    assert "P0000" in list_page(client, after="bm90LWEtY3Vyc29y")


def test_filters_and_exact_lookup(app, client, coordinator, make_participant, exact_lookup):
    cohort_id, _people = populate(app, make_participant, 3)
    make_participant(preferred_name="Minjun", legal_name="박민준", email="mj@example.org")
    make_participant(preferred_name="Sophie", program=ProgramCode.LIEP)
    assert "Minjun" in list_page(client, q="minj") and "Sophie" not in list_page(client, q="minj")
    body = list_page(client, program="liep")
    assert "Sophie" in body and "Minjun" not in body
    body = list_page(client, cohort=str(cohort_id))
    assert "P0000" in body and "Minjun" not in body
    assert "P0001" in list_page(client, level="B1") and "Minjun" not in list_page(
        client, level="B1"
    )
    found = list_page(client, match=exact_lookup(" 박민준 "))
    assert "Minjun" in found and "P0000" not in found
    assert "Minjun" in list_page(client, match=exact_lookup("MJ@example.org"))
    assert "No participant matches" in list_page(client, match=exact_lookup("박민"))  # exact
    assert "P0000" in list_page(client, match="forged-token")  # not ours: filters nothing
    assert "Minjun" in list_page(client, program="nonsense", status="??", cohort="x")
    with app.app_context():
        details = db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "participant.lookup")
        ).all()
    assert details and all(set(detail) == {"found"} for detail in details)


def form_data(csrf_token, **overrides):
    return {
        "csrf_token": csrf_token("/participants/new"),
        "legal_name": "김하늘",
        "preferred_name": "Haneul",
        "email": "haneul@example.org",
        "phone": "010-1234-5678",
        "program": "lelp",
        "status": "active",
        "notes": "Prefers evening classes.",
        "sensitive_terms": "김\nKim\nHyesan\n\nHyesan",
        **overrides,
    }


def test_create_edit_and_archive(app, client, coordinator, csrf_token):
    response = client.post("/participants/new", data=form_data(csrf_token))
    assert response.status_code == 302
    participant_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        created = db.session.get(Participant, participant_id)
        assert created.legal_name == "김하늘"
        assert created.sensitive_term_list == ["김", "Kim", "Hyesan"]
    edit = client.get(f"/participants/{participant_id}/edit").get_data(as_text=True)
    assert "Hyesan" in edit and "김하늘" in edit
    response = client.post(
        f"/participants/{participant_id}/edit",
        data=form_data(csrf_token, preferred_name="Sky", sensitive_terms="Kim\nMusan"),
    )
    assert response.status_code == 302
    with app.app_context():
        edited = db.session.get(Participant, participant_id)
        assert (edited.preferred_name, edited.sensitive_term_list) == ("Sky", ["Kim", "Musan"])
        update = db.session.scalar(
            select(AuditEvent.detail).where(AuditEvent.action == "participant.update")
        )
    assert update == {"fields": ["preferred_name", "sensitive_terms"]}
    client.post(
        f"/participants/{participant_id}/archive",
        data={"csrf_token": csrf_token("/participants/"), "archived": "1"},
    )
    assert "Sky" not in list_page(client)
    assert "Sky" in list_page(client, archived="y")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("legal_name", "", "Enter the legal name."),
        ("preferred_name", "x" * 101, "Field cannot be longer than 100 characters."),
        ("email", "not-an-email", "Enter an e-mail address such as"),
        ("phone", "call me", "Enter a phone number such as"),
        ("program", "mba", "Not a valid choice"),
        ("notes", "nul\x00here", "cannot be saved (NUL)"),
        ("sensitive_terms", "x" * 101, "Each term has at most 100 characters."),
    ],
)
def test_bad_input_is_explained_and_kept(client, coordinator, csrf_token, field, value, message):
    response = client.post("/participants/new", data=form_data(csrf_token, **{field: value}))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in body
    assert "Prefers evening classes." in body or field == "notes"  # what was typed stays


def test_duplicates_are_caught(client, coordinator, csrf_token, make_participant):
    make_participant(legal_name="김하늘", email="HANEUL@example.org")
    body = client.post("/participants/new", data=form_data(csrf_token)).get_data(as_text=True)
    assert "Another participant has this e-mail address." in body
    assert "Participants with this legal name exist already" in body
    response = client.post(
        "/participants/new",
        data=form_data(csrf_token, email="other@example.org", allow_same_name="y"),
    )
    assert response.status_code == 302


def test_partner_sees_their_cohorts_participants_by_preferred_name_only(
    app, client, make_user, login_as, make_participant
):
    taught = make_participant(legal_name="최지우", preferred_name="Jiwoo", email="j@example.org")
    login_as(make_user(Role.PARTNER, partner_name="British Council"))
    assert client.get(f"/participants/{taught.id}").status_code == 404
    with app.app_context():
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LIEP), name="LIEP", starts_on=date(2026, 9, 1),
            ends_on=date(2026, 12, 1),
            partner=partner_organisation_get_or_create(name="British Council"),
        )  # fmt: skip
        enrollment_add(
            cohort=cohort, participant=db.session.get(Participant, taught.id),
            enrolled_on=date(2026, 9, 1),
        )  # fmt: skip
        db.session.commit()
    body = client.get(f"/participants/{taught.id}").get_data(as_text=True)
    assert "Jiwoo" in body
    for secret in ("최지우", "j@example.org", taught.phone, "Level history"):
        assert secret not in body
