"""In a real browser: a coordinator adds a participant and invites them; the participant
sets a password through the link and sees their own page, without personal data."""

import re

import pytest
from browser import sign_in
from playwright.sync_api import expect

from conftest import PASSWORD
from linkenglish.models import Role

pytestmark = pytest.mark.browser


def test_coordinator_adds_and_invites_a_participant(page, browser, live_server, make_user):
    coordinator = make_user(Role.COORDINATOR, email="coord@example.org")
    assert coordinator.id
    sign_in(page, "coord@example.org", PASSWORD)
    page.get_by_role("link", name="Participants", exact=True).click()
    page.get_by_role("link", name="Add a participant").click()

    # A mistake is explained and what was typed stays.
    page.get_by_label("Preferred name").fill("Haneul")
    page.get_by_label("Legal name").fill("김하늘")
    page.get_by_label("E-mail").fill("not an e-mail")
    page.get_by_label("Sensitive terms").fill("김\nKim\nHyesan")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enter an e-mail address such as")).to_be_visible()
    assert page.get_by_label("Preferred name").input_value() == "Haneul"
    assert page.get_by_label("Sensitive terms").input_value() == "김\nKim\nHyesan"

    page.get_by_label("E-mail").fill("haneul@example.org")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Haneul")).to_be_visible()
    expect(page.get_by_text("Hyesan")).to_be_visible()

    page.get_by_role("button", name="Create login and invitation").click()
    link = page.get_by_label("Link").input_value()
    assert re.match(rf"{live_server}/set-password/\S+$", link)

    # The participant, in their own browser, opens the link.
    other = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    learner = other.new_page()
    learner.goto(link)
    learner.get_by_label("New password", exact=True).fill("a password of mine")
    learner.get_by_label("New password again").fill("a password of mine")
    learner.get_by_role("button", name=re.compile("password", re.IGNORECASE)).click()
    learner.get_by_role("link", name="My profile").click()
    body = learner.content()
    assert "Haneul" in body
    for secret in ("김하늘", "Hyesan", "haneul@example.org"):
        assert secret not in body
    # The link works once.
    learner.goto(link)
    assert learner.get_by_role("heading").first.inner_text() != "Set your password"
    other.close()
