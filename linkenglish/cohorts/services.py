"""Cohorts, enrollment and teacher assignment."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from linkenglish.extensions import db
from linkenglish.levels.services import current_level_id
from linkenglish.models import (
    ClassSession,
    Cohort,
    CohortTeacher,
    Enrollment,
    EnrollmentStatus,
    Participant,
    PartnerOrganisation,
    ProficiencyLevel,
    Program,
    ProgramCode,
    Role,
    User,
    utcnow,
)
from linkenglish.visibility import participant_listed, visible_cohorts_condition


class EnrollmentError(ValueError):
    """An enrollment the rules do not allow; the message says why."""


def program_by_code(code: ProgramCode) -> Program:
    """Return the built-in program with this code."""
    return db.session.scalar(select(Program).where(Program.code == code))


def cohort_by_name(*, program: Program, name: str) -> Cohort | None:
    """Find a program's cohort by name."""
    return db.session.scalar(
        select(Cohort).where(Cohort.program_id == program.id, Cohort.name == name)
    )


def cohort_create(
    *,
    program: Program,
    name: str,
    starts_on: date,
    ends_on: date,
    target_level: ProficiencyLevel | None = None,
    capacity: int | None = None,
    partner: PartnerOrganisation | None = None,
) -> Cohort:
    """Create a cohort of a program for one term."""
    if ends_on <= starts_on:
        raise ValueError("A cohort ends after it starts.")
    cohort = Cohort(
        program_id=program.id,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        target_level_id=target_level.id if target_level else None,
        capacity=capacity,
        partner_id=partner.id if partner else None,
    )
    db.session.add(cohort)
    db.session.flush()
    return cohort


def active_enrollment_count(cohort: Cohort) -> int:
    """Count the participants actively enrolled in a cohort."""
    return db.session.scalar(
        select(func.count())
        .select_from(Enrollment)
        .where(Enrollment.cohort_id == cohort.id, Enrollment.status == EnrollmentStatus.ACTIVE)
    )


def enrollment_add(*, cohort: Cohort, participant: Participant, enrolled_on: date) -> Enrollment:
    """Enroll a participant in a cohort, within its capacity, once."""
    existing = db.session.scalar(
        select(Enrollment).where(
            Enrollment.cohort_id == cohort.id, Enrollment.participant_id == participant.id
        )
    )
    if existing is not None:
        raise EnrollmentError("This participant is already in this cohort.")
    if cohort.capacity is not None and active_enrollment_count(cohort) >= cohort.capacity:
        raise EnrollmentError(f"This cohort is full ({cohort.capacity} places).")
    enrollment = Enrollment(
        cohort_id=cohort.id,
        participant_id=participant.id,
        enrolled_on=enrolled_on,
        status=EnrollmentStatus.ACTIVE,
    )
    db.session.add(enrollment)
    db.session.flush()
    return enrollment


def enrollment_end(*, enrollment: Enrollment, status: EnrollmentStatus, ended_on: date) -> None:
    """Mark an enrollment completed or withdrawn as of a date; the row stays as history."""
    if status is EnrollmentStatus.ACTIVE:
        raise EnrollmentError("Ending an enrollment makes it completed or withdrawn.")
    if ended_on < enrollment.enrolled_on:
        raise EnrollmentError("An enrollment cannot end before it started.")
    enrollment.status = status
    enrollment.ended_on = ended_on
    db.session.flush()


def cohort_teacher_assign(*, cohort: Cohort, user: User, by: User | None) -> CohortTeacher:
    """Assign a partner user to teach a cohort (idempotent)."""
    if user.role is not Role.PARTNER:
        raise ValueError("Only partner users teach cohorts.")
    assignment = db.session.get(CohortTeacher, (cohort.id, user.id))
    if assignment is None:
        assignment = CohortTeacher(
            cohort_id=cohort.id,
            user_id=user.id,
            user_role=Role.PARTNER.value,
            assigned_by_id=by.id if by else None,
        )
        db.session.add(assignment)
        db.session.flush()
    return assignment


def cohort_summaries(*, user: User, include_closed: bool = False) -> list:
    """The cohorts this user may see, with active enrollments and sessions held and
    scheduled; one query whatever the number of cohorts."""
    active = (
        select(func.count())
        .where(Enrollment.cohort_id == Cohort.id, Enrollment.status == EnrollmentStatus.ACTIVE)
        .correlate(Cohort)
        .scalar_subquery()
    )
    not_cancelled = (ClassSession.cohort_id == Cohort.id) & ~ClassSession.cancelled
    held = (
        select(func.count())
        .where(not_cancelled, ClassSession.starts_at < utcnow())
        .correlate(Cohort)
        .scalar_subquery()
    )
    scheduled = select(func.count()).where(not_cancelled).correlate(Cohort).scalar_subquery()
    query = (
        select(
            Cohort,
            Program.code,
            active.label("active"),
            held.label("held"),
            scheduled.label("scheduled"),
        )
        .join(Program, Program.id == Cohort.program_id)
        .where(visible_cohorts_condition(user))
        .order_by(Cohort.starts_on.desc(), Cohort.name)
    )
    if not include_closed:
        query = query.where(Cohort.closed_at.is_(None))
    return db.session.execute(query).all()


def participant_enrollments(participant: Participant) -> list[Enrollment]:
    """Every cohort a participant was ever in, newest first (one query)."""
    return list(
        db.session.scalars(
            select(Enrollment)
            .options(joinedload(Enrollment.cohort).joinedload(Cohort.program))
            .where(Enrollment.participant_id == participant.id)
            .order_by(Enrollment.enrolled_on.desc(), Enrollment.id.desc())
        )
    )


@dataclass(frozen=True)
class RosterRow:
    """One participant on a cohort's roster."""

    enrollment: Enrollment
    participant: Participant
    level_code: str | None


def cohort_roster(cohort: Cohort) -> list[RosterRow]:
    """Everyone ever enrolled in a cohort and not erased, with their current level, by
    preferred name; one query whatever the size of the cohort."""
    rows = db.session.execute(
        select(Enrollment, Participant, ProficiencyLevel.code)
        .join(Participant, Participant.id == Enrollment.participant_id)
        .outerjoin(ProficiencyLevel, ProficiencyLevel.id == current_level_id())
        .where(Enrollment.cohort_id == cohort.id, participant_listed())
        .order_by(Participant.preferred_name, Participant.id)
    ).all()
    return [RosterRow(*row) for row in rows]


def cohort_teacher_candidates(cohort: Cohort, current_id: int | None = None) -> list[User]:
    """Who may teach the cohort: its teaching partner's active users, plus current_id (a
    session's present teacher) so that a form can keep showing them."""
    chosen = []
    if cohort.partner_id is not None:
        chosen.append((User.partner_id == cohort.partner_id) & User.active.is_(True))
    if current_id is not None:
        chosen.append(User.id == current_id)
    if not chosen:
        return []
    query = select(User).where(or_(*chosen)).order_by(User.display_name, User.id)
    return list(db.session.scalars(query))
