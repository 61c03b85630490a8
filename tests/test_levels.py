"""Level entries: recording, correcting and voiding them, who may, and what they leave behind."""

import html
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from linkenglish.cohorts.services import cohort_create, enrollment_add, program_by_code
from linkenglish.extensions import db
from linkenglish.levels.services import (
    current_level_id,
    level_assessment_record,
    level_by_code,
    level_history,
)
from linkenglish.models import (
    AssessmentMethod,
    AuditEvent,
    LevelAssessment,
    LevelAssessmentChange,
    Participant,
    PartnerOrganisation,
    ProficiencyLevel,
    ProgramCode,
    Role,
)

SCORES = ("speaking_score", "listening_score", "reading_score", "writing_score")
VALID = {
    "assessed_on": "2025-03-01",
    "level": None,  # filled with B1's id
    "method": "teacher_assessment",
    "external_test": "",
    "external_score": "",
    "speaking_score": "6.5",
    "listening_score": "0",
    "reading_score": "",
    "writing_score": "",
    "note": "Speaking more confidently.",
}


def level_id(app, code):
    with app.app_context():
        return level_by_code(code).id


def add_entry(app, participant, code, on, **extra):
    """Record an entry without the web form; return its id."""
    with app.app_context():
        entry = level_assessment_record(
            participant=db.session.get(Participant, participant.id),
            level=level_by_code(code),
            assessed_on=on,
            method=extra.pop("method", AssessmentMethod.PLACEMENT_TEST),
            by=None,
            **extra,
        )
        db.session.commit()
        return entry.id


def current_level(app, participant):
    with app.app_context():
        level = db.session.scalar(
            select(current_level_id())
            .select_from(Participant)
            .where(Participant.id == participant.id)
        )
        return level and db.session.get(ProficiencyLevel, level).code


@pytest.fixture
def coordinator(make_user, login_as):
    return login_as(make_user(Role.COORDINATOR, display_name="Coordinator Kim"))


def post_entry(client, csrf_token, participant, **changes):
    url = f"/participants/{participant.id}/levels/new"
    data = {**VALID, **changes, "csrf_token": csrf_token(url)}
    return client.post(url, data=data)


def test_coordinator_records_an_entry(app, client, csrf_token, make_participant, coordinator):
    participant = make_participant()
    response = post_entry(client, csrf_token, participant, level=level_id(app, "B1"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/participants/{participant.id}#levels")
    with app.app_context():
        entry = db.session.scalar(select(LevelAssessment))
        assert (entry.level.code, entry.assessed_on) == ("B1", date(2025, 3, 1))
        assert entry.method is AssessmentMethod.TEACHER_ASSESSMENT
        assert (entry.speaking_score, entry.listening_score) == (Decimal("6.5"), Decimal("0"))
        assert entry.reading_score is None and entry.external_test is None
        assert entry.recorded_by_id == coordinator.id
        event = db.session.scalar(select(AuditEvent))
        assert (event.action, event.object_id) == ("level_assessment.record", entry.id)
        assert event.detail == {"participant_id": participant.id}
    body = client.get(f"/participants/{participant.id}").get_data(as_text=True)
    assert "Speaking more confidently." in body and "Coordinator Kim" in body
    assert 'role="img"' in body and "Current level: B1" in body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"method": "external_test"}, "Enter the external test's name"),
        ({"method": "external_test", "external_test": "Aptis"}, "Enter the external test's score"),
        (
            {"assessed_on": (date.today() + timedelta(days=2)).isoformat()},
            "cannot be in the future",
        ),
        ({"assessed_on": "1999-12-31"}, "Enter a date from 2000 on."),
        ({"assessed_on": "14/03/2025"}, "Enter a date such as"),
        ({"assessed_on": ""}, "Enter the date the level was assessed."),
        ({"speaking_score": "-1"}, "A score cannot be negative."),
        ({"speaking_score": "7.25"}, "at most one digit after the decimal point"),
        ({"speaking_score": "10000"}, "A score must be less than 10,000."),
        ({"external_score": "123456.5"}, "A score must be less than 100,000."),
        ({"reading_score": "NaN"}, "Enter a number such as 6.5."),
        ({"reading_score": "Infinity"}, "Enter a number such as 6.5."),
        ({"writing_score": "six"}, "Enter a number such as 6.5."),
        ({"level": "999999"}, "Choose a level from the list."),
        ({"level": "B1"}, "Choose a level from the list."),
        ({"method": "rumour"}, "Choose how the level was reached from the list."),
        # The empty "Choose…" option each required select starts with is refused.
        ({"level": ""}, "<li>Choose a level.</li>"),
        ({"method": ""}, "<li>Choose how the level was reached.</li>"),
        ({"note": "x" * 501}, "longer than 500 characters"),
        ({"external_test": "y" * 41}, "longer than 40 characters"),
    ],
)
def test_bad_input_is_explained_and_kept(
    app, client, csrf_token, make_participant, coordinator, changes, message
):
    participant = make_participant()
    changes = {"level": level_id(app, "B1"), **changes}
    response = post_entry(client, csrf_token, participant, **changes)
    body = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert message in body
    assert changes.get("note", VALID["note"]) in body  # what was typed stays
    for field in ("assessed_on", "external_test", "external_score", *SCORES):
        if changes.get(field):
            assert f'value="{changes[field]}"' in body
    assert 'aria-invalid="true"' in body
    with app.app_context():
        assert db.session.scalar(select(LevelAssessment)) is None


