"""Moving a cohort's first or last day: the one place that does, with the enrollments on them."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from linkenglish.audit.services import audit_record
from linkenglish.extensions import db
from linkenglish.models import Cohort, Enrollment, Participant, User


@dataclass(frozen=True)
class EnrollmentDates:
    """One enrollment in a dates plan: whose it is, its dates now and after the move."""

    enrollment: Enrollment
    name: str
    enrolled_on: date
    ended_on: date | None

    @property
    def moves(self) -> bool:
        """Tell whether the move changes this enrollment's dates."""
        return (self.enrolled_on, self.ended_on) != (
            self.enrollment.enrolled_on,
            self.enrollment.ended_on,
        )


@dataclass(frozen=True)
class DatesPlan:
    """What moving a cohort's dates does: the enrollments that move and those left alone."""

    starts_on: tuple[date, date]
    ends_on: tuple[date, date]
    moving: list[EnrollmentDates] = field(default_factory=list)
    staying: list[EnrollmentDates] = field(default_factory=list)

    @property
    def changes_dates(self) -> bool:
        """Tell whether the cohort's first or last day changes at all."""
        return self.starts_on[0] != self.starts_on[1] or self.ends_on[0] != self.ends_on[1]


class DatesMoveUnconfirmed(Exception):
    """Enrollments would move with the cohort's dates, and nobody confirmed that many."""

    def __init__(self, plan: DatesPlan):
        super().__init__(f"{len(plan.moving)} enrollments move")
        self.plan = plan


def cohort_dates_plan(
    *, cohort: Cohort, starts_on: date, ends_on: date, lock: bool = False
) -> DatesPlan:
    """Say which enrollments move: those on the old first or last day that still end after
    they start."""
    plan = DatesPlan(starts_on=(cohort.starts_on, starts_on), ends_on=(cohort.ends_on, ends_on))
    if not plan.changes_dates:
        return plan
    query = (
        select(Enrollment, Participant.preferred_name)
        .join(Participant, Participant.id == Enrollment.participant_id)
        .where(Enrollment.cohort_id == cohort.id)
        .order_by(Participant.preferred_name, Participant.id)
    )
    for enrollment, name in db.session.execute(query.with_for_update() if lock else query):
        enrolled_on, ended_on = enrollment.enrolled_on, enrollment.ended_on
        if enrolled_on == cohort.starts_on:
            enrolled_on = starts_on
        if ended_on is not None and ended_on == cohort.ends_on:
            ended_on = ends_on
        if ended_on is not None and ended_on < enrolled_on:
            enrolled_on, ended_on = enrollment.enrolled_on, enrollment.ended_on
        entry = EnrollmentDates(enrollment, name, enrolled_on, ended_on)
        (plan.moving if entry.moves else plan.staying).append(entry)
    return plan


def cohort_dates_move(
    *, cohort: Cohort, starts_on: date, ends_on: date, by: User, confirmed: int | None
) -> DatesPlan:
    """Move a cohort's dates and the enrollments on the old ones, once their count is
    confirmed (else DatesMoveUnconfirmed, before any change); audit every one moved."""
    if (starts_on, ends_on) != (cohort.starts_on, cohort.ends_on):
        # Plan from the dates as they are now, not as another coordinator found them.
        db.session.refresh(cohort, with_for_update=True)
    plan = cohort_dates_plan(cohort=cohort, starts_on=starts_on, ends_on=ends_on, lock=True)
    if not plan.changes_dates:
        return plan
    if plan.moving and confirmed != len(plan.moving):
        raise DatesMoveUnconfirmed(plan)
    moved = []
    for entry in plan.moving:
        enrollment = entry.enrollment
        moved.append(
            {
                "id": enrollment.id,
                "before": [enrollment.enrolled_on.isoformat(), iso(enrollment.ended_on)],
                "after": [entry.enrolled_on.isoformat(), iso(entry.ended_on)],
            }
        )
        enrollment.enrolled_on, enrollment.ended_on = entry.enrolled_on, entry.ended_on
    cohort.starts_on, cohort.ends_on = starts_on, ends_on
    audit_record(
        action="cohort.dates.move",
        actor=by,
        object_type="cohort",
        object_id=cohort.id,
        detail={
            "starts_on": [day.isoformat() for day in plan.starts_on],
            "ends_on": [day.isoformat() for day in plan.ends_on],
            "enrollments": moved,
        },
    )
    db.session.flush()
    return plan


def iso(day: date | None) -> str | None:
    """A date as ISO text, or None."""
    return day.isoformat() if day else None
