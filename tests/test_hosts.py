"""Host names: PUBLIC_URL makes every absolute URL, and other hosts are answered 400."""

import ast
import re
from pathlib import Path

import pytest
from flask import url_for

from conftest import CSRF_PATTERN
from linkenglish.models import Role

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = "https://english.example.org"
INTERNAL = "http://app.internal"  # how the proxy reaches the app: accepted, never shown
ABSOLUTE = re.compile(r"""\b[a-z][a-z0-9+.-]*://[^\s"'<>]*""", re.IGNORECASE)
NAMESPACES = {"http://www.w3.org/2005/Atom", "http://www.sitemaps.org/schemas/sitemap/0.9"}

HOSTILE_HOSTS = [
    "evil.example",
    "evil.example:80",
    "localhost.evil.example",
    "evillocalhost",
    "localhost.",
    "127.0.0.1",
    "[::1]",
    "localhost@evil.example",
    "localhost:80@evil.example",
    "localhost/evil.example",
    "localhost\\evil.example",
    "localhost evil.example",
    "évil.example",
    "a" * 300,
]
FORWARDED = [
    {},
    {"X-Forwarded-Host": "evil.example"},
    {
        "X-Forwarded-Host": "evil.example",
        "X-Forwarded-Proto": "http",
        "X-Forwarded-Port": "8080",
        "X-Forwarded-Prefix": "/evil",
        "X-Forwarded-For": "203.0.113.9",
        "X-Original-Host": "evil.example",
        "X-Host": "evil.example",
        "Forwarded": "for=203.0.113.9;host=evil.example;proto=http",
    },
]


@pytest.fixture
def public_app(other_app):
    """Return a factory for an app on PUBLIC behind a proxy that reaches it as INTERNAL."""

    def make(**overrides):
        settings = {"PUBLIC_URL": PUBLIC, "TRUSTED_HOSTS": ["app.internal"], **overrides}
        return other_app(**settings)

    return make


def absolute_urls(text: str) -> set[str]:
    """Every absolute URL in a page, feed or file, but XML namespaces."""
    return {url.rstrip(".,)") for url in ABSOLUTE.findall(text)} - NAMESPACES


@pytest.mark.parametrize("host", HOSTILE_HOSTS)
def test_another_host_is_answered_400_outside_debug(client, make_publication, host):
    made = make_publication()
    for path in ["/", "/sign-in", "/gallery/", "/gallery/feed.atom", "/sitemap.xml",
                 "/robots.txt", f"/essays/{made.slug}", "/static/css/site.css",
                 "/set-password/x", "/calendar/x.ics", "/no-such-page"]:  # fmt: skip
        response = client.get(path, headers={"Host": host})
        assert response.status_code == 400, (path, host)
        assert response.content_type == "text/plain; charset=utf-8"
        assert "evil" not in response.get_data(as_text=True)
    for path in ["/sign-in", "/language"]:
        assert client.post(path, headers={"Host": host}).status_code == 400
    assert client.get("/gallery/feed.atom").status_code == 200  # localhost: PUBLIC_URL's


def test_debug_mode_answers_any_host_and_still_links_to_public_url(other_app, make_publication):
    made = make_publication()
    debug = other_app(DEBUG=True).test_client()
    feed = debug.get("/gallery/feed.atom", headers={"Host": "evil.example"})
    assert feed.status_code == 200
    assert f"http://localhost/essays/{made.slug}" in feed.get_data(as_text=True)
    assert "evil" not in feed.get_data(as_text=True)
    assert debug.get("/sign-in", headers={"Host": "a" * 64 + ".example"}).status_code == 400


@pytest.mark.parametrize("proxies", [0, 1])
@pytest.mark.parametrize("headers", FORWARDED)
def test_public_pages_carry_public_url_only(public_app, make_publication, proxies, headers):
    made = make_publication()
    essay = f"{PUBLIC}/essays/{made.slug}"
    client = public_app(TRUSTED_PROXIES=proxies).test_client()
    expected = {
        "/gallery/feed.atom": {essay, f"{PUBLIC}/gallery/", f"{PUBLIC}/gallery/feed.atom"},
        "/sitemap.xml": {essay, f"{PUBLIC}/gallery/"},
        "/robots.txt": {f"{PUBLIC}/sitemap.xml"},
        f"/essays/{made.slug}": {essay},  # canonical and og:url
        "/gallery/": set(),
    }
    for path, urls in expected.items():
        response = client.get(path, base_url=INTERNAL, headers=headers)
        assert response.status_code == 200, path
        text = response.get_data(as_text=True)
        assert urls <= absolute_urls(text), path
        assert all(url.startswith(PUBLIC + "/") for url in absolute_urls(text)), path
        assert "evil" not in text and "app.internal" not in text, path
        # HSTS because PUBLIC_URL is https, whatever scheme the proxy spoke to us in.
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    page = client.get(f"/essays/{made.slug}", base_url=INTERNAL, headers=headers)
    html = page.get_data(as_text=True)
    assert f'<link rel="canonical" href="{essay}">' in html
    assert f'<meta property="og:url" content="{essay}">' in html


