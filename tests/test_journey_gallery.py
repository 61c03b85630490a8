"""In a real browser, on a phone, without JavaScript: an anonymous reader finds Jane's essay
in the gallery and reads it; axe-core finds no WCAG 2.2 A/AA violation on the gallery's
pages; nothing is fetched from another origin."""

import re
from urllib.parse import urlsplit

import pytest
from browser import axe_violations
from playwright.sync_api import expect

from linkenglish.consent.services import consent_withdraw
from linkenglish.demo.writing import sample_essay
from linkenglish.extensions import db
from linkenglish.models import ConsentRecord, User

pytestmark = pytest.mark.browser


def violations(checker, url: str) -> list[str]:
    """The WCAG A/AA rules axe-core finds broken on the page at url (axe runs in a tab of
    its own with JavaScript; the reader's tab has none)."""
    checker.goto(url)
    return axe_violations(checker)


def test_a_reader_on_a_phone_reads_janes_essay(app, browser, live_server, make_publication):
    title, body = sample_essay()
    make_publication(title="Another essay", body="Spring came late that year.", pen_name="River")
    make_publication(title=title, body=body, pen_name="Jane", author_note="A mother of one.")
    gone = make_publication(title="Taken back", body="This one was withdrawn.", pen_name="Sky")
    with app.app_context():
        consent_withdraw(
            consent=db.session.get(ConsentRecord, gone.consent_id),
            by=db.session.get(User, gone.coordinator.id),
        )
        db.session.commit()

    context = browser.new_context(
        base_url=live_server,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        java_script_enabled=False,
    )
    origins = set()
    context.on("request", lambda request: origins.add(urlsplit(request.url).netloc))
    reader = context.new_page()
    checker = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 740})
    checker = checker.new_page()

    reader.goto("/gallery/")
    assert violations(checker, reader.url) == []
    expect(reader.get_by_role("heading", level=1)).to_be_visible()
    expect(reader.get_by_text("Taken back")).to_have_count(0)
    reader.get_by_role("link", name=title).click()

    expect(reader.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(reader.get_by_text("by Jane")).to_be_visible()
    expect(reader.get_by_text("Like the other kids, I had to help my mom")).to_be_visible()
    expect(reader.get_by_text("A mother of one.")).to_be_visible()
    assert violations(checker, reader.url) == []
    # Reads on a phone: no sideways scrolling, text large enough.
    assert checker.evaluate("document.documentElement.scrollWidth") <= 360
    size = checker.locator(".essay-text p").first.evaluate(
        "element => parseFloat(getComputedStyle(element).fontSize)"
    )
    assert size >= 16
    assert reader.locator("html").get_attribute("lang")
    assert reader.locator("article").get_attribute("lang") == "en"

    reader.get_by_role("link", name=re.compile("Older essay")).click()
    expect(reader.get_by_role("heading", level=1, name="Another essay")).to_be_visible()

    response = reader.goto(f"/essays/{gone.slug}")
    assert response.status == 410
    assert violations(checker, reader.url) == []
    response = reader.goto("/essays/" + "a" * 26)
    assert response.status == 404
    assert violations(checker, reader.url) == []

    assert origins == {urlsplit(live_server).netloc}
    context.close()
    checker.context.close()
