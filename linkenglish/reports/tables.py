"""The reports as tables for download, the mark letters pages and downloads share, and the
download itself: preferred names only, never a contact, every download in the audit log."""

from datetime import datetime

from flask import Response
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from linkenglish.audit.services import audit_record
from linkenglish.classes.rates import AttendanceRate
from linkenglish.extensions import db
from linkenglish.labels import enrollment_status_label
from linkenglish.models import AttendanceStatus
from linkenglish.reports.at_risk import AtRiskList
from linkenglish.reports.matrix import NOT_TAKEN, OUTSIDE, UPCOMING, CohortMatrix
from linkenglish.reports.participant import CohortRecord
from linkenglish.reports.summary import PartnerSummary
from linkenglish.spreadsheets import Percent, spreadsheet_response
from linkenglish.timeutil import app_timezone, to_local

MARK_LETTERS = {
    AttendanceStatus.PRESENT.value: _l("P"),
    AttendanceStatus.LATE.value: _l("L"),
    AttendanceStatus.EXCUSED.value: _l("E"),
    AttendanceStatus.ABSENT.value: _l("A"),
    OUTSIDE: "–",
    NOT_TAKEN: "",
    UPCOMING: "",
}
MARK_LABELS = {
    AttendanceStatus.PRESENT.value: _l("Present"),
    AttendanceStatus.LATE.value: _l("Late"),
    AttendanceStatus.EXCUSED.value: _l("Excused"),
    AttendanceStatus.ABSENT.value: _l("Absent"),
    OUTSIDE: _l("Not enrolled"),
    NOT_TAKEN: _l("Not taken"),
    UPCOMING: _l("Upcoming"),
}


def translated(labels: dict) -> dict:
    """Resolve lazily translated labels once, for a page that repeats them in every cell."""
    # A lazy string looks up the locale and catalogue each time it is shown: thousands of
    # times in a matrix, which cost more than the report's queries.
    return {key: str(label) for key, label in labels.items()}


def name_or_erased(name: str | None) -> str:
    """Return a preferred name, or say the participant was erased."""
    return name or _("Erased participant")


def percent(rate: float | None) -> Percent | None:
    """Return a rate as a Percent cell, or None for no rate yet."""
    return Percent(rate) if rate is not None else None


def rate_cells(rate: AttendanceRate | None) -> list:
    """Return a rate and its counts as cells: rate, attended, counted, P, L, E, A, not taken."""
    if rate is None:
        return [None, 0, 0, 0, 0, 0, 0, 0]
    return [
        percent(rate.rate), rate.present + rate.late, rate.counted, rate.present, rate.late,
        rate.excused, rate.absent, rate.not_taken,
    ]  # fmt: skip


def rate_header() -> list[str]:
    """Return the header of rate_cells."""
    return [
        _("Rate"), _("Attended"), _("Counted"), _("Present"), _("Late"), _("Excused"),
        _("Absent"), _("Not taken"),
    ]  # fmt: skip


def cohort_matrix_table(matrix: CohortMatrix) -> tuple[list[str], list[list]]:
    """Return the matrix as a header and rows: a participant a row, a session a column."""
    header = [_("Preferred name"), *rate_header()]
    header += [to_local(s.starts_at).strftime("%Y-%m-%d %H:%M") for s in matrix.sessions]
    rows = [
        [name_or_erased(row.preferred_name), *rate_cells(row.rate)]
        + [str(MARK_LETTERS[cell]) or None for cell in row.cells]
        for row in matrix.rows
    ]
    totals = [_("Present or late"), *[None] * 8]
    totals += [session.attended if session.past else None for session in matrix.sessions]
    return header, ([*rows, totals] if rows else rows)


def participant_table(cohorts: list[CohortRecord]) -> tuple[list[str], list[list]]:
    """Return a participant's cohorts as a header and rows."""
    header = [
        _("Cohort"), _("Enrollment"), _("Enrolled on"), _("Ended on"), *rate_header(),
        _("Last attended"),
    ]  # fmt: skip
    rows = [
        [
            record.cohort_name,
            enrollment_status_label(record.status),
            record.enrolled_on,
            record.ended_on,
            *rate_cells(record.rate),
            record.rate.last_attended if record.rate else None,
        ]
        for record in cohorts
    ]
    return header, rows


def partner_summary_table(summary: PartnerSummary) -> tuple[list[str], list[list]]:
    """Return a partner's summary as a header and rows, the total last."""
    header = [
        _("Cohort"), _("Sessions delivered"), _("Cancelled"), _("Not taken"),
        _("Participants with a rate"), _("Average rate"), _("Attended"), _("Counted"),
    ]  # fmt: skip
    rows = [
        [
            line.cohort_name if line.cohort_id else _("Total"),
            line.delivered,
            line.cancelled,
            line.not_taken,
            line.rated,
            percent(line.average),
            line.attended,
            line.counted,
        ]
        for line in [*summary.lines, summary.total]
    ]
    return header, rows


def at_risk_table(found: AtRiskList) -> tuple[list[str], list[list]]:
    """Return the at-risk list as a header and rows."""
    header = [_("Preferred name"), _("Cohort"), *rate_header(), _("Last attended")]
    rows = [
        [
            name_or_erased(row.preferred_name),
            row.cohort_name,
            *rate_cells(row.rate),
            row.rate.last_attended,
        ]
        for row in found.rows
    ]
    return header, rows


def report_download(
    *,
    report: str,
    table: tuple[list[str], list[list]],
    file_format: str,
    filename: str,
    sheet: str,
    object_type: str | None = None,
    object_id: int | None = None,
    detail: dict | None = None,
    freeze: str = "A2",
) -> Response:
    """Record the download in the audit log (kind, ids, rows; no names) and send the file."""
    header, rows = table
    audit_record(
        action="report.download",
        actor=current_user,
        object_type=object_type,
        object_id=object_id,
        detail={"report": report, "format": file_format, "rows": len(rows), **(detail or {})},
    )
    db.session.commit()
    stamp = datetime.now(app_timezone()).date().isoformat()
    return spreadsheet_response(
        header=header,
        rows=rows,
        file_format=file_format,
        filename=f"{filename}-{stamp}",
        sheet=sheet,
        freeze=freeze,
    )
