"""Consent with a preview, the identity check, redaction, publication and withdrawal."""

import re

import pytest
from sqlalchemy import func, select

from conftest import PASSWORD, postgres_base_url
from linkenglish.auth.services import user_create
from linkenglish.consent.redaction import essay_redact
from linkenglish.consent.selectors import content_digest, publication_by_slug
from linkenglish.consent.services import (
    ConsentError,
    PenNameRefused,
    consent_give,
    consent_withdraw,
    pen_name_check,
    publication_publish,
)
from linkenglish.extensions import db
from linkenglish.models import (
    AuditEvent,
    Cohort,
    ConsentKind,
    ConsentMethod,
    ConsentRecord,
    Essay,
    EssayVersion,
    Language,
    Participant,
    ProgramCode,
    Publication,
    Redaction,
    Role,
    User,
)
from linkenglish.writing.services import essay_create, essay_submit

ESSAY_TITLE = "The river in spring"
ESSAY_BODY = "Every spring the ice broke on the river.\n\nI watched the trains from the hill."


@pytest.fixture
def writer(app, make_user, make_participant):
    """A participant login with one submitted essay; returns (user, essay id)."""
    participant = make_participant(
        legal_name="김철수", preferred_name="Chulsoo", sensitive_terms=["회령", "Ok-sun"]
    )
    user = make_user(Role.PARTICIPANT, participant=participant)
    with app.app_context():
        essay = essay_create(
            participant=db.session.get(Participant, participant.id),
            by=db.session.get(User, user.id),
            title=ESSAY_TITLE,
            body=ESSAY_BODY,
        )
        essay_submit(essay=essay, by=db.session.get(User, user.id))
        db.session.commit()
        return user, essay.id


def consent_form(client, csrf_token, essay_id, **fields):
    """The consent form as a participant fills it in."""
    page = f"/writing/{essay_id}/publish"
    html = client.get(page).get_data(as_text=True)
    version = re.search(r'<option[^>]*value="(\d+)"', html).group(1)
    return page, {
        "csrf_token": csrf_token(page),
        "version": version,
        "pen_name": "Morning Star",
        "author_note": "I like to cook.",
        "scope_web": "y",
        "language": "en",
        **fields,
    }


def previewed(html: str) -> str:
    """The preview fingerprint the confirm step must send back."""
    return re.search(r'name="previewed"[^>]*value="([0-9a-f]+)"', html).group(1)


def test_participant_previews_reads_the_consent_text_and_consents(
    app, client, csrf_token, login_as, writer
):
    user, essay_id = writer
    login_as(user)
    page, form = consent_form(client, csrf_token, essay_id)

    preview = client.post(page, data={**form, "action": "preview"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "by Morning Star" in html
    assert "Every spring the ice broke on the river." in html
    assert "cannot recall copies that others made" in html  # the English consent text

    unticked = client.post(page, data={**form, "previewed": previewed(html), "action": "confirm"})
    assert "Tick &#34;I agree&#34;" in unticked.get_data(as_text=True)
    assert 'value="Morning Star"' in unticked.get_data(as_text=True)  # what was typed stays

    done = client.post(
        page, data={**form, "previewed": previewed(html), "agree": "y", "action": "confirm"}
    )
    assert done.status_code == 302
    with app.app_context():
        consent = db.session.scalar(select(ConsentRecord).where(ConsentRecord.essay_id == essay_id))
        version = db.session.get(EssayVersion, consent.version_id)
        assert consent.kind is ConsentKind.GIVEN
        assert consent.pen_name == "Morning Star"
        assert consent.author_note == "I like to cook."
        assert (consent.scope_web, consent.scope_print, consent.scope_social) == (
            True,
            False,
            False,
        )
        assert consent.content_sha256 == content_digest(ESSAY_TITLE, ESSAY_BODY)
        assert version.title == ESSAY_TITLE
        assert consent.consent_text.language is Language.ENGLISH
        assert consent.consent_text.version == "2026-11"
        assert consent.method is ConsentMethod.SELF_SERVICE
        assert consent.recorded_by_id == user.id
        assert (
            db.session.scalar(
                select(func.count(AuditEvent.id)).where(AuditEvent.action == "consent.given")
            )
            == 1
        )
    mine = client.get("/writing/publications").get_data(as_text=True)
    assert "Morning Star" in mine
    assert "Waiting for a coordinator" in mine


def test_the_korean_consent_text_is_shown_when_chosen(client, csrf_token, login_as, writer):
    user, essay_id = writer
    login_as(user)
    page, form = consent_form(client, csrf_token, essay_id, language="ko")
    html = client.post(page, data={**form, "action": "preview"}).get_data(as_text=True)
    assert 'lang="ko"' in html
    assert "회수할 수 없습니다" in html


def test_a_changed_form_after_the_preview_is_not_consent(app, client, csrf_token, login_as, writer):
    user, essay_id = writer
    login_as(user)
    page, form = consent_form(client, csrf_token, essay_id)
    html = client.post(page, data={**form, "action": "preview"}).get_data(as_text=True)
    changed = {**form, "pen_name": "Evening Star", "previewed": previewed(html), "agree": "y"}
    response = client.post(page, data={**changed, "action": "confirm"})
    assert "Check the preview again" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ConsentRecord.id))) == 0


