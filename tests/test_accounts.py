"""Logins: invitation and reset links, the Logins page, disabling, and their audit trail."""

import logging
import re
from datetime import timedelta

import pytest
from flask import url_for
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from conftest import CSRF_PATTERN, PASSWORD
from linkenglish.accounts import services
from linkenglish.extensions import db
from linkenglish.models import (
    AccountToken,
    AuditEvent,
    ParticipantStatus,
    Role,
    TokenPurpose,
    User,
    utcnow,
)
from linkenglish.partners.services import partner_organisation_get_or_create

NEW_PASSWORD = "a long new password"
LINK_PATTERN = re.compile(r'id="account-link" value="([^"]+)"')


def form_token(response) -> str:
    """The CSRF token of the form on a page."""
    match = CSRF_PATTERN.search(response.get_data(as_text=True))
    assert match, response.status_code
    return match.group(1)


def link_path(response) -> str:
    """The path of the link shown once on a link page."""
    assert response.status_code == 200
    match = LINK_PATTERN.search(response.get_data(as_text=True))
    assert match, "no link on the page"
    return match.group(1).removeprefix("http://localhost")


@pytest.fixture
def coordinator(make_user, login_as):
    return login_as(make_user(Role.COORDINATOR))


@pytest.fixture
def browser(app):
    """A second browser: the invited person's."""
    return app.test_client()


def invite_participant(client, csrf_token, participant, email="invited@example.org"):
    """As a signed-in coordinator, create a participant's login; return the link's path."""
    response = client.post(
        f"/accounts/participants/{participant.id}/login",
        data={"csrf_token": csrf_token("/dashboard"), "email": email},
    )
    return link_path(response)


def new_link(client, csrf_token, user_id):
    """As a signed-in coordinator, create a new link for a login; return its path."""
    response = client.post(
        f"/accounts/{user_id}/link", data={"csrf_token": csrf_token("/dashboard")}
    )
    return link_path(response)


def set_password(browser, path, password=NEW_PASSWORD, confirm=None):
    """Open a link in a browser and set a password through it."""
    page = browser.get(path)
    assert page.status_code == 200
    return browser.post(
        path,
        data={
            "csrf_token": form_token(page),
            "password": password,
            "confirm": password if confirm is None else confirm,
        },
    )


def login_of(app, participant) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.participant_id == participant.id))
        db.session.expunge(user)
        return user


def test_invitation_link_works_once(
    app, client, browser, csrf_token, coordinator, make_participant
):
    participant = make_participant()
    path = invite_participant(client, csrf_token, participant)
    assert path.startswith("/set-password/")
    user = login_of(app, participant)
    assert user.password_hash is None and user.role is Role.PARTICIPANT

    response = set_password(browser, path)
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard")
    assert browser.get("/dashboard").status_code == 200  # signed in as the participant

    again = app.test_client()
    assert again.get(path).status_code == 410
    assert (
        browser.post(path, data={"csrf_token": form_token(browser.get("/dashboard"))}).status_code
        == 410
    )


