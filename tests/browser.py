"""A live server and a real browser (Debian's chromium driven by Playwright) for journeys."""

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    # This machine's network is closed: no background connections to try.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's chromium, or CHROMIUM; a clear failure when neither is there."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail(
            "Browser tests need Debian's chromium: apt-get install chromium (make test does it)."
        )
    return path


@pytest.fixture(scope="session")
def live_server(app, database_url, tmp_path_factory):
    """Serve a test app on a free port of 127.0.0.1 in a background thread; its PUBLIC_URL
    is that address, so the links it shows lead back to it (on the tests' database)."""
    from conftest import make_test_app
    from linkenglish.extensions import db

    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    served = make_test_app(database_url, str(tmp_path_factory.mktemp("live")), PUBLIC_URL=url)
    server.app = served
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
    with served.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    """One headless chromium per test worker."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (own cookies) that fails the test on any console error."""
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    errors = []
    tab.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], f"browser console errors: {errors}"


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, *, ignore_svg_text: bool = False) -> list[str]:
    """The WCAG 2.2 A/AA rules axe-core finds broken on the page as it is, with where.
    With ignore_svg_text, contrast axe cannot settle for SVG chart labels is left out (their
    fill is --ink on white, checked by hand in site.css)."""
    from axe_playwright_python.sync_playwright import Axe

    # Node details only where something is wrong or undecided: passes are listed, not detailed.
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations", "incomplete"],
    }
    result = Axe().run(page, options=options)
    assert result.response["passes"], "axe-core did not run"
    # Contrast axe cannot settle (such as text the same colour as its background) counts too.
    undecided = [rule for rule in result.response["incomplete"] if rule["id"] == "color-contrast"]
    found = []
    for rule in [*result.response["violations"], *undecided]:
        for node in rule["nodes"]:
            svg_text = "svg" in str(node["target"]) or str(node["target"]).startswith("['text[")
            if not (ignore_svg_text and rule in undecided and svg_text):
                found.append(f"{rule['id']} ({node.get('impact')}): {node['target']}")
    return found


def sign_in(page, email: str, password: str | None = None) -> None:
    """Sign in through the form and wait for the dashboard (password: the tests' own)."""
    from playwright.sync_api import expect

    from conftest import PASSWORD

    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password or PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
