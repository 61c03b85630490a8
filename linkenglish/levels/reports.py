"""The level report: where active participants stand, per program, and entries per quarter.

Every number comes from a grouped SQL query, so the report runs the same few queries
whatever the number of participants, on SQLite and PostgreSQL alike.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import extract, func, select

from linkenglish.extensions import db
from linkenglish.levels.scale import level_scale
from linkenglish.levels.services import current_level_id
from linkenglish.models import (
    CEFR,
    LevelAssessment,
    Participant,
    ParticipantStatus,
    ProficiencyLevel,
    Program,
)

QUARTERS_SHOWN = 8


@dataclass
class LevelGroup:
    """A CEFR level's row and the rows of its program sub-levels, with their total."""

    level: ProficiencyLevel
    count: int
    sub_levels: list[tuple[ProficiencyLevel, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Count participants at this CEFR level or one of its sub-levels."""
        return self.count + sum(count for _level, count in self.sub_levels)


@dataclass
class ProgramDistribution:
    """How many active participants of a program are at each current level."""

    program: Program
    groups: list[LevelGroup]
    unplaced: int

    @property
    def total(self) -> int:
        """Count every active participant of the program, placed or not."""
        return self.unplaced + sum(group.total for group in self.groups)

    def chart_rows(self) -> list[tuple[str, int, bool]]:
        """Return (label, count, is_sub_level) for the bar chart, lowest level first."""
        rows = []
        for group in self.groups:
            rows.append((group.level.code, group.count, False))
            rows += [(level.code, count, True) for level, count in group.sub_levels]
        return rows


def active_participants_by_level() -> dict[tuple[str, int | None], int]:
    """Count active participants (not archived, not erased) by program and current level."""
    placed = (
        select(Participant.program.label("program"), current_level_id().label("level_id"))
        .where(
            Participant.status == ParticipantStatus.ACTIVE,
            Participant.archived_at.is_(None),
            Participant.erased_at.is_(None),
        )
        .subquery()
    )
    rows = db.session.execute(
        select(placed.c.program, placed.c.level_id, func.count()).group_by(
            placed.c.program, placed.c.level_id
        )
    ).all()
    return {(str(program), level_id): count for program, level_id, count in rows}


def level_distribution() -> list[ProgramDistribution]:
    """Count each program's active participants by current level, in three queries."""
    programs = db.session.scalars(select(Program).order_by(Program.id)).all()
    scale = level_scale()
    counts = active_participants_by_level()
    report = []
    for program in programs:
        code = str(program.code)
        groups = {
            level.cefr: LevelGroup(level=level, count=counts.get((code, level.id), 0))
            for level in scale
            if level.program_id is None
        }
        for level in scale:
            count = counts.get((code, level.id), 0)
            # Another program's sub-level shows only if someone stands at it.
            if level.program_id is not None and (level.program_id == program.id or count):
                groups[level.cefr].sub_levels.append((level, count))
        report.append(
            ProgramDistribution(
                program=program,
                groups=[groups[cefr] for cefr in CEFR if cefr in groups],
                unplaced=counts.get((code, None), 0),
            )
        )
    return report


def quarter_start(day: date, back: int = 0) -> date:
    """Return the first day of day's quarter, or of the quarter back quarters before it."""
    quarters = day.year * 4 + (day.month - 1) // 3 - back
    return date(quarters // 4, quarters % 4 * 3 + 1, 1)


def level_progression(*, today: date) -> dict[str, list[tuple[date, dict[str, int]]]]:
    """Entries (not voided) per CEFR level per quarter for each program, recent quarters."""
    start = quarter_start(today, back=QUARTERS_SHOWN - 1)
    year = extract("year", LevelAssessment.assessed_on)
    month = extract("month", LevelAssessment.assessed_on)
    rows = db.session.execute(
        select(Participant.program, year, month, ProficiencyLevel.cefr, func.count())
        .join(Participant, Participant.id == LevelAssessment.participant_id)
        .join(ProficiencyLevel, ProficiencyLevel.id == LevelAssessment.level_id)
        .where(LevelAssessment.voided_at.is_(None), LevelAssessment.assessed_on >= start)
        .group_by(Participant.program, year, month, ProficiencyLevel.cefr)
    ).all()
    counted: dict[tuple[str, date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for program, entry_year, entry_month, cefr, count in rows:
        quarter = quarter_start(date(int(entry_year), int(entry_month), 1))
        counted[(str(program), quarter)][str(cefr)] += count
    quarters = [quarter_start(today, back=back) for back in range(QUARTERS_SHOWN - 1, -1, -1)]
    return {
        str(program): [(quarter, dict(counted[(str(program), quarter)])) for quarter in quarters]
        for program in {str(key[0]) for key in counted}
    }
