"""Taking attendance: one screen per class session, for coordinators and the teaching partner."""

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from linkenglish.audit.services import audit_record
from linkenglish.authz import can_take_attendance, get_session_or_404, role_required
from linkenglish.classes.attendance import (
    AttendanceError,
    NotEnrolledError,
    attendance_marks_save,
    attendance_sheet,
)
from linkenglish.classes.attendance_forms import ATTENDANCE_STATUS_LABELS, AttendanceForm
from linkenglish.extensions import db
from linkenglish.labels import SESSION_MODE_LABELS
from linkenglish.models import ClassSession, Role

bp = Blueprint("attendance", __name__)


@bp.route("/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@role_required(Role.COORDINATOR, Role.PARTNER)
def take(session_id: int):
    """Show a session's roster with its marks and history; save the marks chosen."""
    session = get_session_or_404(session_id, current_user)
    if not can_take_attendance(current_user, session):
        abort(404)
    form = AttendanceForm()
    problems = []
    if form.is_submitted():
        if session.cancelled:
            flash(_("This session was cancelled; it takes no attendance."), "error")
            return redirect(url_for("attendance.take", session_id=session.id))
        if form.validate():
            problem = marks_save(session, form)
            if problem is None:
                return redirect(url_for("attendance.take", session_id=session_id))
            problems.append(problem)
        else:
            problems += form.participants.errors or [
                _("Nothing was saved: fix what is marked below and save again.")
            ]
    sheet = attendance_sheet(session=session)
    listed = {row.participant_id for row in sheet.rows}
    if form.is_submitted() and set(form.participants.data or []) - listed:
        problems.append(not_enrolled_message(session))
    return render_template(
        "attendance/take.html",
        session=session,
        cohort=session.cohort,
        ends_at=session.starts_at + timedelta(minutes=session.duration_minutes),
        session_url=session_page_url(session),
        sheet=sheet,
        rows=form.row_forms(sheet.rows),
        form=form,
        problems=list(dict.fromkeys(str(problem) for problem in problems)),
        status_labels=ATTENDANCE_STATUS_LABELS,
        mode_labels=SESSION_MODE_LABELS,
    )


def marks_save(session: ClassSession, form: AttendanceForm) -> str | None:
    """Save a valid form's marks with an audit event; return why nothing was saved, or None."""
    chosen, blank = form.choices()
    try:
        saved = attendance_marks_save(
            session=session, choices=chosen, if_unmarked=blank, by=current_user
        )
    except NotEnrolledError:
        return not_enrolled_message(session)
    except AttendanceError:
        return _("These marks could not be saved. Check them and save again.")
    except IntegrityError:
        db.session.rollback()
        return _(
            "Someone else saved marks for this session at the same moment, so nothing of "
            "yours was saved. Check the marks below and save again."
        )
    if saved.recorded or saved.changed:
        audit_record(
            action="attendance.take",
            actor=current_user,
            object_type="class_session",
            object_id=session.id,
            detail={
                "recorded": saved.recorded,
                "changed": saved.changed,
                "unchanged": saved.unchanged,
                "all_present": form.all_present,
            },
        )
        db.session.commit()
        flash(
            _(
                "Attendance saved: %(recorded)s recorded, %(changed)s changed.",
                recorded=saved.recorded,
                changed=saved.changed,
            ),
            "success",
        )
    else:
        flash(_("Nothing changed."), "info")
    return None


def not_enrolled_message(session: ClassSession) -> str:
    """Say that the form named someone not on the roster, and that nothing was saved."""
    return _(
        "This form named someone who was not enrolled in the cohort on %(day)s, so nothing "
        "was saved. The roster below is as it is now: check it and save again.",
        day=format_date(session.local_date),
    )


def session_page_url(session: ClassSession) -> str | None:
    """Return the URL of the session's own page, once the sessions blueprint has one."""
    if "sessions.detail" in current_app.view_functions:
        return url_for("sessions.detail", session_id=session.id)
    return None
