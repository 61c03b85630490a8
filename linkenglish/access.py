"""Who may use which view: every view is either listed in PUBLIC_ENDPOINTS or declares its
roles with @role_required; anything else is refused, and create_app will not start with
such a view. Per-object rules are in linkenglish.authz.
"""

from collections.abc import Callable

from flask import Flask, abort, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from linkenglish.models import Role

# Endpoints anyone may use without signing in. The calendar feed is found only through the
# secret token in its URL, and never touches the sign-in session.
PUBLIC_ENDPOINTS = frozenset(
    {
        "static",
        "main.index",
        "main.language",  # the footer's language choice, for this browser only
        "auth.login",
        "accounts.set_password",
        "me.calendar_feed",
        # The public gallery of published essays (see linkenglish/gallery).
        "gallery.index",
        "gallery.essay",
        "gallery.feed",
        "gallery.sitemap",
        "gallery.robots",
    }
)

ALL_ROLES = frozenset(Role)


def role_required(*roles: Role) -> Callable:
    """Declare which roles may use a view (none named: any signed-in user); others get 404."""
    allowed = frozenset(roles) or ALL_ROLES

    def decorate(view: Callable) -> Callable:
        view.allowed_roles = allowed
        return view

    return decorate


def json_api(view: Callable) -> Callable:
    """Mark a view whose answers, errors included, are JSON for a script: a signed-out
    caller gets 401, never a redirect to the sign-in page."""
    view.json_api = True
    return view


def is_json_api() -> bool:
    """Tell whether the endpoint of this request answers in JSON (see json_api)."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return bool(getattr(view, "json_api", False))


def enforce_declared_access():
    """Before each request: sign-in and role checks for the endpoint being called."""
    endpoint = request.endpoint
    if endpoint is None or endpoint in PUBLIC_ENDPOINTS:
        return None  # unknown URLs fall through to the 404/405 handlers
    allowed = getattr(current_app.view_functions[endpoint], "allowed_roles", None)
    if allowed is None:
        abort(404)
    if not current_user.is_authenticated:
        if is_json_api():
            message = _(
                "You have been signed out. Sign in again in another tab; your text is kept."
            )
            return jsonify(error="signed_out", message=message), 401
        return current_app.login_manager.unauthorized()
    if current_user.role not in allowed:
        abort(404)
    return None


def check_views_declared(app: Flask) -> None:
    """Refuse to start when a view neither is public nor declares its roles."""
    undeclared = sorted(
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint not in PUBLIC_ENDPOINTS and not hasattr(view, "allowed_roles")
    )
    if undeclared:
        raise RuntimeError(
            "Views without @role_required and not in PUBLIC_ENDPOINTS: " + ", ".join(undeclared)
        )
