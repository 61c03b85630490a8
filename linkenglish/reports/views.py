"""Attendance reports: the index, a cohort's matrix, one participant's record, a partner's
summary and the at-risk list; each page has a chart, and each report downloads as CSV or XLSX."""

from datetime import datetime
from fractions import Fraction
from itertools import groupby

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from linkenglish.authz import get_participant_or_404, role_required
from linkenglish.models import Role
from linkenglish.reports import participant as participant_report
from linkenglish.reports import summary as summary_report
from linkenglish.reports.access import (
    get_organisation_or_404,
    get_report_cohort_or_404,
    report_choices,
)
from linkenglish.reports.at_risk import at_risk_participants
from linkenglish.reports.charts import attendance_chart
from linkenglish.reports.forms import AtRiskForm, DateRangeForm
from linkenglish.reports.matrix import cohort_attendance_matrix
from linkenglish.reports.tables import (
    MARK_LABELS,
    MARK_LETTERS,
    at_risk_table,
    cohort_matrix_table,
    participant_table,
    partner_summary_table,
    report_download,
    translated,
)
from linkenglish.timeutil import app_timezone, to_local

bp = Blueprint("reports", __name__, url_prefix="/reports")
STAFF = (Role.COORDINATOR, Role.PARTNER)
DOWNLOAD = "<any(csv, xlsx):file_format>"
DEFAULT_MIN_SESSIONS = 3
MAX_PAGE = 10_000


def local_today():
    """Return today's date in the app's time zone."""
    return datetime.now(app_timezone()).date()


def threshold_setting() -> float:
    """Return the configured attendance threshold as a fraction (0.8)."""
    return float(current_app.config["ATTENDANCE_THRESHOLD"])


@bp.route("/")
@role_required(*STAFF)
def index():
    """List the reports this user may open."""
    cohorts, organisations = report_choices(user=current_user)
    return render_template("reports/index.html", cohorts=cohorts, organisations=organisations)


def matrix_months(sessions) -> list[tuple[datetime, int]]:
    """Group the matrix's session columns by month for its header: (a day of it, columns)."""
    local = [to_local(session.starts_at) for session in sessions]
    return [
        (days[0], len(days))
        for days in (list(group) for _key, group in groupby(local, lambda d: (d.year, d.month)))
    ]


@bp.route("/cohorts/<int:cohort_id>/attendance")
@role_required(*STAFF)
def cohort_matrix(cohort_id: int):
    """Show a cohort's attendance matrix with each participant's rate."""
    cohort = get_report_cohort_or_404(cohort_id, current_user)
    matrix = cohort_attendance_matrix(cohort=cohort, user=current_user)
    chart = attendance_chart(
        matrix.periods,
        title=_("Attendance per session"),
        subject=cohort.name,
        chart_id="matrix-chart",
        weekly=False,
        threshold=threshold_setting(),
    )
    return render_template(
        "reports/cohort_matrix.html",
        cohort=cohort,
        matrix=matrix,
        months=matrix_months(matrix.sessions),
        chart=chart,
        letters=translated(MARK_LETTERS),
        labels=translated(MARK_LABELS),
    )


@bp.route(f"/cohorts/<int:cohort_id>/attendance.{DOWNLOAD}")
@role_required(*STAFF)
def cohort_matrix_download(cohort_id: int, file_format: str):
    """Download a cohort's attendance matrix, audited."""
    cohort = get_report_cohort_or_404(cohort_id, current_user)
    matrix = cohort_attendance_matrix(cohort=cohort, user=current_user)
    return report_download(
        report="cohort_matrix",
        table=cohort_matrix_table(matrix),
        file_format=file_format,
        filename=f"cohort-{cohort.id}-attendance",
        sheet=_("Cohort %(id)s attendance", id=cohort.id),
        object_type="cohort",
        object_id=cohort.id,
        freeze="B2",
    )


def page_number() -> int:
    """Return the page asked for in ?page=, or 1 when it is not a sensible number."""
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and 1 <= int(page) <= MAX_PAGE else 1


@bp.route("/participants/<int:participant_id>/attendance")
@role_required(Role.COORDINATOR, Role.PARTNER, Role.PARTICIPANT)
def participant_attendance(participant_id: int):
    """Show one participant's attendance across the cohorts this user may see."""
    person = get_participant_or_404(participant_id, current_user)
    record = participant_report.participant_attendance(
        participant=person, user=current_user, page=page_number()
    )
    chart = attendance_chart(
        record.weeks,
        title=_("Attendance per week"),
        subject=person.preferred_name or _("Erased participant"),
        chart_id="participant-chart",
        threshold=threshold_setting(),
    )
    return render_template(
        "reports/participant.html",
        participant=person,
        name=person.preferred_name or _("Erased participant"),
        page_size=participant_report.SESSIONS_PER_PAGE,
        record=record,
        chart=chart,
        labels=translated(MARK_LABELS),
    )