@pytest.mark.parametrize(
    "pen_name",
    ["Kim Cheolsu", "Gim Cheol-su", "철수", "Jane Kim", "Hoeryeong Girl", "회령의 딸", "CHULSOO!"],
)
def test_identifying_pen_names_are_refused_on_the_form(
    app, client, csrf_token, login_as, writer, pen_name
):
    user, essay_id = writer
    login_as(user)
    page, form = consent_form(client, csrf_token, essay_id, pen_name=pen_name)
    response = client.post(page, data={**form, "action": "preview"})
    html = response.get_data(as_text=True)
    assert "This pen name could identify you" in html
    assert "회령" not in html.replace(pen_name, "")  # the sensitive term itself is not shown


def test_pen_name_rules_against_the_participants_names(app, make_participant):
    person = make_participant(
        legal_name="이민지", preferred_name="Mina", sensitive_terms=["회령", "Kim Ok-sun"]
    )
    with app.app_context():
        who = db.session.get(Participant, person.id)
        refused = {
            "Lee Minji": "legal_name",  # the legal name, romanised
            "Minji": "legal_name",
            "Rhee": "legal_name",  # a surname variant of 이
            "Morning Yi": "legal_name",
            "MINA.": "preferred_name",
            "회령": "sensitive_term",  # a Hangul sensitive term
            "Hoeryeong": "sensitive_term",  # and its romanised form
        }
        for pen_name, kind in refused.items():
            assert kind in {problem.kind for problem in pen_name_check(who, pen_name)}, pen_name
        for pen_name in ("Jane", "Morning Star", "Sleepy"):
            assert pen_name_check(who, pen_name) == [], pen_name


def test_identity_check_highlights_terms_in_hangul_romanised_and_places(
    app, client, login_as, make_user, make_publication, make_participant
):
    author = make_participant(
        legal_name="김철수", preferred_name="Chulsoo", sensitive_terms=["회령"]
    )
    made = make_publication(
        participant=author,
        body="I grew up in Hoeryeong.\n\n회령에서 my brother Cheolsu sold fish near Chongjin.",
        pen_name="Morning Star",
        publish=False,
    )
    coordinator = make_user(Role.COORDINATOR)
    login_as(coordinator)
    response = client.get(f"/consent/{made.consent_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    marks = re.findall(r'<mark class="hit (hit-\w+)"[^>]*>([^<]+)</mark>', html)
    assert ("hit-block", "Hoeryeong") in marks  # the Hangul term, written romanised
    assert ("hit-block", "회령") in marks  # the Hangul term before a particle
    assert ("hit-block", "Cheolsu") in marks  # part of the legal name
    assert ("hit-warning", "Chongjin") in marks  # a place from the shipped list
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "consent.identity_check.view")
        )
        assert event.actor_id == coordinator.id
        assert event.object_id == author.id


