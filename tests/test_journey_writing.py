"""In a real browser: a participant writes an essay and loses no word when the tab closes
mid-sentence, when the connection drops, or when the sign-in expires while typing."""

from urllib.parse import urlsplit

import pytest
from browser import sign_in
from playwright.sync_api import expect
from sqlalchemy import select

from linkenglish.extensions import db
from linkenglish.models import EssayDraft, Role, User

pytestmark = pytest.mark.browser

TEXT = "I left Hyesan in winter. The river was frozen and my mother held my hand."


@pytest.fixture
def new_tab(browser, live_server):
    """Return a function that opens a tab in a fresh browser context (own cookies and
    storage); any script error or blocked script fails the test. Failed loads are not
    errors here: these tests cut the connection and the sign-in on purpose."""
    contexts, errors = [], []

    def on_console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def open_tab():
        context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
        contexts.append(context)
        tab = context.new_page()
        tab.on("console", on_console)
        tab.on("pageerror", lambda error: errors.append(str(error)))
        return tab

    yield open_tab
    for context in contexts:
        context.close()
    assert errors == [], f"browser console errors: {errors}"


def start_free_essay(page) -> str:
    """Open My writing, start a free essay and return the editor's address."""
    page.goto("/writing/")
    page.get_by_role("button", name="Start free writing").click()
    expect(page.locator("#essay-form")).to_be_visible()
    return page.url


def autosave_path(page) -> str:
    return urlsplit(page.locator("#essay-form").get_attribute("data-autosave-url")).path


def test_text_typed_just_before_closing_the_tab_is_on_the_server(new_tab, make_user):
    make_user(Role.PARTICIPANT, email="haneul@example.org")
    page = new_tab()
    sign_in(page, "haneul@example.org")
    editor = start_free_essay(page)

    page.locator("#title").fill("Crossing")
    page.locator("#body").press_sequentially(TEXT, delay=5)
    expect(page.locator("#word-count")).to_have_text("15")  # counted live, as the server does
    page.close()  # well within the autosave's quiet time: only the beacon can carry it

    # Another browser, nothing stored in it: the text comes from the server.
    page = new_tab()
    sign_in(page, "haneul@example.org")
    page.goto(editor)
    expect(page.locator("#body")).to_have_value(TEXT)
    expect(page.locator("#title")).to_have_value("Crossing")
    expect(page.get_by_role("button", name="Restore it")).to_have_count(0)


def test_text_that_could_not_be_saved_is_offered_back_from_the_browser(new_tab, make_user):
    make_user(Role.PARTICIPANT, email="minjun@example.org")
    page = new_tab()
    sign_in(page, "minjun@example.org")
    start_free_essay(page)
    path = autosave_path(page)
    page.context.route(lambda url: urlsplit(url).path == path, lambda route: route.abort())

    page.locator("#body").press_sequentially(TEXT, delay=5)
    status = page.locator("#autosave-status")
    expect(status).to_have_text("Not saved: no connection. Your text is kept in this browser.")
    expect(page.locator("#body")).to_have_value(TEXT)

    page.reload()
    expect(page.get_by_text("You have unsaved text from")).to_be_visible()
    expect(page.locator("#body")).to_have_value("")  # nothing replaced without asking
    page.get_by_role("button", name="Restore it").click()
    expect(page.locator("#body")).to_have_value(TEXT)
    expect(page.get_by_role("button", name="Restore it")).to_have_count(0)

    # The connection comes back: the restored text is saved and the browser's copy goes.
    page.context.unroute_all()
    expect(status).to_contain_text("Saved at")
    key = page.locator("#essay-form").get_attribute("data-storage-key")
    assert page.evaluate("key => localStorage.getItem(key)", key) is None


def test_an_expired_sign_in_keeps_the_text_and_says_to_sign_in_again(new_tab, app, make_user):
    user = make_user(Role.PARTICIPANT, email="seoyeon@example.org")
    page = new_tab()
    sign_in(page, "seoyeon@example.org")
    start_free_essay(page)
    body = page.locator("#body")
    status = page.locator("#autosave-status")
    body.press_sequentially("First lines. ", delay=5)
    expect(status).to_contain_text("Saved at")

    with app.app_context():  # signed out everywhere, as a password change does
        db.session.get(User, user.id).session_version += 1
        db.session.commit()
    body.press_sequentially(TEXT, delay=5)
    expect(status).to_contain_text("Your sign-in has expired. Sign in again in another tab")
    expect(body).to_have_value("First lines. " + TEXT)
    key = page.locator("#essay-form").get_attribute("data-storage-key")
    assert TEXT in page.evaluate("key => localStorage.getItem(key)", key)

    # Signed in again in another tab, the writer comes back and types on: all is saved.
    other = page.context.new_page()
    sign_in(other, "seoyeon@example.org")
    other.close()
    body.press_sequentially(" The end.", delay=5)
    expect(status).to_contain_text("Saved at")
    with app.app_context():
        assert db.session.scalars(select(EssayDraft.body)).one() == f"First lines. {TEXT} The end."
