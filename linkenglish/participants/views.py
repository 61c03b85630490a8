"""Participants: the coordinator's list and forms, one participant's page, data rights."""

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from linkenglish.audit.queries import participant_recent_access
from linkenglish.audit.services import audit_record
from linkenglish.authz import get_participant_or_404, role_required
from linkenglish.classes.rates import attendance_rates
from linkenglish.cohorts.services import participant_enrollments
from linkenglish.extensions import db
from linkenglish.levels.services import level_history
from linkenglish.models import Cohort, Participant, ParticipantStatus, ProgramCode, Role
from linkenglish.participants.forms import (
    EraseForm,
    LookupForm,
    ParticipantFilterForm,
    ParticipantForm,
)
from linkenglish.participants.listing import lookup_seal, participant_page
from linkenglish.participants.rights import participant_erase, participant_export
from linkenglish.participants.services import (
    participant_archive,
    participant_create,
    participant_duplicates,
    participant_update,
)

bp = Blueprint("participants", __name__, url_prefix="/participants")


def audit_personal_view(participant: Participant) -> None:
    """Record that a coordinator saw this participant's personal data."""
    audit_record(
        action="participant.personal_data.view",
        actor=current_user,
        object_type="participant",
        object_id=participant.id,
    )
    db.session.commit()


@bp.route("/")
@role_required(Role.COORDINATOR)
def index():
    """List participants with filters, a name search and keyset pages."""
    cohorts = db.session.scalars(select(Cohort).order_by(Cohort.starts_on.desc())).all()
    form = ParticipantFilterForm(request.args, cohorts=cohorts)
    form.validate()
    filters = form.filters()
    rows, next_cursor = participant_page(filters, request.args.get("after"))
    if filters.exact:
        audit_record(action="participant.lookup", actor=current_user, detail={"found": len(rows)})
        db.session.commit()
    first_args = {key: value for key, value in request.args.items() if key != "after"}
    next_args = {**first_args, "after": next_cursor} if next_cursor else None
    return render_template(
        "participants/index.html",
        form=form,
        lookup=LookupForm(),
        exact=filters.exact,
        rows=rows,
        next_args=next_args,
        first_args=first_args,
        first_page=not request.args.get("after"),
    )


@bp.route("/lookup", methods=["POST"])
@role_required(Role.COORDINATOR)
def lookup():
    """Find participants by exact legal name or e-mail; the list URL carries it sealed."""
    form = LookupForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("participants.index"))
    return redirect(url_for("participants.index", match=lookup_seal(form.exact.data.strip())))


def duplicate_errors(form: ParticipantForm, exclude_id: int | None = None) -> bool:
    """Add form errors for an e-mail in use, or a legal name in use unless confirmed."""
    found = participant_duplicates(
        legal_name=form.legal_name.data, email=form.email.data, exclude_id=exclude_id
    )
    if found.get("email"):
        form.email.errors.append(_("Another participant has this e-mail address."))
    if found.get("legal_name") and not form.allow_same_name.data:
        names = ", ".join(p.preferred_name or _("erased") for p in found["legal_name"])
        form.legal_name.errors.append(
            _("Participants with this legal name exist already: %(names)s.", names=names)
        )
    return bool(form.email.errors or form.legal_name.errors)


def form_values(form: ParticipantForm) -> dict:
    """The participant fields from a validated form."""
    return {
        "legal_name": form.legal_name.data.strip(),
        "preferred_name": form.preferred_name.data.strip(),
        "email": (form.email.data or "").strip() or None,
        "phone": (form.phone.data or "").strip() or None,
        "program": ProgramCode(form.program.data),
        "status": ParticipantStatus(form.status.data),
        "notes": (form.notes.data or "").strip() or None,
        "sensitive_terms": form.term_list(),
    }


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def create():
    """Add a participant."""
    form = ParticipantForm()
    if form.validate_on_submit() and not duplicate_errors(form):
        participant = participant_create(**form_values(form))
        audit_record(
            action="participant.create",
            actor=current_user,
            object_type="participant",
            object_id=participant.id,
        )
        db.session.commit()
        flash(_("Participant added."), "success")
        return redirect(url_for("participants.detail", participant_id=participant.id))
    return render_template("participants/form.html", form=form, participant=None)


def get_live_participant_or_404(participant_id: int) -> Participant:
    """A participant this coordinator may change: not erased."""
    participant = get_participant_or_404(participant_id, current_user)
    if participant.erased_at is not None:
        abort(404)
    return participant


@bp.route("/<int:participant_id>/edit", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit(participant_id: int):
    """Change a participant's details, sensitive terms included."""
    participant = get_live_participant_or_404(participant_id)
    form = ParticipantForm(
        obj=participant,
        data={"sensitive_terms": "\n".join(participant.sensitive_term_list)}
        if request.method == "GET"
        else None,
    )
    if form.validate_on_submit() and not duplicate_errors(form, exclude_id=participant.id):
        changed = participant_update(participant=participant, by=current_user, **form_values(form))
        db.session.commit()
        flash(_("Saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("participants.detail", participant_id=participant.id))
    if request.method == "GET":
        audit_personal_view(participant)
    return render_template("participants/form.html", form=form, participant=participant)


@bp.route("/<int:participant_id>/archive", methods=["POST"])
@role_required(Role.COORDINATOR)
def archive(participant_id: int):
    """Archive a participant, or bring an archived one back."""
    participant = get_live_participant_or_404(participant_id)
    archived = request.form.get("archived") == "1"
    participant_archive(participant=participant, by=current_user, archived=archived)
    db.session.commit()
    flash(_("Archived.") if archived else _("Back in the lists."), "success")
    return redirect(url_for("participants.detail", participant_id=participant.id))


@bp.route("/<int:participant_id>/export.json")
@role_required(Role.COORDINATOR)
def export(participant_id: int):
    """Download everything held about a participant as JSON."""
    participant = get_participant_or_404(participant_id, current_user)
    data = participant_export(participant=participant, by=current_user)
    db.session.commit()
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="participant-{participant.id}.json"'
        },
    )


@bp.route("/<int:participant_id>/erase", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def erase(participant_id: int):
    """Erase a participant's personal data, after typing ERASE."""
    participant = get_live_participant_or_404(participant_id)
    form = EraseForm()
    if form.validate_on_submit():
        participant_erase(participant=participant, by=current_user)
        db.session.commit()
        flash(_("The participant's personal data is erased."), "success")
        return redirect(url_for("participants.detail", participant_id=participant.id))
    return render_template("participants/erase.html", form=form, participant=participant)


@bp.route("/<int:participant_id>")
@role_required(Role.COORDINATOR, Role.PARTNER, Role.PARTICIPANT)
def detail(participant_id: int):
    """Show a participant; coordinators also see legal name and contacts, audited."""
    participant = get_participant_or_404(participant_id, current_user)
    show_personal = current_user.role is Role.COORDINATOR and participant.erased_at is None
    if show_personal:
        audit_personal_view(participant)
    enrollments = participant_enrollments(participant)
    if current_user.role is Role.PARTNER:
        enrollments = [e for e in enrollments if e.cohort.partner_id == current_user.partner_id]
    return render_template(
        "participants/detail.html",
        participant=participant,
        show_personal=show_personal,
        levels=level_history(participant) if current_user.role is not Role.PARTNER else [],
        enrollments=enrollments,
        rates=attendance_rates(participant_ids=[participant.id]),
        recent_access=participant_recent_access(participant.id)
        if current_user.role is Role.COORDINATOR
        else None,
    )
