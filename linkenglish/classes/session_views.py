"""Class sessions: the timetable, a session's page, and a coordinator's scheduling."""

from datetime import datetime

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from linkenglish.authz import (
    can_take_attendance,
    can_view_cohort,
    get_cohort_or_404,
    get_session_or_404,
    role_required,
)
from linkenglish.classes.holidays import holidays_between
from linkenglish.classes.scheduling import (
    SchedulingError,
    class_series_plan,
    class_series_schedule,
    class_session_call_off,
    class_session_mark_count,
    class_session_restore,
    class_session_schedule,
    class_session_update,
)
from linkenglish.classes.session_forms import (
    CancelForm,
    SeriesForm,
    SessionForm,
)
from linkenglish.classes.timetable import TimetableEntry, timetable_upcoming
from linkenglish.classes.timetable_page import timetable_page
from linkenglish.cohorts.services import cohort_teacher_candidates
from linkenglish.extensions import db
from linkenglish.models import Cohort, Role, User
from linkenglish.timeutil import from_local, local_today, to_local

bp = Blueprint("sessions", __name__)
ALL_ROLES = (Role.COORDINATOR, Role.PARTNER, Role.PARTICIPANT)


@bp.app_template_global()
def upcoming_sessions(cohort: Cohort) -> list[TimetableEntry]:
    """The next few sessions of a cohort that the signed-in user may see."""
    return timetable_upcoming(user=current_user, cohort_id=cohort.id, today=local_today())


@bp.route("/sessions/")
@role_required(*ALL_ROLES)
def index():
    """List the sessions this user may see, two weeks at a time, grouped by day."""
    return timetable_page(None)


@bp.route("/cohorts/<int:cohort_id>/sessions")
@role_required(*ALL_ROLES)
def cohort(cohort_id: int):
    """List a cohort's sessions, two weeks at a time, grouped by day."""
    return timetable_page(get_cohort_or_404(cohort_id, current_user))


def starts_at_of(form: SessionForm) -> datetime:
    """The start a form describes, read in the app's time zone, in UTC."""
    return from_local(datetime.combine(form.day.data, form.start_time.data))