def test_person_signs_in_with_the_password_they_set(
    app, client, browser, csrf_token, coordinator, make_participant
):
    participant = make_participant()
    path = invite_participant(client, csrf_token, participant, email="Sets.Own@example.org")
    set_password(browser, path)
    browser.post("/sign-out", data={"csrf_token": form_token(browser.get("/dashboard"))})
    assert browser.get("/dashboard").status_code == 302

    sign_in_page = browser.get("/sign-in")
    response = browser.post(
        "/sign-in",
        data={
            "csrf_token": form_token(sign_in_page),
            "email": "sets.own@example.org",
            "password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard")
    assert browser.get("/dashboard").status_code == 200


def test_link_expires_after_seven_days(
    app, client, browser, csrf_token, coordinator, make_participant, monkeypatch
):
    path = invite_participant(client, csrf_token, make_participant())
    start = utcnow()
    monkeypatch.setattr(services, "now", lambda: start + timedelta(days=6, hours=23))
    assert browser.get(path).status_code == 200
    monkeypatch.setattr(services, "now", lambda: start + timedelta(days=7, seconds=1))
    page = browser.get(path)
    assert page.status_code == 410
    assert "cannot be used" in page.get_data(as_text=True)


def test_forged_or_altered_links_are_refused(
    app, client, browser, csrf_token, coordinator, make_participant, count_queries
):
    participant = make_participant(preferred_name="Haneul")
    path = invite_participant(client, csrf_token, participant, email="haneul@example.org")
    token = path.rsplit("/", 1)[1]
    secret = URLSafeTimedSerializer("test secret key", salt="account-token").loads(token)
    other_key = URLSafeTimedSerializer("another key", salt="account-token").dumps(secret)
    unknown = URLSafeTimedSerializer("test secret key", salt="account-token").dumps("x" * 43)
    # Change a character well inside the signature: the last base64 character may carry
    # padding bits only, so changing it can leave the decoded signature as it was.
    middle = len(token) - 6
    altered = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    for bad in (altered, other_key, "x" * 80, token + "x" * 300, token.split(".", 1)[0]):
        with count_queries() as statements:
            response = browser.get(f"/set-password/{bad}")
        assert response.status_code == 404, bad
        body = response.get_data(as_text=True)
        assert "Haneul" not in body and "haneul@" not in body
        # Refused on the signature: the database was not asked.
        assert not any("account_tokens" in statement for statement in statements)
    assert browser.get(f"/set-password/{unknown}").status_code == 404
    assert browser.get(path).status_code == 200  # the real one still works


def test_a_new_link_revokes_the_older_one(
    app, client, browser, csrf_token, coordinator, make_participant
):
    participant = make_participant()
    first = invite_participant(client, csrf_token, participant)
    user = login_of(app, participant)
    second = new_link(client, csrf_token, user.id)
    assert browser.get(first).status_code == 404
    assert set_password(browser, second).status_code == 302
    # With a password set, the next link is a reset link, and it too replaces nothing used.
    reset = new_link(client, csrf_token, user.id)
    other = app.test_client()
    assert set_password(other, reset, password="yet another password").status_code == 302
    with app.app_context():
        purposes = db.session.scalars(select(AccountToken.purpose).order_by(AccountToken.id)).all()
    assert [purpose.value for purpose in purposes] == ["invitation", "password_reset"]


def test_reset_link_signs_out_old_sessions(app, client, browser, csrf_token, make_user, login_as):
    person = make_user(Role.PARTNER)
    other_browser = app.test_client()
    with other_browser.session_transaction() as session:
        session["_user_id"] = person.get_id()
    assert other_browser.get("/dashboard").status_code == 200
    login_as(make_user(Role.COORDINATOR))
    set_password(browser, new_link(client, csrf_token, person.id))
    assert other_browser.get("/dashboard").status_code == 302


def test_disabling_signs_the_person_out(app, client, browser, csrf_token, make_user, login_as):
    person = make_user(Role.PARTNER, email="gone@example.org")
    with browser.session_transaction() as session:
        session["_user_id"] = person.get_id()
    assert browser.get("/dashboard").status_code == 200
    me = login_as(make_user(Role.COORDINATOR))
    response = client.post(
        f"/accounts/{person.id}/disable", data={"csrf_token": csrf_token("/dashboard")}
    )
    assert response.status_code == 302
    assert browser.get("/dashboard").status_code == 302
    response = browser.post(
        "/sign-in",
        data={
            "csrf_token": form_token(browser.get("/sign-in")),
            "email": "gone@example.org",
            "password": PASSWORD,
        },
    )
    assert "The e-mail or password is not right." in response.get_data(as_text=True)

    # No new link for a disabled login; enabling lets the person back in.
    client.post(f"/accounts/{person.id}/link", data={"csrf_token": csrf_token("/dashboard")})
    client.post(f"/accounts/{person.id}/enable", data={"csrf_token": csrf_token("/dashboard")})
    # A coordinator cannot disable themselves.
    response = client.post(
        f"/accounts/{me.id}/disable",
        data={"csrf_token": csrf_token("/dashboard")},
        follow_redirects=True,
    )
    assert "You cannot disable your own login." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, me.id).active
        assert db.session.get(User, person.id).active
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    # Following the redirect shows the coordinator's own login page, e-mail included.
    assert actions == ["user.disable", "login.failed", "user.enable", "user.email.view"]


