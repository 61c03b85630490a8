"""PUBLIC_URL, the one source of absolute URLs, and the host names requests may carry.

A Host header (or X-Forwarded-Host) is chosen by whoever sends the request: copied into a
feed, a canonical link or a set-password link, it lets an attacker publish links to their
own site under ours (the classic password-reset poisoning). So every absolute URL starts
with PUBLIC_URL, and outside debug mode Flask's TRUSTED_HOSTS answers 400 to other hosts.
"""

from urllib.parse import urlsplit

from flask import Flask, has_request_context, request
from flask.globals import request_ctx
from werkzeug.exceptions import BadHost
from werkzeug.routing import MapAdapter
from werkzeug.wsgi import host_is_trusted

PUBLIC_URL_HELP = "set it to the site's public address, such as https://english.example.org"


def public_url_problem(value: object) -> str | None:
    """Say what is wrong with a PUBLIC_URL, or None when it is a bare http(s) origin."""
    if not value:
        return f"PUBLIC_URL is not set: {PUBLIC_URL_HELP}."
    if not isinstance(value, str) or not value.isascii() or not value.isprintable():
        return "PUBLIC_URL must be plain ASCII (write a Unicode domain in its xn-- form)."
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (reading it checks the port)
    except ValueError:
        return f"PUBLIC_URL {value!r} is not a valid URL."
    if parts.scheme not in {"http", "https"} or not value.startswith(f"{parts.scheme}://"):
        return f"PUBLIC_URL {value!r} must start with https:// (or http:// for local testing)."
    if "@" in parts.netloc or not host_is_trusted(parts.netloc.lower()):
        return f"PUBLIC_URL {value!r} must name a host, without a user or password."
    if ":" in parts.hostname:  # Flask's TRUSTED_HOSTS cannot match an IPv6 address
        return f"PUBLIC_URL {value!r} must name a host or an IPv4 address, not IPv6."
    if parts.path not in {"", "/"} or "?" in value or "#" in value:
        return f"PUBLIC_URL {value!r} must be the site's address alone: no path, query or #."
    return None


def public_origin(value: str) -> str:
    """Return a valid PUBLIC_URL as scheme://host[:port], lower case, without a slash."""
    parts = urlsplit(value)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def public_host(value: str) -> str:
    """Return the host name of PUBLIC_URL, without its port."""
    return urlsplit(value).hostname


class LinkEnglish(Flask):
    """Flask, except that an absolute URL never takes its scheme or host from the request."""

    def url_for(
        self,
        /,
        endpoint: str,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values,
    ) -> str:
        """Build a URL; an absolute one is PUBLIC_URL followed by the path."""
        if _scheme is not None:
            raise ValueError("Absolute URLs take their scheme from PUBLIC_URL; drop _scheme.")
        path = super().url_for(
            endpoint, _anchor=_anchor, _method=_method, _external=False, **values
        )
        if _external is None:
            _external = not has_request_context()  # as Flask: absolute outside a request
        return self.config["PUBLIC_URL"] + path if _external else path

    def preprocess_request(self):
        """Answer a request whose host no URL can be built for (untrusted, or not a host name)
        at once: no hook may run and build a URL for it."""
        if request_ctx.url_adapter is None and request.routing_exception is not None:
            raise request.routing_exception
        return super().preprocess_request()

    def create_url_adapter(self, request) -> MapAdapter | None:
        """Outside a request (the CLI), build URLs for PUBLIC_URL rather than SERVER_NAME;
        answer 400 to a host that cannot be encoded."""
        if request is not None:
            try:
                return super().create_url_adapter(request)
            except UnicodeError:  # debug mode lets in hosts IDNA cannot encode (64+ letters)
                raise BadHost() from None
        if self.config["SERVER_NAME"] is not None:
            return super().create_url_adapter(request)
        parts = urlsplit(self.config["PUBLIC_URL"])
        return self.url_map.bind(parts.netloc, script_name="/", url_scheme=parts.scheme)


# `flask run` serves on port 5000: debug mode without PUBLIC_URL links there, never to Host.
DEBUG_PUBLIC_URL = "http://localhost:5000"


def hosts_configure(app: Flask) -> None:
    """Check PUBLIC_URL and trust its host (and TRUSTED_HOSTS) alone; refuse to start when
    it is missing or malformed outside debug mode."""
    value = app.config.get("PUBLIC_URL") or (DEBUG_PUBLIC_URL if app.debug else None)
    problem = public_url_problem(value)
    if problem:
        raise SystemExit(f"LiNK English: {problem}")
    app.config["PUBLIC_URL"] = public_origin(value)
    if value.startswith("http://") and app.config["SESSION_COOKIE_SECURE"]:
        raise SystemExit(
            "LiNK English: PUBLIC_URL starts with http:// while SESSION_COOKIE_SECURE is on: "
            "links would carry their tokens over plain HTTP and sign-in would fail. Use "
            "https://, or set SESSION_COOKIE_SECURE=0 only to test over plain HTTP."
        )
    extra = app.config["TRUSTED_HOSTS"] or []
    extra = [extra] if isinstance(extra, str) else list(extra)
    # Debug mode answers any host, so that http://127.0.0.1:5000 works for the demo too.
    app.config["TRUSTED_HOSTS"] = None if app.debug else [public_host(value), *extra]
