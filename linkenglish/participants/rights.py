"""A participant's data rights: everything held about them as JSON, and erasure."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import case, delete, select, update
from sqlalchemy.orm import joinedload, selectinload

from linkenglish.audit.services import audit_record
from linkenglish.extensions import db
from linkenglish.models import (
    AccountToken,
    AttendanceMark,
    AttendanceMarkChange,
    ClassSession,
    ConsentRecord,
    Enrollment,
    EnrollmentStatus,
    Essay,
    EssayDraft,
    EssayVersion,
    Feedback,
    LevelAssessment,
    LevelAssessmentChange,
    Participant,
    Publication,
    Redaction,
    User,
    utcnow,
)
from linkenglish.timeutil import to_local

FEEDBACK_FIELDS = ("comments", "task_band", "organisation_band", "vocabulary_band",
                   "grammar_band", "overall_band", "released_at")  # fmt: skip
CONSENT_FIELDS = ("kind", "version_id", "pen_name", "author_note", "scope_web", "scope_print",
                  "scope_social", "method", "method_note", "recorded_at")  # fmt: skip


def plain(value):
    """A JSON-ready form of a column value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def columns(instance, *names: str) -> dict:
    """The named attributes of a row, JSON-ready."""
    return {name: plain(getattr(instance, name)) for name in names}


def participant_export(*, participant: Participant, by: User) -> dict:
    """Gather everything held about one participant, and record that it was exported."""
    audit_record(
        action="participant.export", actor=by, object_type="participant", object_id=participant.id
    )
    marks = db.session.scalars(
        select(AttendanceMark)
        .options(selectinload(AttendanceMark.changes))
        .where(AttendanceMark.participant_id == participant.id)
        .order_by(AttendanceMark.id)
    ).all()
    sessions = {
        session.id: session
        for session in db.session.scalars(
            select(ClassSession)
            .options(joinedload(ClassSession.cohort))
            .where(ClassSession.id.in_({mark.session_id for mark in marks}))
        )
    }
    essays = db.session.scalars(
        select(Essay)
        .options(selectinload(Essay.versions), joinedload(Essay.draft))
        .where(Essay.participant_id == participant.id)
        .order_by(Essay.id)
    ).all()
    version_ids = [version.id for essay in essays for version in essay.versions]
    feedback = db.session.scalars(
        select(Feedback).where(Feedback.version_id.in_(version_ids)).order_by(Feedback.id)
    ).all()
    levels = db.session.scalars(
        select(LevelAssessment)
        .options(joinedload(LevelAssessment.level), selectinload(LevelAssessment.changes))
        .where(LevelAssessment.participant_id == participant.id)
        .order_by(LevelAssessment.assessed_on, LevelAssessment.id)
    ).all()
    enrollments = db.session.scalars(
        select(Enrollment)
        .options(joinedload(Enrollment.cohort))
        .where(Enrollment.participant_id == participant.id)
        .order_by(Enrollment.enrolled_on)
    ).all()
    consents = db.session.scalars(
        select(ConsentRecord)
        .where(ConsentRecord.participant_id == participant.id)
        .order_by(ConsentRecord.id)
    ).all()
    publications = db.session.scalars(
        select(Publication)
        .where(Publication.consent_id.in_([consent.id for consent in consents]))
        .order_by(Publication.id)
    ).all()
    redactions = db.session.scalars(
        select(Redaction)
        .where(Redaction.essay_id.in_([essay.id for essay in essays]))
        .order_by(Redaction.id)
    ).all()
    user = participant.user
    return {
        "exported_at": plain(utcnow()),
        "participant": {
            **columns(participant, "id", "legal_name", "preferred_name", "email", "phone"),
            **columns(participant, "notes", "program", "status", "created_at", "archived_at"),
            "sensitive_terms": participant.sensitive_term_list,
        },
        "login": columns(user, "email", "role", "active", "created_at", "last_login_at")
        if user
        else None,
        "enrollments": [
            {"cohort": e.cohort.name, **columns(e, "status", "enrolled_on", "ended_on")}
            for e in enrollments
        ],
        "levels": [
            {
                "level": entry.level.code,
                **columns(entry, "assessed_on", "method", "external_test", "external_score"),
                **columns(entry, "speaking_score", "listening_score", "reading_score"),
                **columns(entry, "writing_score", "note", "recorded_at", "voided_at"),
                "corrections": [change.previous for change in entry.changes],
            }
            for entry in levels
        ],
        "attendance": [
            {
                "cohort": sessions[mark.session_id].cohort.name,
                "session_starts_at": plain(sessions[mark.session_id].starts_at),
                **columns(mark, "status", "remark", "recorded_at"),
                "earlier": [columns(c, "status", "remark", "recorded_at") for c in mark.changes],
            }
            for mark in marks
        ],
        "essays": [
            {
                **columns(essay, "id", "prompt_id", "status", "created_at"),
                "draft": columns(essay.draft, "title", "body", "revision", "saved_at")
                if essay.draft
                else None,
                "versions": [
                    {
                        **columns(v, "number", "kind", "title", "body", "late", "created_at"),
                        "feedback": [
                            columns(f, *FEEDBACK_FIELDS) for f in feedback if f.version_id == v.id
                        ],
                    }
                    for v in essay.versions
                ],
            }
            for essay in essays
        ],
        "consents": [columns(c, *CONSENT_FIELDS) for c in consents],
        "publications": [
            columns(p, "slug", "published_at", "withdrawn_at", "withdrawal_reason")
            for p in publications
        ],
        "redactions": [
            columns(r, "source_version_id", "version_id", "reason", "redacted_at")
            for r in redactions
        ],
    }