def test_disabling_voids_pending_links(
    app, client, browser, csrf_token, coordinator, make_participant
):
    participant = make_participant()
    path = invite_participant(client, csrf_token, participant)
    user = login_of(app, participant)
    client.post(f"/accounts/{user.id}/disable", data={"csrf_token": csrf_token("/dashboard")})
    assert browser.get(path).status_code == 404


def test_changes_need_post_and_csrf(client, make_user, login_as):
    person = make_user(Role.PARTNER)
    login_as(make_user(Role.COORDINATOR))
    for action in ("link", "disable", "enable"):
        assert client.get(f"/accounts/{person.id}/{action}").status_code == 405
        assert client.post(f"/accounts/{person.id}/{action}").status_code == 400


def test_logins_list_runs_the_same_queries_for_5_and_50(
    app, client, make_user, make_participant, login_as, count_queries
):
    coordinator = login_as(make_user(Role.COORDINATOR))

    def add_logins(count):
        for number in range(count):
            role = (Role.COORDINATOR, Role.PARTNER, Role.PARTICIPANT)[number % 3]
            user = make_user(role, partner_name=f"Partner {number % 4}", display_name=f"N{number}")
            if number % 2:
                with app.app_context():
                    services.account_link_create(
                        user=db.session.get(User, user.id),
                        by=db.session.get(User, coordinator.id),
                    )
                    db.session.commit()

    costs = []
    for count in (4, 46):  # 5, then 50 logins with the coordinator
        add_logins(count)
        with count_queries() as statements:
            response = client.get("/accounts/")
        assert response.status_code == 200
        costs.append(len(statements))
    body = response.get_data(as_text=True)
    assert body.count("pending until") == 25
    assert "Partner 3" in body and "N45" in body and "Learner" in body
    assert "@example.org" not in body  # the list never shows e-mail addresses
    assert costs[0] == costs[1]


def test_email_views_are_audited_without_personal_data(
    app, client, make_user, login_as, make_participant
):
    participant = make_participant(preferred_name="Minji")
    person = make_user(Role.PARTICIPANT, email="minji@example.org", participant=participant)
    coordinator = login_as(make_user(Role.COORDINATOR))
    for _ in range(2):
        body = client.get(f"/accounts/{person.id}").get_data(as_text=True)
        assert "minji@example.org" in body and "Minji" in body
    assert client.get("/accounts/2147483647").status_code == 404
    with app.app_context():
        events = db.session.execute(
            select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.object_type,
                   AuditEvent.object_id, AuditEvent.detail)
        ).all()  # fmt: skip
    assert events == [("user.email.view", coordinator.id, "user", person.id, None)] * 2