def test_publish_then_withdraw_answers_410_on_the_next_request(
    app, client, csrf_token, login_as, make_user, writer
):
    user, essay_id = writer
    login_as(user)
    page, form = consent_form(client, csrf_token, essay_id)
    html = client.post(page, data={**form, "action": "preview"}).get_data(as_text=True)
    client.post(
        page, data={**form, "previewed": previewed(html), "agree": "y", "action": "confirm"}
    )
    with app.app_context():
        consent_id = db.session.scalar(select(ConsentRecord.id))

    login_as(make_user(Role.COORDINATOR))
    refused = client.post(
        f"/consent/{consent_id}/publish", data={"csrf_token": csrf_token(f"/consent/{consent_id}")}
    )
    assert refused.status_code == 302  # "I have checked every highlight" not ticked
    with app.app_context():
        assert db.session.scalar(select(func.count(Publication.id))) == 0
    client.post(
        f"/consent/{consent_id}/publish",
        data={"csrf_token": csrf_token(f"/consent/{consent_id}"), "checked": "yes"},
    )
    with app.app_context():
        slug = db.session.scalar(select(Publication.slug))

    anonymous = app.test_client()
    public = anonymous.get(f"/essays/{slug}")
    assert public.status_code == 200
    assert "Morning Star" in public.get_data(as_text=True)

    login_as(user)
    withdraw_page = f"/writing/{essay_id}/consents/{consent_id}/withdraw"
    assert client.get(withdraw_page).status_code == 200  # the confirmation
    done = client.post(withdraw_page, data={"csrf_token": csrf_token(withdraw_page)})
    assert done.status_code == 302
    assert anonymous.get(f"/essays/{slug}").status_code == 410
    with app.app_context():
        kinds = db.session.scalars(select(ConsentRecord.kind).order_by(ConsentRecord.id)).all()
        assert kinds == [ConsentKind.GIVEN, ConsentKind.WITHDRAWN]  # the history stays
        assert db.session.scalar(select(Publication.withdrawal_reason)) == "consent withdrawn"


def test_a_withdrawal_by_get_changes_nothing(app, client, login_as, make_publication):
    made = make_publication()
    login_as(participant_login(app, made.participant_id))
    client.get(f"/writing/{made.essay_id}/consents/{made.consent_id}/withdraw")
    assert app.test_client().get(f"/essays/{made.slug}").status_code == 200


def test_an_alumnus_can_withdraw(app, client, csrf_token, login_as, make_publication):
    from linkenglish.models import ParticipantStatus

    made = make_publication()
    with app.app_context():
        who = db.session.get(Participant, made.participant_id)
        who.status = ParticipantStatus.ALUMNI
        db.session.commit()
    login_as(participant_login(app, made.participant_id))
    mine = client.get("/writing/publications").get_data(as_text=True)
    assert "Public since" in mine
    page = f"/writing/{made.essay_id}/consents/{made.consent_id}/withdraw"
    client.post(page, data={"csrf_token": csrf_token(page), "next_page": "mine"})
    assert app.test_client().get(f"/essays/{made.slug}").status_code == 410


def test_take_down_needs_a_reason_and_republishing_needs_new_consent(
    app, client, csrf_token, login_as, make_publication
):
    made = make_publication()
    login_as(made.coordinator)
    check = f"/consent/{made.consent_id}"
    url = f"/consent/publications/{made.publication_id}/take-down"
    client.post(url, data={"csrf_token": csrf_token(check), "reason": ""})
    assert app.test_client().get(f"/essays/{made.slug}").status_code == 200
    client.post(url, data={"csrf_token": csrf_token(check), "reason": "Family asked us"})
    assert app.test_client().get(f"/essays/{made.slug}").status_code == 410

    with app.app_context():
        consent = db.session.get(ConsentRecord, made.consent_id)
        by = db.session.get(User, made.coordinator.id)
        with pytest.raises(ConsentError, match="published_before"):
            publication_publish(consent=consent, by=by)
        essay = db.session.get(Essay, made.essay_id)
        again = consent_give(
            essay=essay, version=consent.version, pen_name="Jane", author_note=None,
            language=Language.KOREAN, by=by,
        )  # fmt: skip
        second = publication_publish(consent=again, by=by)
        db.session.commit()
        assert second.slug != made.slug
        assert publication_by_slug(made.slug)[0] == "gone"
        assert publication_by_slug(second.slug)[0] == "live"


