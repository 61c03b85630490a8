"""Self check-in: the teacher's screen with the code of the minute, and the participant's
page for entering it."""

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from linkenglish.authz import can_take_attendance, get_session_or_404, role_required
from linkenglish.checkin.entry import checkin_code_submit, checkin_open_for
from linkenglish.checkin.forms import CodeForm, OpenForm
from linkenglish.checkin.services import (
    CheckinError,
    CheckinState,
    Outcome,
    checkin_state,
    checkin_window_close,
    checkin_window_open,
    on_session_day,
)
from linkenglish.dates import localtime
from linkenglish.extensions import db
from linkenglish.models import ClassSession, Role

bp = Blueprint("checkin", __name__)
TEACHERS = (Role.COORDINATOR, Role.PARTNER)
REFRESH_SECONDS = 10


def taught_session_or_404(session_id: int) -> ClassSession:
    """Load a session this user may see and take attendance for, or answer 404."""
    session = get_session_or_404(session_id, current_user)
    if not can_take_attendance(current_user, session):
        abort(404)
    return session


@bp.route("/sessions/<int:session_id>/checkin")
@role_required(*TEACHERS)
def screen(session_id: int):
    """Show the check-in code of this minute, large, or the form that opens a window."""
    session = taught_session_or_404(session_id)
    form = OpenForm(late_after=session.checkin_late_after_minutes)
    return screen_page(session, form)


def screen_page(session: ClassSession, form: OpenForm):
    """Render the teacher's check-in screen."""
    state = checkin_state(session=session)
    return render_template(
        "checkin/screen.html",
        session=session,
        state=state,
        texts=state_texts(state),
        form=form,
        # Host and path only, from PUBLIC_URL: short enough to type on a phone.
        enter_url=url_for("checkin.enter", _external=True).split("://", 1)[1],
        on_the_day=on_session_day(session),
    )


def state_texts(state: CheckinState) -> dict:
    """Return the changing lines of the screen, translated, for the page and its script."""
    if not state.open:
        return {"open": False}
    return {
        "open": True,
        "code": f"{state.code[:3]} {state.code[3:]}",
        "minute": _("Code for %(minute)s", minute=localtime(state.minute, "HH:mm")),
        "closes": ngettext(
            "Closes at %(time)s: %(num)s minute left",
            "Closes at %(time)s: %(num)s minutes left",
            state.minutes_left,
            time=localtime(state.closes_at, "HH:mm"),
        ),
        "checked_in": _(
            "%(checked)s of %(roster)s checked in", checked=state.checked_in, roster=state.roster
        ),
        # The next look: at the latest when the code changes, at least every 10 seconds.
        "refresh_ms": int(min(REFRESH_SECONDS, state.seconds_to_next_code + 0.5) * 1000),
    }


@bp.route("/sessions/<int:session_id>/checkin/code")
@role_required(*TEACHERS)
def code(session_id: int):
    """Return this minute's code and the window's state as JSON, for the screen's script."""
    session = taught_session_or_404(session_id)
    return jsonify(state_texts(checkin_state(session=session)))


WINDOW_REFUSALS = {
    "cancelled": lambda: _("This session was cancelled; it takes no check-in."),
    "not_today": lambda: _("Check-in opens only on the day of the session."),
    "out_of_range": lambda: _("Check-in stays open 1 to 120 minutes; late from 0 to 240."),
}


@bp.route("/sessions/<int:session_id>/checkin/open", methods=["POST"])
@role_required(*TEACHERS)
def open_window(session_id: int):
    """Open or restart the check-in window with a new code secret."""
    session = taught_session_or_404(session_id)
    form = OpenForm()
    if not form.validate():
        return screen_page(session, form)
    try:
        checkin_window_open(
            session=session,
            minutes=form.minutes.data,
            late_after_minutes=form.late_after.data,
            by=current_user,
        )
    except CheckinError as error:
        flash(WINDOW_REFUSALS.get(str(error), WINDOW_REFUSALS["cancelled"])(), "error")
    else:
        db.session.commit()
        flash(_("Check-in is open. Show this screen to the class."), "success")
    return redirect(url_for("checkin.screen", session_id=session.id))


@bp.route("/sessions/<int:session_id>/checkin/close", methods=["POST"])
@role_required(*TEACHERS)
def close_window(session_id: int):
    """Close the check-in window now; no code is accepted after this."""
    session = taught_session_or_404(session_id)
    if checkin_window_close(session=session, by=current_user):
        db.session.commit()
        flash(_("Check-in is closed."), "success")
    else:
        flash(_("Check-in was not open."), "info")
    return redirect(url_for("checkin.screen", session_id=session.id))


OUTCOME_MESSAGES = {
    Outcome.ALREADY_MARKED: lambda: _(
        "You are already marked for this session, so the code was not needed. "
        "Ask your teacher if your mark is wrong."
    ),
    Outcome.REPLAYED: lambda: _("This code was used already. You are checked in."),
    Outcome.EXPIRED: lambda: _(
        "This code has expired. Enter the code on the screen now: it changes every minute."
    ),
    Outcome.NO_MATCH: lambda: _(
        "No open check-in matches this code. Check the code on the screen and try again."
    ),
    Outcome.TOO_MANY_TRIES: lambda: _("Too many tries. Ask your teacher to mark your attendance."),
}


@bp.route("/checkin", methods=["GET", "POST"])
@role_required(Role.PARTICIPANT)
def enter():
    """Take the code a participant reads off the screen and check them in."""
    form = CodeForm()
    if form.validate_on_submit():
        try:
            result = checkin_code_submit(user=current_user, code=form.code.data)
            db.session.commit()
        except IntegrityError:  # the teacher saved a mark at the same moment
            db.session.rollback()
            result = None
        if result is not None and result.outcome in (Outcome.PRESENT, Outcome.LATE):
            flash(
                _("You are checked in: present.")
                if result.outcome is Outcome.PRESENT
                else _("You are checked in: late."),
                "success",
            )
            return redirect(url_for("checkin.enter"))
        outcome = result.outcome if result else Outcome.ALREADY_MARKED
        form.code.errors.append(OUTCOME_MESSAGES[outcome]())
        form.code.data = ""
    return render_template("checkin/enter.html", form=form)


@bp.app_template_global()
def checkin_link(session: ClassSession) -> str | None:
    """Return where this user goes for a session's check-in: the teacher's screen, or the
    participant's code page while their window is open and they have no mark; else None."""
    if not current_user.is_authenticated or session.cancelled:
        return None
    if can_take_attendance(current_user, session):
        # On the day, or later to see how a window went; not for days ahead or long past.
        if session.checkin_opens_at or on_session_day(session):
            return url_for("checkin.screen", session_id=session.id)
        return None
    if current_user.role is Role.PARTICIPANT and checkin_open_for(
        participant_id=current_user.participant_id, session=session
    ):
        return url_for("checkin.enter")
    return None


@bp.app_template_global()
def checkin_waiting() -> bool:
    """Tell whether the signed-in participant has a session taking check-ins now."""
    return current_user.is_authenticated and (
        current_user.role is Role.PARTICIPANT
        and checkin_open_for(participant_id=current_user.participant_id)
    )
