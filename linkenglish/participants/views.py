"""Participants: the coordinator's list, and one participant's page."""

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from linkenglish.audit.services import audit_record
from linkenglish.authz import get_participant_or_404, role_required
from linkenglish.cohorts.services import participant_enrollments
from linkenglish.extensions import db
from linkenglish.levels.services import level_history
from linkenglish.models import Participant, Role

bp = Blueprint("participants", __name__, url_prefix="/participants")


@bp.route("/")
@role_required(Role.COORDINATOR)
def index():
    """List participants by preferred name."""
    participants = db.session.scalars(
        select(Participant).order_by(Participant.preferred_name, Participant.id)
    ).all()
    return render_template("participants/index.html", participants=participants)


@bp.route("/<int:participant_id>")
@role_required(Role.COORDINATOR, Role.PARTICIPANT)
def detail(participant_id: int):
    """Show a participant; coordinators also see legal name and contacts, audited."""
    participant = get_participant_or_404(participant_id, current_user)
    show_personal = current_user.role is Role.COORDINATOR
    if show_personal:
        audit_record(
            action="participant.personal_data.view",
            actor=current_user,
            object_type="participant",
            object_id=participant.id,
        )
        db.session.commit()
    return render_template(
        "participants/detail.html",
        participant=participant,
        show_personal=show_personal,
        levels=level_history(participant),
        enrollments=participant_enrollments(participant),
    )
