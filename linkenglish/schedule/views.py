"""A participant's own pages (their attendance and coming sessions, their calendar link) and
the calendar feed: public, found only through the secret in its URL."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from linkenglish.authz import role_required
from linkenglish.classes.attendance_forms import ATTENDANCE_STATUS_LABELS
from linkenglish.classes.rates import attendance_rates
from linkenglish.extensions import db
from linkenglish.models import Role, utcnow
from linkenglish.schedule.feed import CONTENT_TYPE, calendar_render
from linkenglish.schedule.forms import CalendarLinkForm
from linkenglish.schedule.services import (
    HISTORY_LIMIT,
    CalendarLinkError,
    OwnSession,
    calendar_link_create,
    calendar_link_reset,
    calendar_owner_find,
    calendar_sessions_list,
    own_enrollments_list,
    own_history_list,
    own_next_session_find,
    own_upcoming_list,
)

bp = Blueprint("me", __name__)

MARK_LABELS = {
    **{status.value: label for status, label in ATTENDANCE_STATUS_LABELS.items()},
    "not_taken": _l("Not taken"),
    "cancelled": _l("Cancelled"),
}


@bp.app_template_global()
def own_next_session() -> OwnSession | None:
    """Find the signed-in participant's next session, for their dashboard."""
    if not current_user.is_authenticated or current_user.role is not Role.PARTICIPANT:
        return None
    return own_next_session_find(participant_id=current_user.participant_id, now=utcnow())


@bp.route("/me/attendance")
@role_required(Role.PARTICIPANT)
def attendance():
    """Show the participant their coming sessions, their rate per cohort and their marks."""
    now, participant_id = utcnow(), current_user.participant_id
    enrollments = own_enrollments_list(participant_id=participant_id)
    history, more = own_history_list(participant_id=participant_id, now=now)
    return render_template(
        "me/attendance.html",
        upcoming=own_upcoming_list(user=current_user, now=now),
        enrollments=enrollments,
        rates=attendance_rates(participant_ids=[participant_id], now=now),
        history=history,
        more=more,
        history_limit=HISTORY_LIMIT,
        mark_labels=MARK_LABELS,
    )


def feed_url(token: str) -> str:
    """Build the feed's full address from PUBLIC_URL (as accounts.show_link)."""
    return url_for("me.calendar_feed", token=token, _external=True)


@bp.route("/me/calendar")
@role_required(Role.PARTICIPANT)
def calendar():
    """Show the participant's calendar link and how to add it to a calendar app."""
    token = current_user.calendar_token
    url = feed_url(token) if token else None
    return render_template(
        "me/calendar.html",
        url=url,
        webcal_url="webcal://" + url.split("://", 1)[1] if url else None,
        form=CalendarLinkForm(),
    )


def calendar_link_change(service, done: str):
    """Run a calendar link service for the signed-in user, then go back to the link page."""
    form = CalendarLinkForm()
    if form.validate_on_submit():
        try:
            service(user=current_user._get_current_object())
        except CalendarLinkError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(done, "success")
    return redirect(url_for("me.calendar"))


@bp.route("/me/calendar/create", methods=["POST"])
@role_required(Role.PARTICIPANT)
def calendar_create():
    """Create the participant's calendar link."""
    return calendar_link_change(calendar_link_create, _("Your calendar link is ready."))


@bp.route("/me/calendar/reset", methods=["POST"])
@role_required(Role.PARTICIPANT)
def calendar_reset():
    """Replace the participant's calendar link; the old one stops working at once."""
    done = _("Your calendar has a new link. The old one no longer works: add the new one.")
    return calendar_link_change(calendar_link_reset, done)


@bp.route("/calendar/<token>.ics")
def calendar_feed(token: str):
    """Serve a participant's sessions as a calendar; never touches the sign-in session."""
    owner = calendar_owner_find(token=token)
    if owner is None:
        abort(404)
    sessions = calendar_sessions_list(participant_id=owner.participant_id, now=utcnow())
    body = calendar_render(sessions=sessions, user_id=owner.user_id)
    return Response(body, content_type=CONTENT_TYPE)