def test_a_redaction_needs_fresh_consent(app, client, csrf_token, login_as, make_publication):
    made = make_publication(body="My sister Ok-sun lives in Hyesan.\n\nI miss her.", publish=False)
    login_as(made.coordinator)
    page = f"/consent/{made.consent_id}/redact"
    unchanged = client.post(
        page,
        data={
            "csrf_token": csrf_token(page),
            "title": "A Life With No Exit",
            "body": "My sister Ok-sun lives in Hyesan.\n\nI miss her.",
            "reason": "Names",
        },
    )
    assert "Change the text first" in unchanged.get_data(as_text=True)
    response = client.post(
        page,
        data={
            "csrf_token": csrf_token(page),
            "title": "A Life With No Exit",
            "body": "My sister lives far away.\n\nI miss her.",
            "reason": "Removed your sister's name and town",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        redaction = db.session.scalar(select(Redaction))
        assert redaction.source_version_id == made.version_id
        by = db.session.get(User, made.coordinator.id)
        consent = db.session.get(ConsentRecord, made.consent_id)
        with pytest.raises(ConsentError, match="redacted"):
            publication_publish(consent=consent, by=by)  # the unredacted text stays private

    login_as(participant_login(app, made.participant_id))
    html = client.get(f"/writing/{made.essay_id}/publish").get_data(as_text=True)
    assert "Removed your sister&#39;s name and town" in html
    assert "edited by a coordinator" in html


def participant_login(app, participant_id):
    """A participant login for an existing participant."""
    with app.app_context():
        user = user_create(
            email=f"writer{participant_id}@example.org",
            role=Role.PARTICIPANT,
            password=PASSWORD,
            participant=db.session.get(Participant, participant_id),
        )
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


def test_coordinator_records_consent_given_on_paper(
    app, client, csrf_token, login_as, make_user, writer
):
    _user, essay_id = writer
    coordinator = make_user(Role.COORDINATOR)
    login_as(coordinator)
    page = f"/consent/essays/{essay_id}/record"
    html = client.get(page).get_data(as_text=True)
    version = re.search(r'<option[^>]*value="(\d+)"', html).group(1)
    form = {
        "csrf_token": csrf_token(page),
        "version": version,
        "pen_name": "Morning Star",
        "scope_web": "y",
        "scope_print": "y",
        "language": "ko",
        "method": "paper",
        "method_note": "Signed form in the Seoul office file",
    }
    html = client.post(page, data={**form, "action": "preview"}).get_data(as_text=True)
    response = client.post(
        page, data={**form, "previewed": previewed(html), "agree": "y", "action": "confirm"}
    )
    assert response.status_code == 302
    with app.app_context():
        consent = db.session.scalar(select(ConsentRecord))
        assert consent.method is ConsentMethod.PAPER
        assert consent.method_note == "Signed form in the Seoul office file"
        assert consent.recorded_by_id == coordinator.id
        assert consent.scope_print is True
        assert consent.consent_text.language is Language.KOREAN


def test_the_empty_version_choice_is_refused_not_replaced(
    app, client, csrf_token, login_as, make_user, writer
):
    _user, essay_id = writer
    login_as(make_user(Role.COORDINATOR))
    page = f"/consent/essays/{essay_id}/record"
    html = client.get(page).get_data(as_text=True)
    # The newest version is chosen at first; the empty "Choose…" option leads the list.
    assert re.search(
        r'required><option value="">Choose…</option><option selected value="\d+"', html
    )
    form = {
        "csrf_token": csrf_token(page), "version": "", "pen_name": "Morning Star",
        "scope_web": "y", "language": "ko", "method": "paper", "action": "preview",
    }  # fmt: skip
    html = client.post(page, data=form).get_data(as_text=True)
    assert "Choose a version." in html
    assert '<option selected value="">Choose…</option>' in html
    with app.app_context():
        assert db.session.scalar(select(ConsentRecord)) is None


def test_a_coordinator_sees_pen_name_refusals_with_the_matched_term(
    app, client, csrf_token, login_as, make_user, writer
):
    _user, essay_id = writer
    login_as(make_user(Role.COORDINATOR))
    page = f"/consent/essays/{essay_id}/record"
    html = client.get(page).get_data(as_text=True)
    version = re.search(r'<option[^>]*value="(\d+)"', html).group(1)
    response = client.post(
        page,
        data={
            "csrf_token": csrf_token(page), "version": version, "pen_name": "Hoeryong Girl",
            "scope_web": "y", "language": "en", "method": "phone", "action": "preview",
        },
    )  # fmt: skip
    assert "Matched: 회령" in response.get_data(as_text=True)


def test_the_public_page_carries_nothing_about_the_author(app, make_participant, make_publication):
    canaries = {
        "legal_name": "Canarylegalqx",
        "preferred_name": "Canaryprefqx",
        "email": "canary.mail.qx@example.org",
        "phone": "010-7777-4242",
        "sensitive_terms": ["Canarytermqx"],
    }
    author = make_participant(**canaries)
    made = make_publication(participant=author, pen_name="Morning Star")
    response = app.test_client().get(f"/essays/{made.slug}")
    assert response.status_code == 200
    assert response.headers["X-Robots-Tag"] == "noarchive"
    assert response.headers["Cache-Control"] == "no-cache"
    everything = response.get_data(as_text=True) + str(response.headers)
    for value in [*canaries.values()][:4] + canaries["sensitive_terms"]:
        assert value not in everything
    ids = {str(n) for n in (made.participant_id, made.essay_id, made.version_id, made.consent_id)}
    html = response.get_data(as_text=True)
    urls = re.findall(r'(?:href|src|action)="([^"]*)"', html)
    urls += re.findall(r'content="((?:https?:/)?/[^"]*)"', html)
    for url in urls:
        parts = re.split(r"[/?&=#.]", url)
        assert ids.isdisjoint(parts), url


def test_consent_cannot_be_given_to_a_version_never_submitted(app, make_participant, make_user):
    person = make_participant()
    with app.app_context():
        by = db.session.get(User, make_user(Role.COORDINATOR).id)
        essay = essay_create(
            participant=db.session.get(Participant, person.id), by=by, title="T", body="Text"
        )
        from linkenglish.models import VersionKind
        from linkenglish.writing.services import version_freeze

        saved = version_freeze(essay=essay, kind=VersionKind.SAVED, by=by)
        with pytest.raises(ConsentError, match="version"):
            consent_give(
                essay=essay, version=saved, pen_name="Jane", author_note=None,
                language=Language.ENGLISH, by=by,
            )  # fmt: skip
        with pytest.raises(PenNameRefused):
            submitted = essay_submit(essay=essay, by=by)
            consent_give(
                essay=essay, version=submitted, pen_name=person.preferred_name,
                author_note=None, language=Language.ENGLISH, by=by,
            )  # fmt: skip


def test_redaction_of_nothing_is_refused(app, make_publication):
    made = make_publication(publish=False)
    with app.app_context():
        consent = db.session.get(ConsentRecord, made.consent_id)
        version = db.session.get(EssayVersion, made.version_id)
        by = db.session.get(User, made.coordinator.id)
        with pytest.raises(ConsentError, match="unchanged"):
            essay_redact(consent=consent, title=version.title, body=version.body, by=by)


def test_withdrawing_twice_keeps_one_withdrawal(app, make_publication):
    made = make_publication()
    with app.app_context():
        consent = db.session.get(ConsentRecord, made.consent_id)
        by = db.session.get(User, made.coordinator.id)
        first = consent_withdraw(consent=consent, by=by)
        second = consent_withdraw(consent=consent, by=by)
        db.session.commit()
        assert first.id == second.id


def test_the_queue_lists_waiting_public_and_ended_consents_in_fixed_queries(
    app, client, login_as, make_publication, count_queries
):
    waiting = make_publication(title="Waiting essay", publish=False)
    login_as(waiting.coordinator)
    with count_queries() as few:
        html = client.get("/consent/").get_data(as_text=True)
    assert "Waiting essay" in html
    for number in range(3):
        made = make_publication(title=f"Public essay {number}")
    with app.app_context():
        consent_withdraw(
            consent=db.session.get(ConsentRecord, made.consent_id),
            by=db.session.get(User, made.coordinator.id),
        )
        db.session.commit()
    with count_queries() as many:
        html = client.get("/consent/").get_data(as_text=True)
    assert "Public essay 0" in html and "Public essay 2" in html
    assert "Withdrawn" in html
    assert len(many) == len(few)


def test_consent_without_any_place_is_explained(client, csrf_token, login_as, writer):
    user, essay_id = writer
    login_as(user)
    page, form = consent_form(client, csrf_token, essay_id)
    del form["scope_web"]
    response = client.post(page, data={**form, "action": "preview"})
    assert response.status_code == 200
    assert "Choose at least one place" in response.get_data(as_text=True)
    assert 'value="Morning Star"' in response.get_data(as_text=True)


def test_seed_demo_publishes_janes_essay_through_consent(app, runner):
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0  # once only
    with app.app_context():
        consent = db.session.scalar(select(ConsentRecord))
        publication = db.session.scalar(select(Publication))
        assert db.session.scalar(select(func.count(Publication.id))) == 1
        assert consent.pen_name == "Jane"
        assert consent.consent_text is not None
        assert publication.consent_id == consent.id
        # The sample's author is a LIEP participant (shared/samples/README.md), writing in
        # the LIEP cohort, and the gallery tags her essay LIEP.
        essay = db.session.get(Essay, consent.essay_id)
        assert db.session.get(Participant, essay.participant_id).program is ProgramCode.LIEP
        assert db.session.get(Cohort, essay.cohort_id).program.code is ProgramCode.LIEP
        assert publication.program is ProgramCode.LIEP
        slug = publication.slug
    page = app.test_client().get(f"/essays/{slug}").get_data(as_text=True)
    assert "A Life With No Exit" in page
    assert "by Jane" in page
    program = page.split('<p class="essay-program">')[1].split("</p>")[0]
    assert "Intensive" in program, program
    assert "Amnok River" in page
    gallery = app.test_client().get("/gallery/").get_data(as_text=True)
    assert f"/essays/{slug}" in gallery


def redact(app, made, *, body: str) -> None:
    """A coordinator's redaction of a made publication's consented text."""
    with app.app_context():
        essay_redact(
            consent=db.session.get(ConsentRecord, made.consent_id),
            title="A Life With No Exit",
            body=body,
            by=db.session.get(User, made.coordinator.id),
            reason="Removed a name",
        )
        db.session.commit()


def test_a_redaction_shows_as_waiting_for_the_author(
    app, client, csrf_token, login_as, make_publication
):
    made = make_publication(body="My sister Ok-sun lives in Hyesan.", publish=False)
    redact(app, made, body="My sister lives far away.")
    login_as(made.coordinator)
    queue = client.get("/consent/").get_data(as_text=True)
    assert "waiting for the participant's consent to the edit" in queue
    check = client.get(f"/consent/{made.consent_id}").get_data(as_text=True)
    assert ">Publish</button>" not in check
    login_as(participant_login(app, made.participant_id))
    mine = client.get("/writing/publications").get_data(as_text=True)
    assert "A coordinator suggested an edited version" in mine


def test_dashboards_count_what_waits_and_what_is_public(app, client, login_as, make_publication):
    make_publication(title="Public one")
    waiting = make_publication(title="Waiting one", publish=False)
    redacted = make_publication(body="My sister Ok-sun.", publish=False)
    redact(app, redacted, body="My sister.")
    login_as(waiting.coordinator)
    html = client.get("/dashboard").get_data(as_text=True)
    stats = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", html))
    assert stats["Waiting for the identity check"] == "1"
    assert stats["Redacted, waiting for the author"] == "1"
    assert stats["Public now"] == "1"
    login_as(participant_login(app, redacted.participant_id))
    assert "A coordinator suggests an edited version" in client.get("/dashboard").get_data(
        as_text=True
    )
    login_as(participant_login(app, waiting.participant_id))
    assert "A coordinator suggests" not in client.get("/dashboard").get_data(as_text=True)


def test_my_publications_costs_the_same_for_one_or_many(
    app, client, login_as, make_participant, make_publication, count_queries
):
    author = make_participant()
    make_publication(participant=author, title="First")
    login_as(participant_login(app, author.id))
    with count_queries() as one:
        assert "First" in client.get("/writing/publications").get_data(as_text=True)
    for number in range(5):
        make_publication(participant=author, title=f"More {number}", publish=number % 2 == 0)
    with count_queries() as six:
        html = client.get("/writing/publications").get_data(as_text=True)
    assert "More 4" in html and html.count("Withdraw consent") == 6
    assert len(six) == len(one)


@pytest.mark.skipif(not postgres_base_url(), reason="row locks: PostgreSQL only")
def test_two_consents_at_once_leave_one_in_force(app, make_publication):
    import threading

    made = make_publication(publish=False)
    barrier = threading.Barrier(2)
    errors = []

    def consent_again(pen_name):
        with app.app_context():
            try:
                essay = db.session.get(Essay, made.essay_id)
                version = db.session.get(EssayVersion, made.version_id)
                by = db.session.get(User, made.coordinator.id)
                barrier.wait()
                consent_give(
                    essay=essay, version=version, pen_name=pen_name, author_note=None,
                    language=Language.ENGLISH, by=by,
                )  # fmt: skip
                db.session.commit()
            except Exception as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=consent_again, args=(n,)) for n in ("River", "Sky")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        from linkenglish.consent.selectors import consent_is_current

        current = db.session.scalar(
            select(func.count(ConsentRecord.id)).where(
                ConsentRecord.essay_id == made.essay_id, consent_is_current()
            )
        )
        assert current == 1


def test_publishing_twice_says_it_is_public_already(
    app, client, csrf_token, login_as, make_publication
):
    made = make_publication()
    login_as(made.coordinator)
    page = f"/consent/{made.consent_id}"
    response = client.post(
        f"{page}/publish", data={"csrf_token": csrf_token(page), "checked": "yes"},
        follow_redirects=True,
    )  # fmt: skip
    assert response.status_code == 200
    assert "This essay is public already." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Publication.id))) == 1
