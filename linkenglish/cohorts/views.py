"""Cohorts: the list, a cohort's page with its roster, and a coordinator's changes."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from linkenglish.audit.services import audit_record
from linkenglish.authz import get_cohort_or_404, role_required
from linkenglish.classes.rates import attendance_rates
from linkenglish.cohorts.dates import DatesMoveUnconfirmed
from linkenglish.cohorts.forms import CohortEditForm, CohortForm, TeachersForm
from linkenglish.cohorts.management import (
    cohort_close,
    cohort_teachers_set,
    cohort_update,
)
from linkenglish.cohorts.services import (
    cohort_by_name,
    cohort_create,
    cohort_roster,
    cohort_summaries,
    cohort_teacher_candidates,
)
from linkenglish.extensions import db
from linkenglish.forms import select_choices
from linkenglish.models import (
    Cohort,
    CohortTeacher,
    Enrollment,
    PartnerOrganisation,
    ProficiencyLevel,
    Program,
    Role,
    User,
)

bp = Blueprint("cohorts", __name__, url_prefix="/cohorts")
ALL_ROLES = (Role.COORDINATOR, Role.PARTNER, Role.PARTICIPANT)


@bp.route("/")
@role_required(*ALL_ROLES)
def index():
    """List the cohorts this user may see; coordinators may include closed ones."""
    include_closed = current_user.role is Role.COORDINATOR and request.args.get("closed") == "1"
    cohorts = cohort_summaries(user=current_user, include_closed=include_closed)
    return render_template("cohorts/index.html", cohorts=cohorts, include_closed=include_closed)


def cohort_form(form_class=CohortForm, **kwargs) -> CohortForm:
    """The cohort form with its choices loaded."""
    return form_class(
        programs=db.session.scalars(select(Program).order_by(Program.id)).all(),
        levels=db.session.scalars(select(ProficiencyLevel).order_by(ProficiencyLevel.rank)).all(),
        partners=db.session.scalars(select(PartnerOrganisation).order_by(PartnerOrganisation.name)),
        **kwargs,
    )


def cohort_values(form: CohortForm) -> dict:
    """The cohort fields from a validated form."""
    return {
        "name": form.name.data.strip(),
        "starts_on": form.starts_on.data,
        "ends_on": form.ends_on.data,
        "capacity": form.capacity.data,
        "target_level_id": int(form.target_level.data) if form.target_level.data else None,
        "partner_id": int(form.partner.data) if form.partner.data else None,
    }


def name_taken(form: CohortForm, exclude: Cohort | None = None) -> bool:
    """Add a form error when the program has a cohort of this name already."""
    program = db.session.get(Program, form.program.data)
    existing = cohort_by_name(program=program, name=form.name.data.strip())
    if existing is not None and existing is not exclude:
        form.name.errors.append(_("This program has a cohort with this name already."))
        return True
    return False


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def create():
    """Create a cohort."""
    form = cohort_form()
    if form.validate_on_submit() and not name_taken(form):
        values = cohort_values(form)
        cohort = cohort_create(
            program=db.session.get(Program, form.program.data),
            name=values["name"],
            starts_on=values["starts_on"],
            ends_on=values["ends_on"],
            capacity=values["capacity"],
            target_level=db.session.get(ProficiencyLevel, values["target_level_id"] or 0),
            partner=db.session.get(PartnerOrganisation, values["partner_id"] or 0),
        )
        audit_record(
            action="cohort.create", actor=current_user, object_type="cohort", object_id=cohort.id
        )
        db.session.commit()
        flash(_("Cohort created."), "success")
        return redirect(url_for("cohorts.detail", cohort_id=cohort.id))
    return render_template("cohorts/form.html", form=form, cohort=None)


@bp.route("/<int:cohort_id>")
@role_required(*ALL_ROLES)
def detail(cohort_id: int):
    """Show a cohort: term, teachers and, except to participants, its roster."""
    cohort = get_cohort_or_404(cohort_id, current_user)
    teachers = db.session.scalars(
        select(User)
        .join(CohortTeacher, CohortTeacher.user_id == User.id)
        .where(CohortTeacher.cohort_id == cohort.id)
        .order_by(User.display_name)
    ).all()
    roster = own = None
    if current_user.role is Role.PARTICIPANT:
        own = db.session.scalar(
            select(Enrollment).where(
                Enrollment.cohort_id == cohort.id,
                Enrollment.participant_id == current_user.participant_id,
            )
        )
    else:
        roster = cohort_roster(cohort)
    coordinating = current_user.role is Role.COORDINATOR
    return render_template(
        "cohorts/detail.html",
        cohort=cohort,
        teachers=teachers,
        roster=roster,
        own=own,
        rates=attendance_rates(cohort_ids=[cohort.id]),
        teachers_form=teachers_form(cohort) if coordinating else None,
    )


@bp.route("/<int:cohort_id>/edit", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit(cohort_id: int):
    """Change a cohort's details; new dates move the enrollments on the old ones, confirmed."""
    cohort = get_cohort_or_404(cohort_id, current_user)
    form = cohort_form(CohortEditForm, obj=cohort)
    plan = None
    if form.validate_on_submit() and not name_taken(form, exclude=cohort):
        try:
            changed = cohort_update(
                cohort=cohort,
                by=current_user,
                program_id=form.program.data,
                moves_confirmed=form.moves_confirmed(),
                **cohort_values(form),
            )
        except DatesMoveUnconfirmed as pending:
            db.session.rollback()
            plan = pending.plan
            if form.moving.data:
                form.move_enrollments.errors.append(
                    _("Tick the box to move them, or keep the old dates.")
                    if not form.move_enrollments.data
                    else _("What moves has changed since: check the list again and confirm.")
                )
            form.confirmation_show(len(plan.moving))
        except ValueError as error:
            form.ends_on.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Saved.") if changed else _("Nothing changed."), "success")
            return redirect(url_for("cohorts.detail", cohort_id=cohort.id))
    return render_template("cohorts/form.html", form=form, cohort=cohort, plan=plan)


