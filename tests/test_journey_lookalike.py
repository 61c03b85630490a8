"""In a real browser: a pen name written with a Cyrillic letter is refused with the letter
named, and the identity check shows the same look-alike name planted in the essay's text."""

import re

import pytest
from browser import axe_violations, sign_in
from playwright.sync_api import expect

from conftest import PASSWORD
from linkenglish.extensions import db
from linkenglish.models import Participant, Role, User
from linkenglish.writing.services import essay_create, essay_submit

pytestmark = pytest.mark.browser

CYRILLIC_HANEUL = "H\u0430neul"  # the second letter is Cyrillic


def test_a_cyrillic_look_alike_is_refused_and_shown_in_the_identity_check(
    app, page, browser, live_server, make_user, make_participant
):
    participant = make_participant(
        legal_name="김하늘", preferred_name="Haneul", sensitive_terms=["회령"]
    )
    make_user(Role.PARTICIPANT, participant=participant, email="haneul@example.org")
    make_user(Role.COORDINATOR, email="coord@example.org")
    with app.app_context():
        essay = essay_create(
            participant=db.session.get(Participant, participant.id),
            by=db.session.scalar(db.select(User).where(User.participant_id == participant.id)),
            title="Crossing",
            body=f"My friend {CYRILLIC_HANEUL} crossed the river with me.\n\nWe did not talk.",
        )
        essay_submit(essay=essay, by=None)
        db.session.commit()
        essay_id = essay.id

    sign_in(page, "haneul@example.org", PASSWORD)
    page.goto(f"/writing/{essay_id}/publish")
    page.get_by_label("Pen name").fill(CYRILLIC_HANEUL)
    page.get_by_role("radio", name="English").check()
    page.get_by_role("button", name="Preview the public page").click()
    errors = page.locator("ul.errors")
    expect(errors).to_contain_text("Cyrillic \u0430, looks like Latin a")
    expect(errors).to_contain_text("This pen name could identify you")
    assert page.get_by_label("Pen name").input_value() == CYRILLIC_HANEUL
    assert axe_violations(page) == []

    page.get_by_label("Pen name").fill("Morning Star")
    page.get_by_role("button", name="Preview the public page").click()
    page.get_by_label("I have read the consent text").check()
    page.get_by_role("button", name="Give consent").click()
    expect(page.get_by_text("Your consent is recorded")).to_be_visible()

    coordinator = browser.new_context(base_url=live_server).new_page()
    sign_in(coordinator, "coord@example.org", PASSWORD)
    coordinator.goto("/consent/")
    coordinator.get_by_role("link", name="Crossing").click()
    expect(coordinator.locator("mark.hit-block", has_text=CYRILLIC_HANEUL)).to_be_visible()
    expect(coordinator.locator(".hit-note").first).to_have_text(
        re.compile("Cyrillic \u0430, looks like Latin a")
    )
    assert axe_violations(coordinator) == []