def participant_erase(*, participant: Participant, by: User) -> None:
    """Erase a participant: personal fields and keyed hashes cleared, login disabled, open
    enrollments withdrawn today, publications withdrawn, essay text and notes removed;
    anonymous counts are kept."""
    now = utcnow()
    participant.legal_name = None
    participant.email = None
    participant.phone = participant.notes = participant.sensitive_terms = None
    participant.preferred_name = ""
    participant.erased_at = participant.archived_at = now
    user = participant.user
    if user is not None:
        user.email = None
        user.display_name = user.password_hash = None
        user.calendar_token = user.calendar_token_hash = None
        user.active = False
        user.session_version += 1
        db.session.execute(delete(AccountToken).where(AccountToken.user_id == user.id))

    essay_ids = select(Essay.id).where(Essay.participant_id == participant.id)
    version_ids = select(EssayVersion.id).where(EssayVersion.essay_id.in_(essay_ids))
    consent_ids = select(ConsentRecord.id).where(ConsentRecord.participant_id == participant.id)
    mark_ids = select(AttendanceMark.id).where(AttendanceMark.participant_id == participant.id)
    entry_ids = select(LevelAssessment.id).where(LevelAssessment.participant_id == participant.id)
    today = to_local(now).date()
    for statement in (
        # The place is freed; days before today keep counting, so past rates stay as they were.
        update(Enrollment)
        .where(
            Enrollment.participant_id == participant.id,
            Enrollment.status == EnrollmentStatus.ACTIVE,
        )
        .values(
            status=EnrollmentStatus.WITHDRAWN,
            # Not yet begun: it ends the day it would have started, the earliest allowed.
            ended_on=case((Enrollment.enrolled_on > today, Enrollment.enrolled_on), else_=today),
        ),
        update(Publication)
        .where(Publication.consent_id.in_(consent_ids), Publication.withdrawn_at.is_(None))
        .values(live=False, withdrawn_at=now, withdrawn_by_id=by.id, withdrawal_reason="erasure"),
        update(EssayDraft).where(EssayDraft.essay_id.in_(essay_ids)).values(title="", body=""),
        # The append-only guards allow exactly these blanking updates.
        update(EssayVersion).where(EssayVersion.id.in_(version_ids)).values(title="", body=""),
        update(ConsentRecord)
        .where(ConsentRecord.id.in_(consent_ids))
        .values(pen_name="", author_note=None, method_note=None),
        update(Feedback).where(Feedback.version_id.in_(version_ids)).values(comments=""),
        update(Redaction).where(Redaction.essay_id.in_(essay_ids)).values(reason=None),
        update(AttendanceMark).where(AttendanceMark.id.in_(mark_ids)).values(remark=None),
        update(AttendanceMarkChange)
        .where(AttendanceMarkChange.mark_id.in_(mark_ids))
        .values(remark=None),
        update(LevelAssessment).where(LevelAssessment.id.in_(entry_ids)).values(note=None),
        update(LevelAssessmentChange)
        .where(LevelAssessmentChange.assessment_id.in_(entry_ids))
        .values(previous={}),
    ):
        db.session.execute(statement.execution_options(synchronize_session=False))
    audit_record(
        action="participant.erase", actor=by, object_type="participant", object_id=participant.id
    )
    db.session.flush()
