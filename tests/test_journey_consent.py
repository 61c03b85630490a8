"""In a real browser: a participant consents to publish with a preview, a coordinator checks
the text and publishes, an anonymous reader reads it, and the participant withdraws."""

import re

import pytest
from browser import axe_violations, sign_in
from playwright.sync_api import expect

from conftest import PASSWORD
from linkenglish.extensions import db
from linkenglish.models import Participant, Role, User
from linkenglish.writing.services import essay_create, essay_submit

pytestmark = pytest.mark.browser


def test_consent_check_publish_read_and_withdraw(
    app, page, browser, live_server, make_user, make_participant
):
    participant = make_participant(
        legal_name="김철수", preferred_name="Chulsoo", sensitive_terms=["회령"]
    )
    make_user(Role.PARTICIPANT, participant=participant, email="writer@example.org")
    make_user(Role.COORDINATOR, email="coord@example.org")
    with app.app_context():
        essay = essay_create(
            participant=db.session.get(Participant, participant.id),
            by=db.session.scalar(db.select(User).where(User.participant_id == participant.id)),
            title="The river in spring",
            body="I grew up near Hoeryong.\n\nEvery spring the ice broke on the river.",
        )
        essay_submit(essay=essay, by=None)
        db.session.commit()
        essay_id = essay.id

    # The participant chooses a pen name; one that could identify them is refused.
    sign_in(page, "writer@example.org", PASSWORD)
    page.goto(f"/writing/{essay_id}")
    page.get_by_role("link", name="Publish in the gallery").click()
    page.get_by_label("Pen name").fill("Cheolsu Kim")
    page.get_by_role("radio", name="English").check()
    page.get_by_role("button", name="Preview the public page").click()
    expect(page.get_by_text("This pen name could identify you")).to_be_visible()
    assert page.get_by_label("Pen name").input_value() == "Cheolsu Kim"

    page.get_by_label("Pen name").fill("Morning Star")
    page.get_by_label("Author note").fill("I like rivers.")
    page.get_by_role("button", name="Preview the public page").click()
    preview = page.locator(".public-preview")
    expect(preview.get_by_text("by Morning Star")).to_be_visible()
    expect(preview.get_by_text("Every spring the ice broke on the river.")).to_be_visible()
    expect(page.get_by_text("cannot recall copies that others made")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("I have read the consent text").check()
    page.get_by_role("button", name="Give consent").click()
    expect(page.get_by_text("Your consent is recorded")).to_be_visible()
    expect(page.get_by_text("Waiting for a coordinator's check")).to_be_visible()

    # The coordinator sees the identity check and publishes.
    coordinator = browser.new_context(base_url=live_server).new_page()
    sign_in(coordinator, "coord@example.org", PASSWORD)
    coordinator.get_by_role("link", name="Gallery", exact=True).click()
    coordinator.get_by_role("link", name="The river in spring").click()
    expect(coordinator.locator("mark.hit-block", has_text="Hoeryong")).to_be_visible()
    assert axe_violations(coordinator) == []
    coordinator.get_by_role("button", name="Publish").click()
    expect(coordinator.get_by_text('Tick "I have checked every highlight"')).to_be_visible()
    coordinator.get_by_label(re.compile("I have checked every highlight")).check()
    coordinator.get_by_role("button", name="Publish").click()
    expect(coordinator.get_by_text("Published. The essay is public now.")).to_be_visible()
    coordinator.get_by_role("link", name="Open the public page").click()
    public_url = coordinator.url

    # An anonymous reader on a phone reads it.
    reader = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    anonymous = reader.new_page()
    anonymous.goto(public_url)
    expect(anonymous.get_by_role("heading", name="The river in spring")).to_be_visible()
    expect(anonymous.get_by_text("Morning Star").first).to_be_visible()
    assert "Chulsoo" not in anonymous.content()

    # The participant withdraws from My publications: one click and a confirmation.
    page.get_by_role("navigation").get_by_role("link", name="My publications").click()
    expect(page.get_by_text("Public since")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Withdraw consent").click()
    page.get_by_role("button", name="Yes, withdraw now").click()
    expect(page.get_by_text("Your consent is withdrawn")).to_be_visible()
    response = anonymous.goto(public_url)
    assert response.status == 410
    expect(anonymous.get_by_role("heading", level=1)).to_be_visible()