def test_every_account_event_is_recorded_without_personal_data(
    app, client, browser, csrf_token, coordinator, make_participant
):
    with app.app_context():
        partner = partner_organisation_get_or_create(name="British Council").id
        db.session.commit()
    participant = make_participant(preferred_name="Jiwoo")
    path = invite_participant(client, csrf_token, participant, email="jiwoo@example.org")
    token = path.rsplit("/", 1)[1]
    set_password(browser, path)
    user = login_of(app, participant)
    reset = new_link(client, csrf_token, user.id)
    response = client.post(
        "/accounts/invite/partner",
        data={
            "csrf_token": csrf_token("/dashboard"),
            "email": "teacher@britishcouncil.example",
            "display_name": "Teacher Kim",
            "partner": str(partner),
        },
    )
    partner_link = link_path(response)
    response = client.post(
        "/accounts/invite/coordinator",
        data={
            "csrf_token": csrf_token("/dashboard"),
            "email": "staff@link.example",
            "display_name": "Staff Park",
        },
    )
    coordinator_link = link_path(response)
    client.post(f"/accounts/{user.id}/disable", data={"csrf_token": csrf_token("/dashboard")})
    client.post(f"/accounts/{user.id}/enable", data={"csrf_token": csrf_token("/dashboard")})

    with app.app_context():
        events = db.session.execute(
            select(AuditEvent.action, AuditEvent.detail).order_by(AuditEvent.id)
        ).all()
        created = db.session.execute(select(User.role, User.display_name, User.partner_id)).all()
    assert [action for action, _ in events] == [
        "user.create",
        "user.invitation.create",
        "user.password.set",
        "login",
        "user.password_reset.create",
        "user.create",
        "user.invitation.create",
        "user.create",
        "user.invitation.create",
        "user.disable",
        "user.enable",
    ]
    assert {detail["role"] for action, detail in events if action == "user.create"} == {
        "participant",
        "partner",
        "coordinator",
    }
    everything = repr(events)
    for secret in ("jiwoo", "Jiwoo", "teacher@", "Teacher Kim", "staff@", "Staff Park", token):
        assert secret not in everything
    for link in (reset, partner_link, coordinator_link):
        assert link.rsplit("/", 1)[1] not in everything
    assert (Role.PARTNER, "Teacher Kim", partner) in created
    assert (Role.COORDINATOR, "Staff Park", None) in created


def test_invited_partner_and_coordinator_appear_in_the_list(
    app, client, browser, csrf_token, coordinator
):
    with app.app_context():
        organisation = partner_organisation_get_or_create(name="British Council").id
        db.session.commit()
    page = client.get("/accounts/invite/partner")
    assert "British Council" in page.get_data(as_text=True)
    response = client.post(
        "/accounts/invite/partner",
        data={
            "csrf_token": form_token(page),
            "email": "  new.teacher@britishcouncil.example ",
            "display_name": "Ms Lee",
            "partner": str(organisation),
        },
    )
    path = link_path(response)
    body = client.get("/accounts/").get_data(as_text=True)
    assert "Ms Lee" in body and "British Council" in body and "pending until" in body
    assert "new.teacher" not in body
    set_password(browser, path)
    assert "British Council cohorts" in browser.get("/dashboard").get_data(as_text=True)


def test_bad_input_keeps_what_was_typed_and_explains(
    app, client, browser, csrf_token, coordinator, make_user, make_participant
):
    make_user(Role.PARTNER, email="taken@example.org")
    cases = [
        ({"email": "taken@example.org", "display_name": "Kim"}, "uses this e-mail address"),
        ({"email": "not-an-email", "display_name": "Kim"}, "such as name@example.org"),
        ({"email": "a" * 250 + "@example.org", "display_name": "Kim"}, "at most 254"),
        ({"email": "ok@example.org", "display_name": "K" * 101}, "at most 100"),
        ({"email": "ok@example.org", "display_name": "Ki\x00m"}, "NUL"),
        ({"email": "ok@example.org", "display_name": "Kim", "partner": "99999999999"}, "Choose"),
        ({"email": "ok@example.org", "display_name": "Kim", "partner": "x"}, "Choose"),
        ({"email": "ok@example.org", "display_name": "Kim Typed"}, "Choose the partner"),
    ]
    for fields, message in cases:
        response = client.post(
            "/accounts/invite/partner", data={"csrf_token": csrf_token("/dashboard"), **fields}
        )
        body = response.get_data(as_text=True)
        assert response.status_code == 200, fields
        assert message in body, (fields, message)
        if "\x00" not in fields["display_name"]:
            assert f'value="{fields["display_name"]}"' in body

    participant = make_participant()
    response = client.post(
        f"/accounts/participants/{participant.id}/login",
        data={"csrf_token": csrf_token("/dashboard"), "email": "taken@example.org"},
    )
    assert "uses this e-mail address" in response.get_data(as_text=True)

    path = invite_participant(client, csrf_token, participant)
    for password, confirm, message in [
        ("short", None, "at least 10 characters"),
        ("p" * 1025, None, "at most 1024 characters"),
        ("a good long password", "a different password", "not the same"),
        ("", "", "Choose a password."),
        ("nul\x00 in the password", None, "NUL"),
    ]:
        response = set_password(browser, path, password=password, confirm=confirm)
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)
    assert set_password(browser, path).status_code == 302  # the link was not spent meanwhile


