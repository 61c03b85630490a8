"""Where ?next= may lead: a path on this site, through every view that follows it."""

import ast
from pathlib import Path

import pytest

from conftest import CSRF_PATTERN, PASSWORD
from linkenglish.models import Role
from linkenglish.redirects import MAX_NEXT_LENGTH, is_local_path

PACKAGE = Path(__file__).resolve().parent.parent / "linkenglish"
MEGABYTE = "/" + "a" * (1024 * 1024)

# Django's bad URLs (tests/utils_tests/test_http.py, URLHasAllowedHostAndSchemeTests), then
# what browsers and Werkzeug normalise into another site, and values too long or malformed.
BAD_NEXT = [
    "http://example.com",
    "http:///example.com",
    "https://example.com",
    "ftp://example.com",
    r"\\example.com",
    r"\\\example.com",
    r"/\\/example.com",
    r"\\//example.com",
    r"/\/example.com",
    r"\/example.com",
    r"/\example.com",
    r"http:/\//example.com",
    r"http:\/example.com",
    r"http:/\example.com",
    'javascript:alert("XSS")',
    "\njavascript:alert(x)",
    "java\nscript:alert(x)",
    "\x08//example.com",
    r"http://otherserver\@example.com",
    r"http:\\testserver\@example.com",
    r"http://testserver\me:pass@example.com",
    r"http://testserver\@example.com",
    r"http:\\testserver\confirm\me@example.com",
    "http:999999999",
    "ftp:9999999999",
    "\n",
    "http://[2001:cdba:0000:0000:0000:0000:3257:9652/",
    "http://2001:cdba:0000:0000:0000:0000:3257:9652]/",
    # Issue 16 and friends.
    "//evil.example",
    "////evil.example",
    "///evil.example/x",
    "/\tevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    " //evil.example",
    "\t//evil.example",
    "%0d%0a",
    "/%0d%0aSet-Cookie:%20a=b",
    "/sign-in\r\nSet-Cookie: a=b",
    "/%2F%2Fevil.example",
    "/%2fevil.example",
    "/%252F%252Fevil.example",  # decoded twice
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "/%09/evil.example",
    "/%E2%80%AE/dashboard",  # a right-to-left override, once decoded
    "/%ff/dashboard",  # not UTF-8
    "/\u200b/evil.example",  # zero-width space
    "/\u202e/dashboard",
    "/\x00",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "dashboard",
    "",
    "/" + "a" * MAX_NEXT_LENGTH,
    MEGABYTE,
]

GOOD_NEXT = [
    "/participants/",
    "/gallery/?cursor=abc",
    "/view/?param=http://example.com",
    "/view/?param=//example.com",
    "/url%20with%20spaces/",
    "/confirm/me@example.com",
    "/essays/a-slug#top",
    "/participants/?q=%ED%99%8D",
]


@pytest.mark.parametrize("value", BAD_NEXT)
def test_a_bad_next_is_not_a_local_path(value):
    assert is_local_path(value) is False


@pytest.mark.parametrize("value", GOOD_NEXT)
def test_a_path_on_this_site_is_one(value):
    assert is_local_path(value) is True


def test_anything_but_text_is_not_a_local_path():
    for value in (None, 1, b"/dashboard", ["/dashboard"]):
        assert is_local_path(value) is False


def token_of(client, path: str) -> str:
    """Read the CSRF token a page's forms carry."""
    match = CSRF_PATTERN.search(client.get(path).get_data(as_text=True))
    assert match, path
    return match.group(1)


@pytest.fixture
def follow(app, make_user):
    """Return a function that sends next through a view and returns (response, default)."""
    coordinator = make_user(Role.COORDINATOR, email="follow@example.org")
    other = make_user(Role.PARTNER)
    disabled = make_user(Role.PARTNER, active=False)

    def signed_in():
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = coordinator.get_id()
            session["_fresh"] = True
        return client, token_of(client, "/dashboard")

    def via_login(value):
        client = app.test_client()
        data = {"csrf_token": token_of(client, "/sign-in")}
        data |= {"email": "follow@example.org", "password": PASSWORD}
        return client.post("/sign-in", query_string={"next": value}, data=data), "/dashboard"

    def via_language(value):
        client = app.test_client()
        data = {"csrf_token": token_of(client, "/sign-in"), "language": "ko", "next": value}
        return client.post("/language", data=data), "/dashboard"

    def via_account(action, user):
        def send(value):
            client, token = signed_in()
            path = f"/accounts/{user.id}/{action}"
            response = client.post(path, query_string={"next": value}, data={"csrf_token": token})
            return response, f"/accounts/{user.id}"

        return send

    return {
        "auth.login": via_login,
        "main.language": via_language,
        "accounts.disable": via_account("disable", other),
        "accounts.enable": via_account("enable", other),
        # A refused link (the login is disabled) goes back where the button was.
        "accounts.link_create": via_account("link", disabled),
    }