def test_other_programs_sub_levels_are_refused(
    app, client, csrf_token, make_participant, coordinator
):
    participant = make_participant()  # LELP
    url = "/levels/scale"
    liep = {"code": "B1-L", "name": "LIEP B1 start", "cefr": "B1", "program": "2", "rank": "31"}
    client.post(url, data={**liep, "csrf_token": csrf_token(url)})
    response = post_entry(client, csrf_token, participant, level=level_id(app, "B1-L"))
    assert "Choose a level from the list." in response.get_data(as_text=True)


def test_selects_start_empty_and_an_edit_selects_what_is_stored(
    app, client, make_participant, coordinator
):
    participant = make_participant()
    body = client.get(f"/participants/{participant.id}/levels/new").get_data(as_text=True)
    # A required select's first option is empty, before any group (HTML's rule).
    assert '"level" required><option selected value="">Choose…</option><optgroup' in body
    assert 'name="method" required><option value="">Choose…</option><option' in body
    entry = add_entry(app, participant, "A2", date(2025, 1, 10))
    body = client.get(f"/participants/{participant.id}/levels/{entry}/edit").get_data(as_text=True)
    assert f'<option selected value="{level_id(app, "A2")}">' in body
    assert '<option selected value="placement_test">' in body
    assert '<option selected value="">' not in body


def test_correction_keeps_the_earlier_values(
    app, client, csrf_token, make_participant, coordinator
):
    participant = make_participant()
    entry = add_entry(app, participant, "A2", date(2025, 1, 10), note="First note")
    url = f"/participants/{participant.id}/levels/{entry}/edit"
    form = client.get(url).get_data(as_text=True)
    assert "First note" in form and 'value="2025-01-10"' in form
    data = {
        **VALID,
        "level": level_id(app, "B1"),
        "assessed_on": "2025-01-10",
        "method": "placement_test",
        "speaking_score": "",
        "listening_score": "",
        "note": "First note",
        "csrf_token": csrf_token(url),
    }
    assert client.post(url, data=data).status_code == 302
    assert client.post(url, data={**data, "listening_score": ".0"}).status_code == 302
    with app.app_context():
        changes = db.session.scalars(select(LevelAssessmentChange)).all()
        assert [change.previous for change in changes] == [
            {"level": "A2"},
            {"listening_score": None},
        ]
        assert changes[0].changed_by_id == coordinator.id
        assert db.session.get(LevelAssessment, entry).level.code == "B1"
        events = db.session.execute(
            select(AuditEvent.action, AuditEvent.detail).order_by(AuditEvent.id)
        ).all()
        assert events[-2:] == [
            ("level_assessment.correct", {"participant_id": participant.id, "fields": ["level"]}),
            (
                "level_assessment.correct",
                {"participant_id": participant.id, "fields": ["listening_score"]},
            ),
        ]
    # Saving the same values again records nothing.
    client.post(url, data={**data, "listening_score": "0"})
    with app.app_context():
        assert len(db.session.scalars(select(LevelAssessmentChange)).all()) == 2
    page = client.get(f"/participants/{participant.id}").get_data(as_text=True)
    assert "Corrected 2 times" in page and "Current level: B1" in page
    assert "Earlier corrections" in client.get(url).get_data(as_text=True)


def test_void_removes_an_entry_from_the_history_and_the_current_level(
    app, client, csrf_token, make_participant, coordinator
):
    participant = make_participant()
    add_entry(app, participant, "A2", date(2025, 1, 10))
    mistake = add_entry(app, participant, "C1", date(2025, 2, 10))
    assert current_level(app, participant) == "C1"
    url = f"/participants/{participant.id}/levels/{mistake}/void"
    token = csrf_token(f"/participants/{participant.id}/levels/{mistake}/edit")
    refused = client.post(url, data={"csrf_token": token, "reason": "  "})
    assert refused.status_code == 200
    assert "Say why the entry is void" in refused.get_data(as_text=True)
    assert client.get(url).status_code == 405
    response = client.post(url, data={"csrf_token": token, "reason": "Wrong person"})
    assert response.status_code == 302
    assert current_level(app, participant) == "A2"
    with app.app_context():
        voided = db.session.get(LevelAssessment, mistake)
        assert voided.voided_at is not None and voided.voided_by_id == coordinator.id
        assert voided.changes[-1].previous == {"void_reason": "Wrong person"}
        assert [
            e.level.code for e in level_history(db.session.get(Participant, participant.id))
        ] == ["A2"]
        event = db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()))
        assert event.action == "level_assessment.void"
        assert "Wrong person" not in str(event.detail)
    page = client.get(f"/participants/{participant.id}").get_data(as_text=True)
    assert "One voided entry" in page and "Wrong person" in page
    # A voided entry can be neither corrected nor voided again.
    assert client.get(f"/participants/{participant.id}/levels/{mistake}/edit").status_code == 404
    assert client.post(url, data={"csrf_token": token, "reason": "again"}).status_code == 404


