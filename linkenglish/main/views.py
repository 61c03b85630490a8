"""The front door and each role's dashboard."""

from datetime import datetime, time, timedelta

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import func, select

from linkenglish.authz import role_required
from linkenglish.classes.overview import sessions_between, sessions_not_taken
from linkenglish.cohorts.services import cohort_summaries
from linkenglish.consent.selectors import publication_counts
from linkenglish.extensions import db
from linkenglish.models import Participant, PartnerOrganisation, Role, User, utcnow
from linkenglish.redirects import redirect_next
from linkenglish.timeutil import from_local, to_local

bp = Blueprint("main", __name__)


@bp.route("/language", methods=["POST"])
def language():
    """Remember the language chosen in the footer for this browser, then go back."""
    from linkenglish.forms import Form

    chosen = request.form.get("language")
    if Form().validate() and chosen in current_app.config["LANGUAGES"]:
        session["language"] = chosen
    return redirect_next()


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
        context["publications"] = publication_counts()
    elif current_user.role is Role.PARTICIPANT:
        context["publications"] = publication_counts(participant_id=current_user.participant_id)
    context["cohorts"] = cohort_summaries(user=current_user)
    context.update(session_overview())
    return render_template("main/dashboard.html", **context)


def session_overview() -> dict:
    """Today's sessions, the rest of this week's, and past ones whose attendance is missing."""
    now = utcnow()
    today = to_local(now).date()
    tomorrow = today + timedelta(days=1)
    next_week = today + timedelta(days=7 - today.weekday())
    midnight = [from_local(datetime.combine(day, time())) for day in (today, tomorrow, next_week)]
    sessions = sessions_between(user=current_user, start=midnight[0], end=midnight[2])
    overview = {
        "sessions_today": [s for s in sessions if s.starts_at < midnight[1]],
        "sessions_week": [s for s in sessions if s.starts_at >= midnight[1]],
        "sessions_not_taken": [],
    }
    if current_user.role is not Role.PARTICIPANT:
        overview["sessions_not_taken"] = sessions_not_taken(user=current_user, now=now)
    return overview
