"""Look-alike names on the real pages and database: the identity check marks them, the
consent form names the refused character, and two authors never share a look-alike pen name."""

import re
import unicodedata

import pytest
from sqlalchemy import select

from conftest import PASSWORD
from hostile_pen_names import PARTICIPANT
from linkenglish.auth.services import user_create
from linkenglish.consent.services import (
    PenNameRefused,
    consent_give,
    consent_withdraw,
    pen_name_check,
    publication_publish,
)
from linkenglish.extensions import db
from linkenglish.models import ConsentRecord, Essay, EssayVersion, Language, Participant, Role, User
from linkenglish.writing.services import essay_create, essay_submit

# --- the identity check page and the consent form ----------------------------------------


@pytest.fixture
def haneul(make_participant):
    """The table's participant."""
    return make_participant(**PARTICIPANT)


def test_the_identity_check_highlights_a_name_spelled_with_a_cyrillic_letter(
    client, login_as, make_user, make_publication, haneul
):
    made = make_publication(
        participant=haneul,
        body="My best friend H\u0430neul and I crossed the river.\n\nWe were \u202eeerht.",
        pen_name="Morning Star",
        publish=False,
    )
    login_as(make_user(Role.COORDINATOR))
    html = client.get(f"/consent/{made.consent_id}").get_data(as_text=True)
    marks = re.findall(r'<mark class="hit (hit-\w+)"[^>]*>([^<]+)</mark>', html)
    assert ("hit-block", "H\u0430neul") in marks
    assert "Cyrillic \u0430, looks like Latin a" in html
    # The override is shown by its code point and does not act on the page.
    assert ("hit-warning", "[U+202E]") in marks
    assert "\u202e" not in html
    assert "<strong>U+202E RIGHT-TO-LEFT OVERRIDE, invisible: it changes the order" in html


def form_errors(html: str) -> str:
    """The text of the form's error lists."""
    return " ".join(re.findall(r'<ul class="errors"[^>]*>(.*?)</ul>', html, re.S))


@pytest.mark.parametrize(
    ("pen_name", "said"),
    [
        ("H\u0430neul", "Cyrillic \u0430, looks like Latin a: a pen name uses Latin or Korean"),
        ("\u202eluenaH", "U+202E RIGHT-TO-LEFT OVERRIDE, invisible"),
        ("H\u200daneul", "U+200D ZERO WIDTH JOINER, invisible"),
        ("\uff28ana", "\uff28, a styled form of H: type the plain letter"),
    ],
)
def test_the_consent_form_says_which_character_is_refused_and_why(
    app, client, csrf_token, login_as, haneul, pen_name, said
):
    with app.app_context():
        who = db.session.get(Participant, haneul.id)
        user = user_create(
            email="haneul@example.org", role=Role.PARTICIPANT, password=PASSWORD, participant=who
        )
        essay = essay_create(participant=who, by=user, title="Spring", body="The ice broke.")
        essay_submit(essay=essay, by=user)
        db.session.commit()
        essay_id, user_id = essay.id, user.id
    login_as(db_user(app, user_id))
    page = f"/writing/{essay_id}/publish"
    html = client.get(page).get_data(as_text=True)
    version = re.search(r'<option[^>]*value="(\d+)"', html).group(1)
    data = {"csrf_token": csrf_token(page), "version": version, "pen_name": pen_name,
            "scope_web": "y", "language": "en", "action": "preview"}  # fmt: skip
    response = client.post(page, data=data)
    assert response.status_code == 200
    errors = form_errors(response.get_data(as_text=True))
    assert said in errors
    assert not any(unicodedata.category(ch) == "Cf" for ch in errors)
    assert "회령" not in errors and "Ok-sun" not in errors


def db_user(app, user_id):
    """A detached user for login_as."""
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


# --- two authors, one look ---------------------------------------------------------------


def consent_again(app, made, pen_name):
    """Consent to a made essay's version again, under pen_name; returns the consent id."""
    with app.app_context():
        consent = consent_give(
            essay=db.session.get(Essay, made.essay_id),
            version=db.session.get(EssayVersion, made.version_id),
            pen_name=pen_name, author_note=None, language=Language.ENGLISH,
            by=db.session.get(User, made.coordinator.id),
        )  # fmt: skip
        db.session.commit()
        return consent.id


@pytest.mark.parametrize("pen_name", ["Jane", "JANE", "Jane.", "J\u0430ne", "J\u0430n\u0435"])
def test_a_pen_name_that_looks_like_another_authors_live_one_is_refused(
    app, make_publication, pen_name
):
    make_publication(pen_name="Jane")
    other = make_publication(pen_name="River", publish=False)
    with app.app_context():
        who = db.session.get(Participant, other.participant_id)
        kinds = {problem.kind for problem in pen_name_check(who, pen_name)}
        assert "taken" in kinds
        assert all(problem.label == "" for problem in pen_name_check(who, pen_name)
                   if problem.kind == "taken")  # fmt: skip
    with pytest.raises(PenNameRefused):
        consent_again(app, other, pen_name)


def test_the_same_author_may_publish_again_under_the_same_name(app, make_publication):
    first = make_publication(pen_name="Jane")
    second = make_publication(participant=participant_of(app, first), pen_name="Jane")
    assert second.slug is not None


def participant_of(app, made):
    """The participant of a made publication."""
    with app.app_context():
        participant = db.session.get(Participant, made.participant_id)
        db.session.expunge(participant)
        return participant


def test_a_taken_pen_name_is_refused_at_publication_and_free_after_withdrawal(
    app, client, csrf_token, login_as, make_publication
):
    waiting = make_publication(pen_name="Jane", publish=False)
    live = make_publication(pen_name="Jane Doe")  # public first...
    consent_id = consent_again(app, live, "Jane")  # ...then switches to "Jane"
    with app.app_context():
        by = db.session.get(User, live.coordinator.id)
        publication_publish(consent=db.session.get(ConsentRecord, consent_id), by=by)
        db.session.commit()
    login_as(waiting.coordinator)
    page = f"/consent/{waiting.consent_id}"
    response = client.post(
        f"{page}/publish", data={"csrf_token": csrf_token(page), "checked": "yes"},
        follow_redirects=True,
    )  # fmt: skip
    html = response.get_data(as_text=True)
    assert "This pen name is taken" in html
    assert "Public since" not in html
    with app.app_context():
        consent_withdraw(
            consent=db.session.get(ConsentRecord, consent_id),
            by=db.session.get(User, live.coordinator.id),
        )
        db.session.commit()
    response = client.post(
        f"{page}/publish", data={"csrf_token": csrf_token(page), "checked": "yes"},
        follow_redirects=True,
    )  # fmt: skip
    assert "Published. The essay is public now." in response.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(
                select(ConsentRecord.pen_name).where(ConsentRecord.id == waiting.consent_id)
            )
            == "Jane"
        )