def test_entries_load_only_under_their_own_participant(
    app, client, csrf_token, make_participant, coordinator
):
    one, two = make_participant(), make_participant()
    entry = add_entry(app, two, "B1", date(2025, 1, 10))
    token = csrf_token(f"/participants/{two.id}/levels/{entry}/edit")
    assert client.get(f"/participants/{one.id}/levels/{entry}/edit").status_code == 404
    wrong = f"/participants/{one.id}/levels/{entry}/void"
    assert client.post(wrong, data={"csrf_token": token, "reason": "x"}).status_code == 404
    assert client.get(f"/participants/{two.id}/levels/{2**31 - 1}/edit").status_code == 404
    assert client.get(f"/participants/{2**31 - 1}/levels/new").status_code == 404
    with app.app_context():
        assert db.session.get(LevelAssessment, entry).voided_at is None


def test_erased_participants_history_cannot_change(app, client, make_participant, coordinator):
    participant = make_participant()
    entry = add_entry(app, participant, "B1", date(2025, 1, 10))
    with app.app_context():
        db.session.get(Participant, participant.id).erased_at = datetime(2026, 1, 1, tzinfo=UTC)
        db.session.commit()
    assert client.get(f"/participants/{participant.id}/levels/new").status_code == 404
    assert client.get(f"/participants/{participant.id}/levels/{entry}/edit").status_code == 404


def test_participant_sees_own_history_but_changes_nothing(
    app, client, csrf_token, make_participant, make_user, login_as
):
    participant = make_participant()
    entry = add_entry(app, participant, "B1", date(2025, 1, 10), note="Reads well.")
    login_as(make_user(Role.PARTICIPANT, participant=participant))
    page = client.get(f"/participants/{participant.id}").get_data(as_text=True)
    assert "Reads well." in page and 'role="img"' in page
    assert "Correct or void" not in page and "Record a level" not in page
    token = csrf_token("/dashboard")
    base = f"/participants/{participant.id}/levels"
    assert client.get(f"{base}/new").status_code == 404
    assert client.get(f"{base}/{entry}/edit").status_code == 404
    assert client.post(f"{base}/{entry}/void", data={"csrf_token": token}).status_code == 404
    assert client.get("/levels/report").status_code == 404
    other = make_participant()
    assert client.get(f"/participants/{other.id}").status_code == 404


def test_partner_gets_404_on_all_of_it(
    app, client, csrf_token, make_participant, make_user, login_as
):
    participant = make_participant()
    entry = add_entry(app, participant, "B1", date(2025, 1, 10), note="Private to staff")
    partner = login_as(make_user(Role.PARTNER))
    with app.app_context():  # a participant the partner's organisation teaches
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LELP),
            name="Taught by the partner",
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 6, 1),
            partner=db.session.get(PartnerOrganisation, partner.partner_id),
        )
        enrollment_add(
            cohort=cohort,
            participant=db.session.get(Participant, participant.id),
            enrolled_on=date(2025, 1, 1),
        )
        db.session.commit()
    token = csrf_token("/dashboard")
    base = f"/participants/{participant.id}/levels"
    for url in (f"{base}/new", f"{base}/{entry}/edit", "/levels/report", "/levels/scale"):
        assert client.get(url).status_code == 404, url
    for url in (f"{base}/new", f"{base}/{entry}/edit", f"{base}/{entry}/void", "/levels/scale"):
        assert client.post(url, data={"csrf_token": token, "reason": "x"}).status_code == 404
    page = client.get(f"/participants/{participant.id}")  # partners see no level history
    assert page.status_code in (200, 404)
    body = page.get_data(as_text=True)
    assert "Private to staff" not in body and "Level history" not in body
    with app.app_context():
        assert db.session.get(LevelAssessment, entry).voided_at is None


def test_post_without_csrf_changes_nothing(app, client, make_participant, coordinator):
    participant = make_participant()
    entry = add_entry(app, participant, "B1", date(2025, 1, 10))
    url = f"/participants/{participant.id}/levels/{entry}/void"
    assert client.post(url, data={"reason": "no token"}).status_code == 400
    with app.app_context():
        assert db.session.get(LevelAssessment, entry).voided_at is None
