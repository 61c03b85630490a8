"""Export everything held about a participant, and erase them so that nothing personal is
left in any table. Canary strings stand in for personal data everywhere it can hide."""

import hashlib
import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from linkenglish.classes.services import attendance_mark_set, class_session_create
from linkenglish.cohorts.services import cohort_create, enrollment_add, program_by_code
from linkenglish.extensions import db
from linkenglish.levels.services import level_assessment_record, level_by_code
from linkenglish.models import (
    AssessmentMethod,
    AuditEvent,
    ConsentKind,
    ConsentMethod,
    ConsentRecord,
    ConsentText,
    Essay,
    EssayDraft,
    EssayVersion,
    Feedback,
    LevelAssessmentChange,
    Participant,
    ProgramCode,
    Publication,
    Redaction,
    Role,
    SessionMode,
    User,
    VersionKind,
)
from linkenglish.models.base import keyring

CANARIES = {
    "legal_name": "canaryLegal홍길동",
    "preferred_name": "canaryPreferred",
    "email": "canary.mail@example.org",
    "phone": "010-9999-0001",
    "term": "canaryHometownHyesan",
    "pen_name": "canaryPen",
}


@pytest.fixture
def canary_participant(app, make_participant, make_user):
    """A participant whose personal data is canaries, written into every table it can reach."""
    participant = make_participant(
        legal_name=CANARIES["legal_name"],
        preferred_name=CANARIES["preferred_name"],
        email=CANARIES["email"],
        phone=CANARIES["phone"],
        notes=f"Notes on {CANARIES['legal_name']}",
        sensitive_terms=[CANARIES["term"]],
    )
    make_user(Role.PARTICIPANT, participant=participant, email=CANARIES["email"])
    teacher = make_user(Role.COORDINATOR)
    mention = " ".join(CANARIES.values())
    with app.app_context():
        who = db.session.get(Participant, participant.id)
        by = db.session.get(User, teacher.id)
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LIEP), name="LIEP", starts_on=date(2026, 9, 1),
            ends_on=date(2026, 12, 1),
        )  # fmt: skip
        enrollment_add(cohort=cohort, participant=who, enrolled_on=date(2026, 9, 1))
        session = class_session_create(
            cohort=cohort, starts_at=datetime(2026, 9, 8, 10, tzinfo=UTC), duration_minutes=90,
            mode=SessionMode.ONLINE,
        )  # fmt: skip
        attendance_mark_set(session=session, participant=who, status="absent", by=by,
                            remark=f"Called {mention}")  # fmt: skip
        attendance_mark_set(session=session, participant=who, status="excused", by=by,
                            remark=f"Again {mention}")  # fmt: skip
        entry = level_assessment_record(
            participant=who, level=level_by_code("B1"), assessed_on=date(2026, 9, 1),
            method=AssessmentMethod.TEACHER_ASSESSMENT, by=by, note=f"About {mention}",
        )  # fmt: skip
        db.session.add(LevelAssessmentChange(assessment_id=entry.id, previous={"note": mention}))
        essay = Essay(participant_id=who.id, cohort_id=cohort.id)
        db.session.add(essay)
        db.session.flush()
        db.session.add(EssayDraft(essay_id=essay.id, title=mention, body=f"Draft by {mention}"))
        version = EssayVersion(
            essay_id=essay.id, number=1, kind=VersionKind.SUBMITTED,
            title=f"Life of {CANARIES['preferred_name']}", body=f"I am {mention}.",
        )  # fmt: skip
        db.session.add(version)
        db.session.flush()
        db.session.add(Feedback(version_id=version.id, author_id=by.id, comments=f"Dear {mention}"))
        text = ConsentText(version="2026-1", language="en", body="You may withdraw at any time.")
        db.session.add(text)
        db.session.flush()
        consent = ConsentRecord(
            participant_id=who.id, essay_id=essay.id, version_id=version.id,
            kind=ConsentKind.GIVEN, pen_name=CANARIES["pen_name"], author_note=mention,
            consent_text_id=text.id, method=ConsentMethod.PHONE, method_note=f"Rang {mention}",
            content_sha256=hashlib.sha256(version.body.encode()).hexdigest(), recorded_by_id=by.id,
        )  # fmt: skip
        db.session.add(consent)
        db.session.flush()
        redacted = EssayVersion(
            essay_id=essay.id, number=2, kind=VersionKind.SAVED, title="Redacted",
            body=f"Without {CANARIES['preferred_name']}.", created_by_id=by.id,
        )  # fmt: skip
        db.session.add(redacted)
        db.session.flush()
        db.session.add(
            Redaction(
                essay_id=essay.id, source_version_id=version.id, version_id=redacted.id,
                consent_id=consent.id, reason=f"Removed {mention}", redacted_by_id=by.id,
            )
        )  # fmt: skip
        db.session.add(
            Publication(
                slug="a1b2c3",
                consent_id=consent.id,
                version_id=version.id,
                program=ProgramCode.LIEP,
                live=True,
            )
        )
        db.session.commit()
    return participant