@bp.route("/cohorts/<int:cohort_id>/sessions/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def create(cohort_id: int):
    """Add a one-off session to a cohort."""
    cohort = get_cohort_or_404(cohort_id, current_user)
    form = SessionForm()
    form.set_teachers(cohort_teacher_candidates(cohort))
    if request.method == "GET":
        form.day.data = min(max(cohort.starts_on, local_today()), cohort.ends_on)
    if form.validate_on_submit():
        try:
            session = class_session_schedule(
                cohort=cohort,
                by=current_user,
                starts_at=starts_at_of(form),
                **form.session_values(),
            )
        except SchedulingError as error:
            form.teacher.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Session added."), "success")
            return redirect(url_for("sessions.detail", session_id=session.id))
    return render_template("sessions/form.html", form=form, cohort=cohort, session=None)


@bp.route("/cohorts/<int:cohort_id>/sessions/series", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def series(cohort_id: int):
    """Add a weekly series over a period: preview the dates first, then create them."""
    cohort = get_cohort_or_404(cohort_id, current_user)
    form = SeriesForm()
    form.set_teachers(cohort_teacher_candidates(cohort))
    holidays = holidays_between(cohort.starts_on, cohort.ends_on)
    if request.method == "GET":
        form.first_day.data, form.last_day.data = cohort.starts_on, cohort.ends_on
        form.skip.data = "\n".join(f"{day.isoformat()} {name}" for day, name in holidays)
    plan = None
    if form.validate_on_submit():
        plan = class_series_plan(
            first=form.first_day.data,
            last=form.last_day.data,
            weekdays=form.weekdays.data,
            skip=form.skip_dates,
        )
        if plan.refusal:
            form.weekdays.errors.append(plan.refusal)
            plan = None
        elif request.form.get("action") == "create":
            if form.expected.data == str(len(plan.dates)):
                created = series_create(cohort, form)
                if created:
                    return created
                plan = None
            else:
                flash(_("The dates changed since the preview: check them, then create."), "error")
        form.expected.data = str(len(plan.dates)) if plan else ""
    return render_template(
        "sessions/series.html", form=form, cohort=cohort, plan=plan, holidays=holidays
    )


def series_create(cohort: Cohort, form: SeriesForm):
    """Create the series a validated, previewed form describes and redirect to it; on a
    refusal, add the reason to the form and return None."""
    try:
        sessions, plan = class_series_schedule(
            cohort=cohort,
            by=current_user,
            first=form.first_day.data,
            last=form.last_day.data,
            weekdays=form.weekdays.data,
            skip=form.skip_dates,
            local_start=form.start_time.data,
            **form.session_values(),
        )
    except SchedulingError as error:
        form.weekdays.errors.append(str(error))
        return None
    db.session.commit()
    flash(plan.outcome, "success")
    first = to_local(sessions[0].starts_at).date()
    past = "1" if first < local_today() else None
    return redirect(url_for("sessions.cohort", cohort_id=cohort.id, past=past, **{"from": first}))


@bp.route("/sessions/<int:session_id>")
@role_required(*ALL_ROLES)
def detail(session_id: int):
    """Show a session: when, where, what, who teaches, and whether it is cancelled."""
    session = get_session_or_404(session_id, current_user)
    teacher = db.session.get(User, session.teacher_id) if session.teacher_id else None
    entry = TimetableEntry(session, session.cohort.name, teacher.display_name if teacher else None)
    staff = current_user.role in (Role.COORDINATOR, Role.PARTNER)
    return render_template(
        "sessions/detail.html",
        entry=entry,
        session=session,
        teacher=teacher,
        marks=class_session_mark_count(session=session) if staff else None,
        cohort_visible=can_view_cohort(current_user, session.cohort),
        attendance_url=(
            url_for("attendance.take", session_id=session.id)
            if can_take_attendance(current_user, session)
            and "attendance.take" in current_app.view_functions
            else None
        ),
    )


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit(session_id: int):
    """Change one session, or this one and the rest of its series."""
    session = get_session_or_404(session_id, current_user)
    local = to_local(session.starts_at)
    current = {
        "day": local.date(),
        "start_time": local.time(),
        "duration_minutes": session.duration_minutes,
        "mode": session.mode.value,
        "place": session.place,
        "meeting_url": session.meeting_url,
        "topic": session.topic,
        "teacher": str(session.teacher_id or ""),
    }
    marks = class_session_mark_count(session=session)
    form = SessionForm(data=current if request.method == "GET" else None)
    form.set_teachers(cohort_teacher_candidates(session.cohort, session.teacher_id))
    if form.validate_on_submit():
        moved = form.day.data != local.date()
        try:
            count = class_session_update(
                session=session,
                by=current_user,
                starts_at=starts_at_of(form),
                rest_of_series=form.scope.data == "rest",
                marks_confirmed=form.move_marks.data,
                **form.session_values(),
            )
        except SchedulingError as error:
            # The service checks the marks first, so an unconfirmed move is refused for them.
            confirm = marks and moved and not form.move_marks.data
            (form.move_marks if confirm else form.teacher).errors.append(str(error))
        else:
            db.session.commit()
            message = ngettext(
                "Saved: %(num)s session changed.", "Saved: %(num)s sessions changed.", count
            )
            flash(message if count else _("Nothing changed."), "success")
            return redirect(url_for("sessions.detail", session_id=session.id))
    return render_template(
        "sessions/form.html", form=form, cohort=session.cohort, session=session, marks=marks
    )


@bp.route("/sessions/<int:session_id>/cancel", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def cancel(session_id: int):
    """Cancel a session with a reason; confirm first when attendance was taken."""
    session = get_session_or_404(session_id, current_user)
    marks = class_session_mark_count(session=session)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            class_session_call_off(
                session=session,
                reason=form.reason.data,
                by=current_user,
                marks_confirmed=form.confirm.data,
            )
        except SchedulingError as error:
            (form.confirm if marks and not session.cancelled else form.reason).errors.append(
                str(error)
            )
        else:
            db.session.commit()
            flash(_("Session cancelled. It counts against nobody."), "success")
            return redirect(url_for("sessions.detail", session_id=session.id))
    return render_template("sessions/cancel.html", form=form, session=session, marks=marks)


@bp.route("/sessions/<int:session_id>/restore", methods=["POST"])
@role_required(Role.COORDINATOR)
def restore(session_id: int):
    """Un-cancel a session (CSRFProtect checks the token of every POST)."""
    session = get_session_or_404(session_id, current_user)
    try:
        class_session_restore(session=session, by=current_user)
    except SchedulingError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The session takes place again."), "success")
    return redirect(url_for("sessions.detail", session_id=session.id))
