"""The level scale: the six CEFR levels and the sub-levels programs add between them."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from linkenglish.audit.services import audit_record
from linkenglish.extensions import db
from linkenglish.models import CEFR, ProficiencyLevel, Program, User


def level_scale() -> list[ProficiencyLevel]:
    """Return every level, lowest first, programs loaded."""
    return list(
        db.session.scalars(
            select(ProficiencyLevel)
            .options(joinedload(ProficiencyLevel.program))
            .order_by(ProficiencyLevel.rank, ProficiencyLevel.code)
        )
    )


def level_code_taken(*, code: str) -> bool:
    """Tell whether a level with this code exists already, ignoring case."""
    found = select(ProficiencyLevel.id).where(func.lower(ProficiencyLevel.code) == code.lower())
    return db.session.scalar(found) is not None


def cefr_rank_bounds(*, cefr: CEFR) -> tuple[int, int | None]:
    """Return the rank of a CEFR level and of the next one up (None above C2)."""
    ranks = dict(
        db.session.execute(
            select(ProficiencyLevel.cefr, ProficiencyLevel.rank).where(
                ProficiencyLevel.program_id.is_(None)
            )
        ).all()
    )
    order = list(CEFR)
    following = order[order.index(cefr) + 1] if cefr is not CEFR.C2 else None
    return ranks[cefr], ranks.get(following) if following else None


def proficiency_level_create(
    *, code: str, name: str, cefr: CEFR, program: Program, rank: int, by: User | None
) -> ProficiencyLevel:
    """Add a program's sub-level of a CEFR level, audited."""
    level = ProficiencyLevel(code=code, name=name, cefr=cefr, program_id=program.id, rank=rank)
    db.session.add(level)
    db.session.flush()
    audit_record(
        action="proficiency_level.create",
        actor=by,
        object_type="proficiency_level",
        object_id=level.id,
    )
    return level
