"""Enrolling participants in a cohort, and changing an enrollment's status and dates."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from linkenglish.authz import get_cohort_or_404, role_required
from linkenglish.cohorts.forms import EnrollForm, EnrollmentForm
from linkenglish.cohorts.management import enrollment_update, enrollments_add
from linkenglish.cohorts.services import EnrollmentError, active_enrollment_count
from linkenglish.extensions import db
from linkenglish.forms import select_choices
from linkenglish.models import (
    Cohort,
    Enrollment,
    EnrollmentStatus,
    Participant,
    ParticipantStatus,
    Program,
    Role,
    utcnow,
)
from linkenglish.timeutil import to_local

bp = Blueprint("enrollments", __name__, url_prefix="/cohorts")
CHECKLIST_LIMIT = 200


def candidates(cohort: Cohort, search: str, any_program: bool) -> list[Participant]:
    """Participants who could join: active, not archived, not in the cohort yet."""
    query = (
        select(Participant)
        .where(
            Participant.status == ParticipantStatus.ACTIVE,
            Participant.archived_at.is_(None),
            Participant.id.not_in(
                select(Enrollment.participant_id).where(Enrollment.cohort_id == cohort.id)
            ),
        )
        .order_by(Participant.preferred_name, Participant.id)
        .limit(CHECKLIST_LIMIT)
    )
    if not any_program:
        program = db.session.get(Program, cohort.program_id)
        query = query.where(Participant.program == program.code)
    if search:
        query = query.where(Participant.preferred_name.icontains(search, autoescape=True))
    return list(db.session.scalars(query))


@bp.route("/<int:cohort_id>/enroll", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def add(cohort_id: int):
    """Enroll one or many participants, ticked in a searchable checklist."""
    cohort = get_cohort_or_404(cohort_id, current_user)
    search = request.values.get("q", "").strip()[:100]
    any_program = request.values.get("any_program") == "1"
    people = candidates(cohort, search, any_program)
    form = EnrollForm()
    form.participants.choices = select_choices((p.id, p.preferred_name) for p in people)
    if request.method == "GET":
        form.enrolled_on.data = max(cohort.starts_on, to_local(utcnow()).date())
    if form.validate_on_submit():
        chosen = [p for p in people if p.id in set(form.participants.data)]
        try:
            enrollments_add(
                cohort=cohort,
                participants=chosen,
                enrolled_on=form.enrolled_on.data,
                by=current_user,
            )
        except EnrollmentError as error:
            form.participants.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("%(count)s enrolled.", count=len(chosen)), "success")
            return redirect(url_for("cohorts.detail", cohort_id=cohort.id))
    return render_template(
        "cohorts/enroll.html",
        cohort=cohort,
        form=form,
        search=search,
        any_program=any_program,
        limited=len(people) == CHECKLIST_LIMIT,
        active_count=active_enrollment_count(cohort),
    )


@bp.route("/<int:cohort_id>/enrollments/<int:enrollment_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit(cohort_id: int, enrollment_id: int):
    """Change an enrollment's status and dates; withdrawing keeps the row and its history."""
    cohort = get_cohort_or_404(cohort_id, current_user)
    enrollment = db.session.get(Enrollment, enrollment_id)
    if enrollment is None or enrollment.cohort_id != cohort.id:
        abort(404)
    participant = db.session.get(Participant, enrollment.participant_id)
    form = EnrollmentForm(obj=enrollment)
    if form.validate_on_submit():
        try:
            enrollment_update(
                enrollment=enrollment,
                status=EnrollmentStatus(form.status.data),
                enrolled_on=form.enrolled_on.data,
                ended_on=form.ended_on.data,
                by=current_user,
            )
        except EnrollmentError as error:
            form.status.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("cohorts.detail", cohort_id=cohort.id))
    return render_template(
        "cohorts/enrollment.html",
        cohort=cohort,
        enrollment=enrollment,
        participant=participant,
        form=form,
    )