def test_participant_page_offers_a_login_to_coordinators_only(
    app, client, csrf_token, make_user, login_as, make_participant
):
    participant = make_participant(email="contact@example.org")
    login_as(make_user(Role.COORDINATOR))
    body = client.get(f"/participants/{participant.id}").get_data(as_text=True)
    assert "Create login and invitation" in body
    assert 'value="contact@example.org"' in body
    invite_participant(client, csrf_token, participant)
    body = client.get(f"/participants/{participant.id}").get_data(as_text=True)
    assert "New invitation link" in body and "Disable login" in body and "pending until" in body

    login_as(login_of(app, participant))
    body = client.get(f"/participants/{participant.id}").get_data(as_text=True)
    assert "Disable login" not in body and "invitation" not in body.lower()


def test_alumni_keep_their_login(app, make_user, make_participant):
    participant = make_participant()
    user = make_user(Role.PARTICIPANT, participant=participant)
    with app.app_context():
        db.session.get(User, user.id).participant.status = ParticipantStatus.ALUMNI
        db.session.commit()
        assert db.session.get(User, user.id).active


def test_partners_and_participants_get_404_everywhere(app, client, make_user, login_as, csrf_token):
    target = make_user(Role.PARTNER)
    participant = make_user(Role.PARTICIPANT)
    rules = [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("accounts.") and rule.endpoint != "accounts.set_password"
    ]
    assert len(rules) >= 8
    for role_user in (make_user(Role.PARTNER), participant):
        login_as(role_user)
        for rule in rules:
            values = {"user_id": target.id, "participant_id": participant.participant_id}
            with app.test_request_context():
                url = url_for(rule.endpoint, **{k: values[k] for k in rule.arguments})
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                if method == "GET":
                    status = client.get(url).status_code
                else:
                    status = client.post(
                        url, data={"csrf_token": csrf_token("/dashboard")}
                    ).status_code
                assert status == 404, (role_user.role, method, url)


def test_debug_mode_prints_the_link(other_app, make_user, caplog):
    debug_app = other_app(DEBUG=True)
    coordinator = make_user(Role.COORDINATOR)
    person = make_user(Role.PARTNER)
    client = debug_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = coordinator.get_id()
    token = form_token(client.get("/dashboard"))
    with caplog.at_level(logging.INFO):
        path = link_path(client.post(f"/accounts/{person.id}/link", data={"csrf_token": token}))
    assert any(path in record.getMessage() for record in caplog.records)


def test_links_use_the_https_public_url_whatever_the_request_says(other_app, make_user):
    from linkenglish.accounts.views import show_link

    secure_app = other_app(SESSION_COOKIE_SECURE=True, PUBLIC_URL="https://english.example.org")
    person = make_user(Role.PARTNER)
    issued = services.IssuedLink(token="t", purpose=TokenPurpose.INVITATION, expires_at=utcnow())
    # TLS ends at the proxy, which forwards its own idea of the host.
    with secure_app.test_request_context(
        base_url="http://english.example.org", headers={"X-Forwarded-Host": "evil.example"}
    ):
        page = show_link(db.session.get(User, person.id), issued)
    assert 'value="https://english.example.org/set-password/t"' in page
    assert "evil.example" not in page