@bp.route("/<int:cohort_id>/close", methods=["POST"])
@role_required(Role.COORDINATOR)
def close(cohort_id: int):
    """Close a cohort, or open it again."""
    cohort = get_cohort_or_404(cohort_id, current_user)
    closed = request.form.get("closed") == "1"
    cohort_close(cohort=cohort, by=current_user, closed=closed)
    db.session.commit()
    flash(_("Cohort closed.") if closed else _("Cohort open again."), "success")
    return redirect(url_for("cohorts.detail", cohort_id=cohort.id))


def teachers_form(cohort: Cohort, **kwargs) -> TeachersForm:
    """The teachers checklist: the teaching partner's active users."""
    form = TeachersForm(**kwargs)
    candidates = cohort_teacher_candidates(cohort)
    form.teachers.choices = select_choices(
        (user.id, user.display_name or _("Partner user %(id)s", id=user.id)) for user in candidates
    )
    if "formdata" not in kwargs and request.method == "GET":
        form.teachers.data = list(
            db.session.scalars(
                select(CohortTeacher.user_id).where(CohortTeacher.cohort_id == cohort.id)
            )
        )
    return form


@bp.route("/<int:cohort_id>/teachers", methods=["POST"])
@role_required(Role.COORDINATOR)
def teachers(cohort_id: int):
    """Set which partner users teach this cohort."""
    cohort = get_cohort_or_404(cohort_id, current_user)
    form = teachers_form(cohort)
    if form.validate_on_submit():
        chosen = db.session.scalars(select(User).where(User.id.in_(form.teachers.data))).all()
        cohort_teachers_set(cohort=cohort, users=list(chosen), by=current_user)
        db.session.commit()
        flash(_("Teachers saved."), "success")
    else:
        flash(_("Choose teachers from the list."), "error")
    return redirect(url_for("cohorts.detail", cohort_id=cohort.id))