# Every view that follows a next, with where next is carried.
NEXT_VIEWS = {
    "auth.login": "query",
    "main.language": "form",
    "accounts.disable": "query",
    "accounts.enable": "query",
    "accounts.link_create": "query",
}


@pytest.mark.parametrize("endpoint", sorted(NEXT_VIEWS))
def test_every_view_that_follows_next_lands_on_a_local_page(app, follow, endpoint):
    send = follow[endpoint]
    for value in BAD_NEXT:
        response, default = send(value)
        if response.status_code == 413:  # the form body is larger than Werkzeug reads
            assert NEXT_VIEWS[endpoint] == "form"
            assert len(value) > app.config["MAX_FORM_MEMORY_SIZE"]
        else:
            assert response.status_code == 302, (endpoint, value[:40])
            assert response.headers["Location"] == default, (endpoint, value[:40])
        body = response.get_data(as_text=True)
        assert len(body) < 10_000 and "example" not in body, (endpoint, value[:40])
    for value in GOOD_NEXT:
        response, _default = send(value)
        assert response.headers["Location"] == value, (endpoint, value)


def calls(function: ast.FunctionDef) -> set[str]:
    """The names a function calls directly."""
    return {
        node.func.id
        for node in ast.walk(function)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


def endpoints_following_next() -> set[str]:
    """Walk the source: every route whose view reaches redirect_next, directly or through a
    helper of its module."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
        reaching = {"redirect_next"}
        while True:
            more = {name for name, f in functions.items() if calls(f) & reaching} - reaching
            if not more:
                break
            reaching |= more
        blueprint = next(
            (
                node.value.args[0].value
                for node in ast.walk(tree)
                if isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and getattr(node.value.func, "id", None) == "Blueprint"
            ),
            None,
        )
        for name, function in functions.items():
            routed = any("route" in ast.unparse(d) for d in function.decorator_list)
            if routed and name in reaching:
                found.add(f"{blueprint}.{name}")
    return found


def test_the_table_lists_every_view_that_follows_next():
    assert endpoints_following_next() == set(NEXT_VIEWS)


def test_only_the_redirect_module_reads_next_or_the_referrer():
    readers = set()
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text()
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value == "next":
                readers.add(path.name)
            if isinstance(node, ast.Attribute) and node.attr in {"referrer", "referer"}:
                readers.add(path.name)
    assert readers == {"redirects.py"}


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/dashboard", "/sign-in?next=/dashboard"),
        ("/participants/?q=kim", "/sign-in?next=/participants/?q%3Dkim"),
        ("/participants/?q=" + "a" * MAX_NEXT_LENGTH, "/sign-in"),  # too long to carry
        ("/participants/?q=%0d%0a", "/sign-in"),
        ("/participants/?q=a%E2%80%AEb", "/sign-in"),
    ],
)
def test_signing_in_first_carries_only_a_next_worth_following(client, path, location):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == location
    assert client.get("/sign-in").get_data(as_text=True).count("Please sign in") == 1


def test_the_language_switch_carries_only_a_next_worth_following(client):
    hidden = '<input type="hidden" name="next" value="{}">'
    page = client.get("/sign-in?next=/participants/").get_data(as_text=True)
    assert hidden.format("/sign-in?next=/participants/") in page
    for query in ("next=" + MEGABYTE, "next=%0d%0a", "next=%E2%80%AE", "q=" + "a" * 2000):
        page = client.get("/sign-in?" + query).get_data(as_text=True)
        assert 'name="next"' not in page and len(page) < 20_000, query[:20]
