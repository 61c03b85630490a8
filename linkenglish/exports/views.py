"""Downloads for coordinators: the participant list and cohort rosters as CSV or XLSX.

Each download is recorded in the audit log with its format and row count, never with what
it holds; file names carry no personal data.
"""

from datetime import datetime

from flask import Blueprint, abort, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from linkenglish.audit.services import audit_record
from linkenglish.authz import role_required
from linkenglish.cohorts.services import cohort_roster as roster_rows
from linkenglish.extensions import db
from linkenglish.labels import enrollment_status_label, status_label
from linkenglish.models import Cohort, Role
from linkenglish.participants.forms import ParticipantFilterForm
from linkenglish.participants.listing import participant_rows
from linkenglish.spreadsheets import spreadsheet_response
from linkenglish.timeutil import app_timezone

bp = Blueprint("exports", __name__, url_prefix="/exports")


def today_stamp() -> str:
    """Today's date in the app's time zone, for file names."""
    return datetime.now(app_timezone()).date().isoformat()


@bp.route("/participants.<any(csv, xlsx):file_format>")
@role_required(Role.COORDINATOR)
def participant_list(file_format: str):
    """Download every participant the list's filters match, with contacts, audited."""
    cohorts = db.session.scalars(select(Cohort).order_by(Cohort.starts_on.desc())).all()
    form = ParticipantFilterForm(request.args, cohorts=cohorts)
    form.validate()
    rows = participant_rows(form.filters())
    header = [
        _("Preferred name"), _("Legal name"), _("E-mail"), _("Phone"), _("Program"),
        _("Status"), _("Current level"), _("Current cohorts"),
    ]  # fmt: skip
    table = [
        [
            row.participant.preferred_name,
            row.participant.legal_name,
            row.participant.email,
            row.participant.phone,
            row.participant.program.value.upper(),
            status_label(row.participant.status),
            row.level_code,
            row.cohorts,
        ]
        for row in rows
    ]
    audit_record(
        action="participants.export_list",
        actor=current_user,
        detail={"format": file_format, "rows": len(table)},
    )
    db.session.commit()
    return spreadsheet_response(
        header=header,
        rows=table,
        file_format=file_format,
        filename=f"participants-{today_stamp()}",
        sheet=_("Participants"),
    )


@bp.route("/cohorts/<int:cohort_id>/roster.<any(csv, xlsx):file_format>")
@role_required(Role.COORDINATOR)
def cohort_roster(cohort_id: int, file_format: str):
    """Download a cohort's roster, with contacts and enrollment dates, audited."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        abort(404)
    header = [
        _("Preferred name"), _("Legal name"), _("E-mail"), _("Phone"), _("Current level"),
        _("Enrollment status"), _("Enrolled on"), _("Ended on"),
    ]  # fmt: skip
    table = [
        [
            row.participant.preferred_name,
            row.participant.legal_name,
            row.participant.email,
            row.participant.phone,
            row.level_code,
            enrollment_status_label(row.enrollment.status),
            row.enrollment.enrolled_on,
            row.enrollment.ended_on,
        ]
        for row in roster_rows(cohort)
    ]
    audit_record(
        action="cohort.roster.export",
        actor=current_user,
        object_type="cohort",
        object_id=cohort.id,
        detail={"format": file_format, "rows": len(table)},
    )
    db.session.commit()
    return spreadsheet_response(
        header=header,
        rows=table,
        file_format=file_format,
        filename=f"cohort-{cohort_id}-roster-{today_stamp()}",
        sheet=_("Cohort %(id)s roster", id=cohort_id),
    )
