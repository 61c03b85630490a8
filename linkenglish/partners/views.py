"""Partner organisations: the list, one organisation with its users and cohorts."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from linkenglish.audit.services import audit_record
from linkenglish.authz import role_required
from linkenglish.extensions import db
from linkenglish.models import Cohort, PartnerOrganisation, Role, User
from linkenglish.partners.forms import PartnerOrganisationForm
from linkenglish.partners.services import (
    partner_organisation_by_name,
    partner_organisation_summaries,
)

bp = Blueprint("partners", __name__, url_prefix="/partners")


def get_organisation_or_404(organisation_id: int) -> PartnerOrganisation:
    """Load a partner organisation (coordinators see all), or answer 404."""
    organisation = db.session.get(PartnerOrganisation, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


@bp.route("/")
@role_required(Role.COORDINATOR)
def index():
    """List partner organisations with their users and cohorts."""
    return render_template("partners/index.html", organisations=partner_organisation_summaries())


def name_taken(form: PartnerOrganisationForm, exclude: PartnerOrganisation | None = None) -> bool:
    """Add a form error when another organisation has this name."""
    existing = partner_organisation_by_name(form.name.data)
    if existing is not None and existing is not exclude:
        form.name.errors.append(_("There is an organisation with this name already."))
        return True
    return False


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def create():
    """Add a partner organisation."""
    form = PartnerOrganisationForm()
    if form.validate_on_submit() and not name_taken(form):
        organisation = PartnerOrganisation(name=form.name.data.strip())
        db.session.add(organisation)
        db.session.flush()
        audit_record(
            action="partner.create",
            actor=current_user,
            object_type="partner_organisation",
            object_id=organisation.id,
        )
        db.session.commit()
        flash(_("Organisation added."), "success")
        return redirect(url_for("partners.detail", organisation_id=organisation.id))
    return render_template("partners/form.html", form=form, organisation=None)


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit(organisation_id: int):
    """Rename a partner organisation."""
    organisation = get_organisation_or_404(organisation_id)
    form = PartnerOrganisationForm(obj=organisation)
    if form.validate_on_submit() and not name_taken(form, exclude=organisation):
        organisation.name = form.name.data.strip()
        audit_record(
            action="partner.update",
            actor=current_user,
            object_type="partner_organisation",
            object_id=organisation.id,
        )
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("partners.detail", organisation_id=organisation.id))
    return render_template("partners/form.html", form=form, organisation=organisation)


@bp.route("/<int:organisation_id>")
@role_required(Role.COORDINATOR)
def detail(organisation_id: int):
    """Show an organisation: its users (names only) and the cohorts it teaches."""
    organisation = get_organisation_or_404(organisation_id)
    users = db.session.scalars(
        select(User).where(User.partner_id == organisation.id).order_by(User.display_name, User.id)
    ).all()
    cohorts = db.session.scalars(
        select(Cohort).where(Cohort.partner_id == organisation.id).order_by(Cohort.starts_on.desc())
    ).all()
    return render_template(
        "partners/detail.html", organisation=organisation, users=users, cohorts=cohorts
    )
