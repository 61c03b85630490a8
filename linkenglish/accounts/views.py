"""Logins: the coordinators' list, invitations, reset links, disabling; and the page where
the invited person sets a password."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from linkenglish.accounts.forms import (
    ConfirmForm,
    CoordinatorInviteForm,
    ParticipantLoginForm,
    PartnerInviteForm,
    SetPasswordForm,
)
from linkenglish.accounts.services import (
    AccountRuleError,
    IssuedLink,
    LinkRefused,
    account_link_create,
    account_token_find,
    account_token_use,
    login_invite,
    logins_list,
    now,
    pending_link_find,
    user_disable,
    user_enable,
)
from linkenglish.audit.services import audit_record
from linkenglish.authz import get_login_or_404, get_participant_or_404, role_required
from linkenglish.extensions import db
from linkenglish.forms import select_choices
from linkenglish.models import Participant, PartnerOrganisation, Role, User
from linkenglish.redirects import redirect_next

bp = Blueprint("accounts", __name__)


def show_link(user: User, issued: IssuedLink):
    """Render the page that shows a new link once; in debug mode print it as well."""
    # PUBLIC_URL, never the request's Host: a link built from Host is the classic
    # password-reset poisoning. Its https:// keeps the token off plain HTTP.
    url = url_for("accounts.set_password", token=issued.token, _external=True)
    if current_app.debug:
        current_app.logger.info("Account link for login %s: %s", user.id, url)
    return render_template("accounts/link.html", user=user, issued=issued, url=url)


def back_to(user: User):
    """Redirect to the page the button was on (?next=), or else to the login's page."""
    return redirect_next(default=url_for("accounts.detail", user_id=user.id))


@bp.route("/accounts/")
@role_required(Role.COORDINATOR)
def index():
    """List every login, without e-mail addresses."""
    return render_template("accounts/index.html", rows=logins_list())


@bp.route("/accounts/<int:user_id>")
@role_required(Role.COORDINATOR)
def detail(user_id: int):
    """Show one login, with its e-mail address; each view is audited."""
    user = get_login_or_404(user_id, current_user)
    audit_record(
        action="user.email.view", actor=current_user, object_type="user", object_id=user.id
    )
    db.session.commit()
    return render_template("accounts/detail.html", user=user, pending=pending_link_find(user=user))


@bp.route("/accounts/invite/coordinator", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def invite_coordinator():
    """Create a coordinator login and its invitation link."""
    form = CoordinatorInviteForm()
    return invite(form, Role.COORDINATOR, _("Invite a coordinator"))


@bp.route("/accounts/invite/partner", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def invite_partner():
    """Create a partner user's login and its invitation link."""
    form = PartnerInviteForm()
    organisations = db.session.scalars(
        select(PartnerOrganisation).order_by(PartnerOrganisation.name)
    ).all()
    form.partner.choices = select_choices(
        [("", _("Choose an organisation"))]
        + [(organisation.id, organisation.name) for organisation in organisations]
    )
    if request.method == "GET" and request.args.get("partner", type=int):
        form.partner.data = request.args.get("partner", type=int)  # from the organisation's page
    return invite(form, Role.PARTNER, _("Invite a partner user"), organisations=organisations)


def invite(form, role: Role, title: str, **context):
    """Validate an invitation form, create the login, and show its link."""
    if form.validate_on_submit():
        partner = None
        if role is Role.PARTNER:
            partner = db.session.get(PartnerOrganisation, form.partner.data)
        try:
            user, issued = login_invite(
                email=form.email.data,
                role=role,
                display_name=form.display_name.data,
                partner=partner,
                by=current_user,
            )
            db.session.commit()
        except (ValueError, IntegrityError):
            # Another coordinator took the address between the check and the save.
            db.session.rollback()
            form.email.errors.append(_("Another login uses this e-mail address already."))
        else:
            return show_link(user, issued)
    return render_template("accounts/invite.html", form=form, role=role, title=title, **context)


@bp.route("/accounts/participants/<int:participant_id>/login", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def participant_login(participant_id: int):
    """Create a participant's login and its invitation link."""
    participant = get_participant_or_404(participant_id, current_user)
    if participant.erased_at is not None:
        abort(404)
    if participant.user is not None:
        flash(_("This participant has a login already."), "info")
        return redirect(url_for("accounts.detail", user_id=participant.user.id))
    form = ParticipantLoginForm()
    if request.method == "GET":
        form.email.data = participant.email
    if form.validate_on_submit():
        try:
            user, issued = login_invite(
                email=form.email.data,
                role=Role.PARTICIPANT,
                participant=participant,
                by=current_user,
            )
            db.session.commit()
        except (ValueError, IntegrityError):
            db.session.rollback()
            form.email.errors.append(_("Another login uses this e-mail address already."))
        else:
            return show_link(user, issued)
    return render_template("accounts/participant_login.html", form=form, participant=participant)


@bp.route("/accounts/<int:user_id>/link", methods=["POST"])
@role_required(Role.COORDINATOR)
def link_create(user_id: int):
    """Create a new invitation or password-reset link; earlier unused links stop working."""
    user = get_login_or_404(user_id, current_user)
    if ConfirmForm().validate_on_submit():
        try:
            issued = account_link_create(user=user, by=current_user)
        except AccountRuleError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            return show_link(user, issued)
    return back_to(user)


def login_change(user_id: int, change, done: str):
    """Apply a confirmed change to a login, report it, and go back where the button was."""
    user = get_login_or_404(user_id, current_user)
    if ConfirmForm().validate_on_submit():
        try:
            change(user=user, by=current_user)
        except AccountRuleError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(done, "success")
    return back_to(user)


@bp.route("/accounts/<int:user_id>/disable", methods=["POST"])
@role_required(Role.COORDINATOR)
def disable(user_id: int):
    """Disable a login and sign it out everywhere."""
    return login_change(user_id, user_disable, _("The login is disabled; its sessions have ended."))


@bp.route("/accounts/<int:user_id>/enable", methods=["POST"])
@role_required(Role.COORDINATOR)
def enable(user_id: int):
    """Enable a disabled login again."""
    return login_change(user_id, user_enable, _("The login is enabled."))


@bp.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    """Let the holder of an invitation or reset link choose a password, then sign them in."""
    try:
        found = account_token_find(token=token)
    except LinkRefused as refused:
        return render_template("accounts/link_refused.html"), refused.status
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = account_token_use(token=found, password=form.password.data)
        except LinkRefused as refused:
            db.session.rollback()
            return render_template("accounts/link_refused.html"), refused.status
        session.clear()  # a fresh session, so nothing from before carries over
        user.last_login_at = now()
        login_user(user)
        audit_record(action="login", actor=user, object_type="user", object_id=user.id)
        db.session.commit()
        flash(_("Your password is set and you are signed in."), "success")
        return redirect(url_for("main.dashboard"))
    return render_template("accounts/set_password.html", form=form, purpose=found.purpose)


@bp.app_template_global()
def participant_login_panel(participant: Participant) -> dict:
    """Return what a participant's page shows a coordinator about their login."""
    user = participant.user
    if user is None:
        return {
            "user": None,
            "form": ParticipantLoginForm(formdata=None, data={"email": participant.email}),
        }
    return {"user": user, "pending": pending_link_find(user=user)}
