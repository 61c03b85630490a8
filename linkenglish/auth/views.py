"""Signing in and out."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from linkenglish.audit.services import audit_record
from linkenglish.auth.forms import LoginForm
from linkenglish.auth.services import user_authenticate, user_by_email
from linkenglish.auth.throttle import (
    sign_in_failures_clear,
    sign_in_try_reserve,
)
from linkenglish.authz import role_required
from linkenglish.extensions import db
from linkenglish.redirects import redirect_next

bp = Blueprint("auth", __name__)


@bp.route("/sign-in", methods=["GET", "POST"])
def login():
    """Show the sign-in form; sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        reserved = sign_in_try_reserve(email=form.email.data)
        if reserved is None:
            audit_record(action="login.throttled", actor=None)
            db.session.commit()
            form.password.errors.append(
                _(
                    "Too many wrong passwords for this e-mail address. Wait %(minutes)s "
                    "minutes and try again, or ask a coordinator for a link to set a new "
                    "password.",
                    minutes=current_app.config["SIGN_IN_WINDOW_MINUTES"],
                )
            )
            return render_template("auth/login.html", form=form), 429
        db.session.commit()  # the try is reserved: other workers count it from now on
        user = user_authenticate(email=form.email.data, password=form.password.data)
        if user is None:
            known = user_by_email(form.email.data)
            audit_record(
                action="login.failed",
                actor=None,
                object_type="user" if known else None,
                object_id=known.id if known else None,
            )
            db.session.commit()
            form.password.errors.append(_("The e-mail or password is not right."))
        else:
            language = session.get("language")
            session.clear()  # a fresh session, so nothing from before sign-in carries over
            if language:
                session["language"] = language  # except the language chosen in the footer
            login_user(user)
            sign_in_failures_clear(email=form.email.data)
            audit_record(action="login", actor=user, object_type="user", object_id=user.id)
            db.session.commit()
            return redirect_next()
    return render_template("auth/login.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@role_required()
def logout():
    """Sign out."""
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
