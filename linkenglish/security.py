"""Headers that every response carries."""

from flask import Response, current_app, request

# No inline script or style, ever; nothing from another origin.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# Endpoints whose views set their own Cache-Control: static files, and the public essay page
# ("no-cache": a browser may keep it but must ask again, so a withdrawal holds at once).
OWN_CACHING = frozenset({"static", "gallery.essay"})


def set_security_headers(response: Response) -> Response:
    """Add CSP and friends; pages are never cached unless their view says otherwise, so a
    withdrawal or sign-out holds."""
    headers = response.headers
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    # No Referer: a URL must never carry anything out of this site.
    headers["Referrer-Policy"] = "no-referrer"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    # Whatever scheme the proxy spoke to us in: browsers ignore HSTS on plain HTTP anyway.
    if current_app.config["PUBLIC_URL"].startswith("https://"):
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    # Only the views listed decide their own caching; everything else, downloads of personal
    # data included (whatever send_file would say), is never stored.
    decides = request.endpoint in OWN_CACHING and "Cache-Control" in headers
    if not decides and request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
    return response