def test_no_hsts_while_public_url_is_plain_http(other_app):
    behind = other_app(TRUSTED_PROXIES=1).test_client()  # PUBLIC_URL http://localhost
    response = behind.get("/sign-in", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers


def signed_in(app, user):
    """A client of app reaching it as INTERNAL, signed in as user, and its CSRF token."""
    client = app.test_client()
    with client.session_transaction(base_url=INTERNAL) as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    page = client.get("/dashboard", base_url=INTERNAL).get_data(as_text=True)
    return client, CSRF_PATTERN.search(page).group(1)


def test_set_password_links_use_public_url(public_app, make_user):
    app = public_app(TRUSTED_PROXIES=1)
    coordinator, partner = make_user(Role.COORDINATOR), make_user(Role.PARTNER)
    client, token = signed_in(app, coordinator)
    response = client.post(
        f"/accounts/{partner.id}/link",
        base_url=INTERNAL,
        headers=FORWARDED[-1],
        data={"csrf_token": token},
    )
    page = response.get_data(as_text=True)
    links = absolute_urls(page)
    assert len(links) == 1 and next(iter(links)).startswith(f"{PUBLIC}/set-password/")
    assert "evil" not in page and "app.internal" not in page


def test_calendar_links_use_public_url(public_app, make_user):
    app = public_app(TRUSTED_PROXIES=1)
    client, token = signed_in(app, make_user(Role.PARTICIPANT))
    client.post("/me/calendar/create", base_url=INTERNAL, data={"csrf_token": token})
    page = client.get("/me/calendar", base_url=INTERNAL, headers=FORWARDED[-1])
    links = absolute_urls(page.get_data(as_text=True))
    assert {link.split("/calendar/")[0] for link in links} == {
        PUBLIC,
        "webcal://english.example.org",
    }
    assert all(link.endswith(".ics") for link in links)


def test_urls_built_outside_a_request_use_public_url(public_app):
    app = public_app()
    with app.app_context():
        assert url_for("gallery.index") == f"{PUBLIC}/gallery/"
        assert url_for("gallery.index", _external=False) == "/gallery/"
    with app.test_request_context(base_url=INTERNAL):
        assert url_for("gallery.index") == "/gallery/"
        assert url_for("gallery.index", _external=True) == f"{PUBLIC}/gallery/"
        with pytest.raises(ValueError, match="PUBLIC_URL"):
            url_for("gallery.index", _scheme="https", _external=True)


def test_forms_work_over_https_without_a_referer(public_app, make_user):
    # Referrer-Policy: no-referrer means no Referer: an HTTPS Referer check would refuse all.
    make_user(Role.COORDINATOR, email="https@example.org")
    client = public_app(TRUSTED_PROXIES=1).test_client()
    https = {"X-Forwarded-Proto": "https"}
    page = client.get("/sign-in", base_url=INTERNAL, headers=https).get_data(as_text=True)
    data = {"csrf_token": CSRF_PATTERN.search(page).group(1)}
    data |= {"email": "https@example.org", "password": "wrong"}
    response = client.post("/sign-in", base_url=INTERNAL, headers=https, data=data)
    assert response.status_code == 200
    assert "The e-mail or password is not right." in response.get_data(as_text=True)


REQUEST_HOST_ATTRIBUTES = {"host", "host_url", "url_root", "root_url", "url", "base_url"}


def test_no_code_or_template_copies_the_request_host():
    found = []
    for path in (ROOT / "linkenglish").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "request"
                and node.attr in REQUEST_HOST_ATTRIBUTES
            ):
                found.append(f"{path.name}: request.{node.attr}")
            if isinstance(node, ast.keyword) and node.arg == "_scheme":
                found.append(f"{path.name}: _scheme")
    alternatives = "|".join(REQUEST_HOST_ATTRIBUTES)
    pattern = re.compile(rf"request\.(?:{alternatives})\b|_scheme")
    for path in (ROOT / "templates").rglob("*.html"):
        found += [f"{path.name}: {match}" for match in pattern.findall(path.read_text())]
    assert found == []
