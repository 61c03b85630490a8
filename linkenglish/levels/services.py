"""Proficiency levels and each participant's level history."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from linkenglish.audit.services import audit_record
from linkenglish.extensions import db
from linkenglish.models import (
    AssessmentMethod,
    LevelAssessment,
    LevelAssessmentChange,
    Participant,
    ProficiencyLevel,
    Program,
    User,
    utcnow,
)
from linkenglish.models.programs import SKILLS

# The fields a correction may change, in the order the page lists them.
CORRECTABLE = (
    "level",
    "assessed_on",
    "method",
    "external_test",
    "external_score",
    *(f"{skill}_score" for skill in SKILLS),
    "note",
)


def level_by_code(code: str) -> ProficiencyLevel | None:
    """Find a level by its code, such as "B1"."""
    return db.session.scalar(select(ProficiencyLevel).where(ProficiencyLevel.code == code))


def level_choices(
    *, participant: Participant, keep_id: int | None = None
) -> list[ProficiencyLevel]:
    """Return the levels a participant can be placed at: CEFR and their program's sub-levels."""
    return list(
        db.session.scalars(
            select(ProficiencyLevel)
            .outerjoin(Program, Program.id == ProficiencyLevel.program_id)
            .where(
                or_(
                    ProficiencyLevel.program_id.is_(None),
                    Program.code == participant.program,
                    ProficiencyLevel.id == keep_id,
                )
            )
            .order_by(ProficiencyLevel.rank, ProficiencyLevel.code)
        )
    )


def level_assessment_record(
    *,
    participant: Participant,
    level: ProficiencyLevel,
    assessed_on: date,
    method: AssessmentMethod,
    by: User | None,
    external_test: str | None = None,
    external_score: Decimal | None = None,
    skill_scores: dict[str, Decimal | None] | None = None,
    note: str | None = None,
) -> LevelAssessment:
    """Add an entry to a participant's level history, audited; unscored skills stay empty."""
    skill_scores = {
        skill: score for skill, score in (skill_scores or {}).items() if score is not None
    }
    unknown = set(skill_scores) - set(SKILLS)
    if unknown:
        raise ValueError(f"Unknown skills: {', '.join(sorted(unknown))}")
    if method is AssessmentMethod.EXTERNAL_TEST and not external_test:
        raise ValueError("An external test needs its name, such as Aptis or IELTS.")
    assessment = LevelAssessment(
        participant_id=participant.id,
        level_id=level.id,
        assessed_on=assessed_on,
        method=method,
        external_test=external_test,
        external_score=external_score,
        note=note,
        recorded_by_id=by.id if by else None,
        **{f"{skill}_score": score for skill, score in skill_scores.items()},
    )
    return level_assessments_add(assessments=[assessment], by=by)[0]


def level_assessments_record(
    *,
    placements: Sequence[tuple[Participant, ProficiencyLevel]],
    assessed_on: date,
    method: AssessmentMethod,
    by: User | None,
) -> list[LevelAssessment]:
    """Add one entry, without scores, to each of several participants' level histories in
    one flush; each entry audited as level_assessment_record audits it."""
    if method is AssessmentMethod.EXTERNAL_TEST:
        raise ValueError("An external test needs its name, such as Aptis or IELTS.")
    assessments = [
        LevelAssessment(
            participant_id=participant.id,
            level_id=level.id,
            assessed_on=assessed_on,
            method=method,
            recorded_by_id=by.id if by else None,
        )
        for participant, level in placements
    ]
    return level_assessments_add(assessments=assessments, by=by)


def level_assessments_add(
    *, assessments: list[LevelAssessment], by: User | None
) -> list[LevelAssessment]:
    """Save new entries in one flush and record each in the audit log."""
    db.session.add_all(assessments)
    db.session.flush()
    for assessment in assessments:
        audit_record(
            action="level_assessment.record",
            actor=by,
            object_type="level_assessment",
            object_id=assessment.id,
            detail={"participant_id": assessment.participant_id},
        )
    return assessments


def level_assessment_get(
    *, participant: Participant, assessment_id: int, lock: bool = False
) -> LevelAssessment | None:
    """Return a participant's entry that is not voided, or None; lock it to change it."""
    query = select(LevelAssessment).where(
        LevelAssessment.id == assessment_id,
        LevelAssessment.participant_id == participant.id,
        LevelAssessment.voided_at.is_(None),
    )
    if lock:
        query = query.with_for_update()
    return db.session.scalar(query)