@bp.route(f"/participants/<int:participant_id>/attendance.{DOWNLOAD}")
@role_required(Role.COORDINATOR, Role.PARTNER, Role.PARTICIPANT)
def participant_attendance_download(participant_id: int, file_format: str):
    """Download one participant's attendance per cohort, audited."""
    person = get_participant_or_404(participant_id, current_user)
    record = participant_report.participant_attendance(participant=person, user=current_user)
    return report_download(
        report="participant",
        table=participant_table(record.cohorts),
        file_format=file_format,
        filename=f"participant-{person.id}-attendance",
        sheet=_("Participant %(id)s attendance", id=person.id),
        object_type="participant",
        object_id=person.id,
    )


def summary_range():
    """Read ?from= and ?to= into a form and the dates to use."""
    form = DateRangeForm(request.args)
    form.validate()
    start, end = form.dates(today=local_today())
    return form, start, end


@bp.route("/partners/<int:organisation_id>/summary")
@role_required(*STAFF)
def partner_summary(organisation_id: int):
    """Show a partner organisation's summary per cohort over a date range."""
    organisation = get_organisation_or_404(organisation_id, current_user)
    form, start, end = summary_range()
    summary = summary_report.partner_summary(organisation=organisation, start=start, end=end)
    chart = attendance_chart(
        summary.weeks,
        title=_("Attendance per week"),
        subject=organisation.name,
        chart_id="summary-chart",
        threshold=threshold_setting(),
    )
    return render_template(
        "reports/partner_summary.html",
        organisation=organisation,
        form=form,
        start=start,
        end=end,
        summary=summary,
        chart=chart,
    )


@bp.route(f"/partners/<int:organisation_id>/summary.{DOWNLOAD}")
@role_required(*STAFF)
def partner_summary_download(organisation_id: int, file_format: str):
    """Download a partner organisation's summary over a date range, audited."""
    organisation = get_organisation_or_404(organisation_id, current_user)
    _form, start, end = summary_range()
    summary = summary_report.partner_summary(organisation=organisation, start=start, end=end)
    return report_download(
        report="partner_summary",
        table=partner_summary_table(summary),
        file_format=file_format,
        filename=f"partner-{organisation.id}-summary",
        sheet=_("Partner %(id)s summary", id=organisation.id),
        object_type="partner_organisation",
        object_id=organisation.id,
        detail={"from": start.isoformat(), "to": end.isoformat()},
    )


def at_risk_rule():
    """Read ?threshold= and ?min_sessions= into a form and the rule to use."""
    form = AtRiskForm(request.args)
    form.validate()
    threshold, min_sessions = form.rule(
        default_threshold=round(threshold_setting() * 100),
        default_min_sessions=DEFAULT_MIN_SESSIONS,
    )
    return form, threshold, min_sessions


@bp.route("/at-risk")
@role_required(*STAFF)
def at_risk():
    """List participants under the attendance threshold after enough counted sessions."""
    form, threshold, min_sessions = at_risk_rule()
    found = at_risk_participants(
        user=current_user, threshold=Fraction(threshold, 100), min_sessions=min_sessions
    )
    chart = attendance_chart(
        found.weeks,
        title=_("Attendance per week"),
        subject=_("Participants listed"),
        chart_id="at-risk-chart",
        threshold=threshold / 100,
    )
    return render_template(
        "reports/at_risk.html",
        form=form,
        threshold=threshold,
        min_sessions=min_sessions,
        found=found,
        chart=chart,
    )


@bp.route(f"/at-risk.{DOWNLOAD}")
@role_required(*STAFF)
def at_risk_download(file_format: str):
    """Download the at-risk list, audited."""
    _form, threshold, min_sessions = at_risk_rule()
    found = at_risk_participants(
        user=current_user, threshold=Fraction(threshold, 100), min_sessions=min_sessions
    )
    return report_download(
        report="at_risk",
        table=at_risk_table(found),
        file_format=file_format,
        filename="at-risk",
        sheet=_("At risk"),
        detail={"threshold": threshold, "min_sessions": min_sessions},
    )
