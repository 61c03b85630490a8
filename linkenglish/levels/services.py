"""Proficiency levels and each participant's level history."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from linkenglish.extensions import db
from linkenglish.models import (
    AssessmentMethod,
    LevelAssessment,
    Participant,
    ProficiencyLevel,
    User,
)
from linkenglish.models.programs import SKILLS


def level_by_code(code: str) -> ProficiencyLevel | None:
    """Find a level by its code, such as "B1"."""
    return db.session.scalar(select(ProficiencyLevel).where(ProficiencyLevel.code == code))


def level_assessment_record(
    *,
    participant: Participant,
    level: ProficiencyLevel,
    assessed_on: date,
    method: AssessmentMethod,
    by: User | None,
    external_test: str | None = None,
    external_score: Decimal | None = None,
    skill_scores: dict[str, Decimal] | None = None,
    note: str | None = None,
) -> LevelAssessment:
    """Add an entry to a participant's level history."""
    skill_scores = skill_scores or {}
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
    db.session.add(assessment)
    db.session.flush()
    return assessment


def participant_has_assessments(participant: Participant) -> bool:
    """Tell whether a participant has any level history yet."""
    return (
        db.session.scalar(
            select(LevelAssessment.id).where(LevelAssessment.participant_id == participant.id)
        )
        is not None
    )


def level_history(participant: Participant) -> list[LevelAssessment]:
    """A participant's level entries (not voided), newest first, levels loaded, one query."""
    return list(
        db.session.scalars(
            select(LevelAssessment)
            .options(joinedload(LevelAssessment.level))
            .where(
                LevelAssessment.participant_id == participant.id,
                LevelAssessment.voided_at.is_(None),
            )
            .order_by(LevelAssessment.assessed_on.desc(), LevelAssessment.id.desc())
        )
    )


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
