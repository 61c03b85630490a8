"""The front door and each role's dashboard."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from linkenglish.authz import role_required
from linkenglish.cohorts.services import cohort_summaries
from linkenglish.extensions import db
from linkenglish.models import Participant, PartnerOrganisation, Role, User

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    """Send visitors to their dashboard, or to sign in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    return redirect(url_for("auth.login"))


@bp.route("/dashboard")
@role_required()
def dashboard():
    """Show the signed-in user what they can do here."""
    context = {}
    if current_user.role is Role.COORDINATOR:
        context["status_counts"] = dict(
            db.session.execute(
                select(Participant.status, func.count()).group_by(Participant.status)
            ).all()
        )
        context["partner_count"] = db.session.scalar(
            select(func.count()).select_from(PartnerOrganisation)
        )
        context["login_counts"] = dict(
            db.session.execute(select(User.role, func.count()).group_by(User.role)).all()
        )
    context["cohorts"] = cohort_summaries(user=current_user)
    return render_template("main/dashboard.html", **context)