def every_value(app):
    """Every value in every table, encrypted columns decrypted, as (table, column, value)."""
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(select(table)).mappings():
                for column, value in row.items():
                    found.append((table.name, column, value))
    return found


def test_export_holds_everything_and_is_audited(
    app, client, make_user, login_as, canary_participant
):
    login_as(make_user(Role.COORDINATOR))
    response = client.get(f"/participants/{canary_participant.id}/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["participant"]["legal_name"] == CANARIES["legal_name"]
    assert data["participant"]["sensitive_terms"] == [CANARIES["term"]]
    assert data["login"]["email"] == CANARIES["email"]
    assert data["essays"][0]["versions"][0]["feedback"][0]["comments"].startswith("Dear")
    assert data["attendance"][0]["status"] == "excused"
    assert data["attendance"][0]["earlier"][0]["status"] == "absent"
    assert data["levels"][0]["level"] == "B1" and data["consents"][0]["pen_name"] == "canaryPen"
    assert data["publications"][0]["slug"] == "a1b2c3"
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "participant.export" in actions


def test_erasure_leaves_no_personal_data_anywhere(
    app, client, make_user, login_as, csrf_token, canary_participant
):
    login_as(make_user(Role.COORDINATOR))
    url = f"/participants/{canary_participant.id}/erase"
    refused = client.post(url, data={"csrf_token": csrf_token(url), "confirm": "erase"})
    assert "Type ERASE in capitals" in refused.get_data(as_text=True)
    response = client.post(url, data={"csrf_token": csrf_token(url), "confirm": "ERASE"})
    assert response.status_code == 302

    with app.app_context():
        hashes = {
            keyring().lookup_hash(CANARIES["legal_name"], "name"),
            keyring().lookup_hash(CANARIES["email"], "email"),
        }
    leaks = []
    for table, column, value in every_value(app):
        if isinstance(value, bytes | memoryview):
            if bytes(value) in hashes:
                leaks.append((table, column, "keyed hash"))
            continue
        text = json.dumps(value, default=str, ensure_ascii=False)
        leaks += [(table, column, name) for name, canary in CANARIES.items() if canary in text]
    assert leaks == []

    with app.app_context():
        erased = db.session.get(Participant, canary_participant.id)
        assert erased.erased_at is not None and erased.user.active is False
        assert db.session.scalar(select(Publication.withdrawn_at)) is not None
        assert db.session.scalar(select(Publication.live)) is False
        marks = db.session.scalars(select(AuditEvent.action)).all()
    assert "participant.erase" in marks
    # Anonymous counts stay: the mark, its history and the level entry are still there.
    tables = [table for table, _column, _value in every_value(app)]
    for kept in ("attendance_marks", "attendance_mark_changes", "level_assessments"):
        assert kept in tables
    page = client.get(f"/participants/{canary_participant.id}").get_data(as_text=True)
    assert "Erased participant" in page
    assert client.get(url).status_code == 404


def test_views_and_exports_are_audited_without_personal_data(
    app, client, make_user, login_as, canary_participant, exact_lookup
):
    login_as(make_user(Role.COORDINATOR))
    client.get(f"/participants/{canary_participant.id}")
    client.get(f"/participants/{canary_participant.id}/edit")
    client.get(f"/participants/{canary_participant.id}/export.json")
    client.get("/participants/", query_string={"match": exact_lookup(CANARIES["legal_name"])})
    with app.app_context():
        events = db.session.scalars(select(AuditEvent)).all()
        assert {e.action for e in events} >= {
            "participant.personal_data.view", "participant.export", "participant.lookup",
        }  # fmt: skip
        for event in events:
            text = json.dumps([event.action, event.object_type, event.detail], ensure_ascii=False)
            assert not any(canary in text for canary in CANARIES.values()), text
