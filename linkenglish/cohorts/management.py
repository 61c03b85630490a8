"""Changing cohorts: details, closing, teachers, and enrollments in bulk or one by one."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete, select

from linkenglish.audit.services import audit_record
from linkenglish.cohorts.dates import cohort_dates_move
from linkenglish.cohorts.services import EnrollmentError, active_enrollment_count
from linkenglish.extensions import db
from linkenglish.models import (
    Cohort,
    CohortTeacher,
    Enrollment,
    EnrollmentStatus,
    Participant,
    Role,
    User,
    utcnow,
)

COHORT_FIELDS = (
    "program_id",
    "name",
    "starts_on",
    "ends_on",
    "target_level_id",
    "capacity",
    "partner_id",
)


def cohort_update(
    *, cohort: Cohort, by: User, moves_confirmed: int | None = None, **values
) -> list[str]:
    """Change a cohort's details and return the fields changed; see cohort_dates_move."""
    unknown = set(values) - set(COHORT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    starts_on = values.pop("starts_on", cohort.starts_on)
    ends_on = values.pop("ends_on", cohort.ends_on)
    if ends_on <= starts_on:
        raise ValueError(_("A cohort ends after it starts."))
    dates = cohort_dates_move(
        cohort=cohort, starts_on=starts_on, ends_on=ends_on, by=by, confirmed=moves_confirmed
    )
    changed = sorted(name for name, value in values.items() if getattr(cohort, name) != value)
    for name in changed:
        setattr(cohort, name, values[name])
    if "partner_id" in changed:
        # Teachers belong to the teaching organisation; a new partner brings new teachers.
        db.session.execute(
            delete(CohortTeacher).where(
                CohortTeacher.cohort_id == cohort.id,
                CohortTeacher.user_id.not_in(
                    select(User.id).where(User.partner_id == cohort.partner_id)
                ),
            )
        )
    if changed:
        audit_record(
            action="cohort.update",
            actor=by,
            object_type="cohort",
            object_id=cohort.id,
            detail={"fields": changed},
        )
    db.session.flush()
    moved_dates = [
        name
        for name, (old, new) in (("starts_on", dates.starts_on), ("ends_on", dates.ends_on))
        if old != new
    ]
    return sorted(changed + moved_dates)


def cohort_close(*, cohort: Cohort, by: User, closed: bool) -> None:
    """Close a cohort (it leaves the dashboards and pickers) or open it again."""
    cohort.closed_at = utcnow() if closed else None
    audit_record(
        action="cohort.close" if closed else "cohort.reopen",
        actor=by,
        object_type="cohort",
        object_id=cohort.id,
    )
    db.session.flush()


def cohort_teachers_set(*, cohort: Cohort, users: list[User], by: User) -> None:
    """Make exactly these partner users the cohort's teachers."""
    if any(user.role is not Role.PARTNER for user in users):
        raise ValueError(_("Only partner users teach cohorts."))
    wanted = {user.id for user in users}
    current = set(
        db.session.scalars(
            select(CohortTeacher.user_id).where(CohortTeacher.cohort_id == cohort.id)
        )
    )
    if current - wanted:
        db.session.execute(
            delete(CohortTeacher).where(
                CohortTeacher.cohort_id == cohort.id, CohortTeacher.user_id.in_(current - wanted)
            )
        )
    for user_id in sorted(wanted - current):
        db.session.add(
            CohortTeacher(
                cohort_id=cohort.id,
                user_id=user_id,
                user_role=Role.PARTNER.value,
                assigned_by_id=by.id,
            )
        )
    if wanted != current:
        audit_record(
            action="cohort.teachers.set",
            actor=by,
            object_type="cohort",
            object_id=cohort.id,
            detail={"teacher_ids": sorted(wanted)},
        )
    db.session.flush()


def enrollments_add(
    *, cohort: Cohort, participants: list[Participant], enrolled_on: date, by: User
) -> list[Enrollment]:
    """Enroll several participants at once: all of them, or none when a rule says no."""
    if cohort.closed_at is not None:
        raise EnrollmentError(_("This cohort is closed."))
    ids = [participant.id for participant in participants]
    already = set(
        db.session.scalars(
            select(Enrollment.participant_id).where(
                Enrollment.cohort_id == cohort.id, Enrollment.participant_id.in_(ids)
            )
        )
    )
    if already:
        names = ", ".join(p.preferred_name for p in participants if p.id in already)
        raise EnrollmentError(_("Already in this cohort: %(names)s.", names=names))
    if cohort.capacity is not None:
        free = cohort.capacity - active_enrollment_count(cohort)
        if len(participants) > free:
            raise EnrollmentError(
                _(
                    "This cohort has %(free)s free places of %(capacity)s; you chose %(count)s.",
                    free=max(free, 0),
                    capacity=cohort.capacity,
                    count=len(participants),
                )
            )
    enrollments = [
        Enrollment(
            cohort_id=cohort.id,
            participant_id=participant_id,
            enrolled_on=enrolled_on,
            status=EnrollmentStatus.ACTIVE,
        )
        for participant_id in ids
    ]
    db.session.add_all(enrollments)
    audit_record(
        action="enrollment.add",
        actor=by,
        object_type="cohort",
        object_id=cohort.id,
        detail={"participant_ids": ids},
    )
    db.session.flush()
    return enrollments


def enrollment_update(
    *,
    enrollment: Enrollment,
    status: EnrollmentStatus,
    enrolled_on: date,
    ended_on: date | None,
    by: User,
) -> None:
    """Change an enrollment's status and dates; the row stays, so its history does too."""
    if enrollment.participant.erased_at is not None:
        # Erasure withdrew it and freed the place; only anonymous counts remain to keep.
        raise EnrollmentError(_("This participant was erased; their enrollment stays as it is."))
    if status is EnrollmentStatus.ACTIVE:
        ended_on = None
        if enrollment.status is not EnrollmentStatus.ACTIVE:
            cohort = db.session.get(Cohort, enrollment.cohort_id)
            full = (
                cohort.capacity is not None and active_enrollment_count(cohort) >= cohort.capacity
            )
            if full:
                raise EnrollmentError(
                    _("This cohort is full (%(count)s places).", count=cohort.capacity)
                )
    elif ended_on is None:
        raise EnrollmentError(_("Give the date the enrollment ended."))
    if ended_on is not None and ended_on < enrolled_on:
        raise EnrollmentError(_("An enrollment cannot end before it started."))
    before = {
        "status": enrollment.status.value,
        "enrolled_on": enrollment.enrolled_on.isoformat(),
        "ended_on": enrollment.ended_on.isoformat() if enrollment.ended_on else None,
    }
    enrollment.status, enrollment.enrolled_on, enrollment.ended_on = status, enrolled_on, ended_on
    audit_record(
        action="enrollment.update",
        actor=by,
        object_type="enrollment",
        object_id=enrollment.id,
        detail={"before": before, "status": status.value},
    )
    db.session.flush()