def json_ready(value) -> str | None:
    """Turn a field's value into text for the change record (None stays None)."""
    if value is None:
        return None
    if isinstance(value, ProficiencyLevel):
        return value.code
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.1")))  # 7 and 7.0 are the same score
    return str(value)


def level_assessment_correct(
    *,
    assessment: LevelAssessment,
    by: User,
    level: ProficiencyLevel,
    assessed_on: date,
    method: AssessmentMethod,
    external_test: str | None,
    external_score: Decimal | None,
    skill_scores: dict[str, Decimal | None],
    note: str | None,
) -> LevelAssessmentChange | None:
    """Correct an entry, keeping its earlier values in a change record; None if unchanged."""
    if method is AssessmentMethod.EXTERNAL_TEST and not external_test:
        raise ValueError("An external test needs its name, such as Aptis or IELTS.")
    wanted = {
        "level": level,
        "assessed_on": assessed_on,
        "method": method,
        "external_test": external_test,
        "external_score": external_score,
        **{f"{skill}_score": skill_scores.get(skill) for skill in SKILLS},
        "note": note,
    }
    previous = {
        field: json_ready(getattr(assessment, field))
        for field in CORRECTABLE
        if json_ready(getattr(assessment, field)) != json_ready(wanted[field])
    }
    if not previous:
        return None
    change = LevelAssessmentChange(assessment=assessment, previous=previous, changed_by_id=by.id)
    db.session.add(change)
    for field in previous:
        setattr(assessment, field, wanted[field])
    db.session.flush()
    audit_record(
        action="level_assessment.correct",
        actor=by,
        object_type="level_assessment",
        object_id=assessment.id,
        detail={"participant_id": assessment.participant_id, "fields": sorted(previous)},
    )
    return change


def level_assessment_void(
    *, assessment: LevelAssessment, by: User, reason: str
) -> LevelAssessmentChange:
    """Void a mistaken entry: it leaves the history and the current level but stays on record."""
    if assessment.voided_at is not None:
        raise ValueError("This entry is voided already.")
    change = LevelAssessmentChange(
        assessment=assessment, previous={"void_reason": reason}, changed_by_id=by.id
    )
    db.session.add(change)
    assessment.voided_at = utcnow()
    assessment.voided_by_id = by.id
    db.session.flush()
    audit_record(
        action="level_assessment.void",
        actor=by,
        object_type="level_assessment",
        object_id=assessment.id,
        detail={"participant_id": assessment.participant_id},
    )
    return change


def history_query(participant: Participant, *, voided: bool):
    """Select a participant's entries, voided or not, with what the page shows loaded."""
    return (
        select(LevelAssessment)
        .options(
            joinedload(LevelAssessment.level),
            joinedload(LevelAssessment.recorded_by).load_only(User.id, User.display_name),
            selectinload(LevelAssessment.changes)
            .joinedload(LevelAssessmentChange.changed_by)
            .load_only(User.id, User.display_name),
        )
        .where(
            LevelAssessment.participant_id == participant.id,
            LevelAssessment.voided_at.is_not(None)
            if voided
            else LevelAssessment.voided_at.is_(None),
        )
        .order_by(LevelAssessment.assessed_on.desc(), LevelAssessment.id.desc())
    )


def level_history(participant: Participant) -> list[LevelAssessment]:
    """Return a participant's entries that are not voided, newest first, in fixed queries."""
    return list(db.session.scalars(history_query(participant, voided=False)).unique())


def level_history_voided(*, participant: Participant) -> list[LevelAssessment]:
    """Return a participant's voided entries, newest first: off the history, still on record."""
    return list(db.session.scalars(history_query(participant, voided=True)).unique())


def current_level_id():
    """A correlated subquery for a participant's current level: their latest entry that is
    not voided (latest by assessment date, then by entry). Use with Participant in FROM."""
    return (
        select(LevelAssessment.level_id)
        .where(
            LevelAssessment.participant_id == Participant.id,
            LevelAssessment.voided_at.is_(None),
        )
        .order_by(LevelAssessment.assessed_on.desc(), LevelAssessment.id.desc())
        .limit(1)
        .correlate(Participant)
        .scalar_subquery()
    )
