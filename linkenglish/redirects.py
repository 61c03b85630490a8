"""Where a redirect that follows user input (?next=, a form's next) may go: a path on this
site, or else the default page.

Browsers read a Location more loosely than it looks: they drop tabs and newlines, take a
backslash for a slash, and treat `//host` (however many slashes) as another site; a proxy or
a second decoding may turn `%2F` into a slash. So a value is refused unless it, and each
percent-decoding of it, is a plain path: one leading slash, no backslash, no control, format
or space characters, no scheme and no host. Refused and overlong values are never echoed.
"""

import unicodedata
from urllib.parse import unquote, urlsplit

from flask import current_app, flash, redirect, request, url_for
from werkzeug.wrappers import Response

# Longer than any page of ours needs, far shorter than anything a header should carry.
MAX_NEXT_LENGTH = 2000


def is_plain_path(value: str, *, refused: str = "CZ") -> bool:
    """Tell whether value, read as a browser reads it, is a path with no host or scheme;
    refused names the Unicode categories no character may belong to."""
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return False
    if any(unicodedata.category(character)[0] in refused for character in value):
        return False  # controls (tab, CR, LF, NUL), invisible format characters, spaces
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc


def is_local_path(value: object) -> bool:
    """Tell whether value is a path on this site, also after percent-decoding it."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_NEXT_LENGTH:
        return False
    if not is_plain_path(value):
        return False
    while "%" in value:
        try:
            decoded = unquote(value, errors="strict")
        except UnicodeDecodeError:
            return False  # escapes that are not UTF-8
        if decoded == value:
            break
        # A decoded space (a search for two words) is fine; a decoded CR, LF or slash is not.
        if not is_plain_path(decoded, refused="C"):
            return False
        value = decoded
    return True


def redirect_target(value: object, *, default: str | None = None) -> str:
    """Return value when it is a path on this site, else default (the dashboard)."""
    if is_local_path(value):
        return value
    return default or url_for("main.dashboard")


def redirect_next(*, default: str | None = None) -> Response:
    """Redirect to the page that ?next= or the form's next names, when it is on this site."""
    return redirect(redirect_target(request.values.get("next"), default=default))


def this_page() -> str | None:
    """Return this page's path and query, as the next of its forms, when one would follow
    it; None for an address too long or too odd to carry along."""
    here = request.full_path if request.query_string else request.path
    return here if is_local_path(here) else None


def sign_in_first() -> Response:
    """Send a visitor to sign in, and back here afterwards when this page is one to go to."""
    manager = current_app.login_manager
    flash(str(manager.login_message), manager.login_message_category)
    return redirect(url_for("auth.login", next=this_page()))
