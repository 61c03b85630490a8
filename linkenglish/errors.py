"""Error pages that say what went wrong in general and nothing about the request."""

from flask import Flask, jsonify, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadHost, HTTPException, InternalServerError, SecurityError

from linkenglish.access import is_json_api
from linkenglish.extensions import db

MESSAGES = {
    400: (
        _l("Bad request"),
        _l("The request could not be understood. Please go back and try again."),
    ),
    403: (_l("Not allowed"), _l("You are not allowed to do this.")),
    404: (_l("Page not found"), _l("There is no page at this address.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    410: (_l("Gone"), _l("This page has been removed and will not come back.")),
    413: (_l("Too large"), _l("What you sent is larger than we accept.")),
    500: (_l("Something went wrong"), _l("We could not finish this. Please try again later.")),
}
CSRF_MESSAGE = _l(
    "This form has expired or was sent from another page. Go back, reload the page and "
    "send it again; what you typed may still be in the form."
)


def render_error(code: int, message=None):
    """Render the error page for an HTTP status."""
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    page = render_template(
        "errors/error.html", code=code, title=title, message=message or default_message
    )
    return page, code


def json_error(error: str, code: int):
    """The error of a JSON endpoint, as JSON: a script cannot read an HTML page."""
    return jsonify(error=error), code


def handle_http_error(error: HTTPException):
    """Any HTTP error: our own page, keeping headers such as Allow on 405."""
    code = error.code if error.code in MESSAGES else 500
    if is_json_api():
        body, status = json_error(error.name.lower().replace(" ", "_"), code)
    else:
        body, status = render_error(code)
    headers = {"Allow": error.valid_methods} if getattr(error, "valid_methods", None) else {}
    if headers:
        headers["Allow"] = ", ".join(headers["Allow"])
    return body, status, headers


def handle_csrf_error(_error: CSRFError):
    """A missing or wrong CSRF token: ask to reload, never act."""
    if is_json_api():
        return json_error("csrf", 400)
    return render_error(400, CSRF_MESSAGE)


def handle_bad_host(_error: BadHost | SecurityError):
    """A Host we do not serve, or no host name at all: a plain 400, since no link can be
    built for it."""
    title, message = MESSAGES[400]
    return f"{title}\n{message}\n", 400, {"Content-Type": "text/plain; charset=utf-8"}


def handle_server_error(_error: InternalServerError):
    """An unexpected error: undo the half-done transaction and say nothing specific."""
    db.session.rollback()
    if is_json_api():
        return json_error("server_error", 500)
    return render_error(500)


def register_error_handlers(app: Flask) -> None:
    """Bind the handlers above."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(SecurityError, handle_bad_host)
    app.register_error_handler(BadHost, handle_bad_host)
    app.register_error_handler(InternalServerError, handle_server_error)
    app.register_error_handler(HTTPException, handle_http_error)
