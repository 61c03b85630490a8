"""Cohorts, enrollment and teacher assignment."""

from datetime import date

from sqlalchemy import func, select

from linkenglish.extensions import db
from linkenglish.models import (
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
)


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
