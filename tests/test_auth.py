"""Signing in and out."""

import re

from sqlalchemy import select

from conftest import PASSWORD
from linkenglish.extensions import db
from linkenglish.models import AuditEvent, Role, User

WRONG = "The e-mail or password is not right."


def sign_in(client, csrf_token, email, password, **extra):
    return client.post(
        "/sign-in",
        data={"csrf_token": csrf_token(), "email": email, "password": password, **extra},
    )


def test_right_password_signs_in(client, make_user, csrf_token):
    user = make_user(Role.COORDINATOR, email="Coord@Example.org")
    response = sign_in(client, csrf_token, "coord@example.org", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard")
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert "Sign out" in page.get_data(as_text=True)
    assert user.id


def test_wrong_password_and_unknown_email_give_the_same_answer(client, make_user, csrf_token):
    make_user(Role.COORDINATOR, email="known@example.org")
    wrong_password = sign_in(client, csrf_token, "known@example.org", "not the password")
    unknown_email = sign_in(client, csrf_token, "nobody@example.org", PASSWORD)
    for response in (wrong_password, unknown_email):
        assert response.status_code == 200
        assert WRONG in response.get_data(as_text=True)
    # The pages differ only in the e-mail the user typed, which the form keeps.
    first = wrong_password.get_data(as_text=True).replace("known@example.org", "E")
    second = unknown_email.get_data(as_text=True).replace("nobody@example.org", "E")
    strip = re.compile(r'value="[^"]{40,}"')  # CSRF tokens differ
    assert strip.sub("", first) == strip.sub("", second)
    assert client.get("/dashboard").status_code == 302


def test_failed_and_successful_logins_are_audited(app, client, make_user, csrf_token):
    user = make_user(Role.PARTNER, email="partner@example.org")
    sign_in(client, csrf_token, "partner@example.org", "wrong password")
    sign_in(client, csrf_token, "partner@example.org", PASSWORD)
    with app.app_context():
        events = db.session.execute(
            select(AuditEvent.action, AuditEvent.object_id).order_by(AuditEvent.id)
        ).all()
    assert events == [("login.failed", user.id), ("login", user.id)]


def test_disabled_login_cannot_sign_in_or_stay_signed_in(
    app, client, make_user, csrf_token, login_as
):
    user = login_as(make_user(Role.COORDINATOR, email="off@example.org"))
    assert client.get("/dashboard").status_code == 200
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert client.get("/dashboard").status_code == 302
    response = sign_in(client, csrf_token, "off@example.org", PASSWORD)
    assert WRONG in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused(client, make_user):
    make_user(Role.COORDINATOR, email="c@example.org")
    response = client.post("/sign-in", data={"email": "c@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


def test_sign_out_needs_post_and_ends_the_session(client, make_user, login_as, csrf_token):
    login_as(make_user(Role.PARTNER))
    assert client.get("/sign-out").status_code == 405
    token = csrf_token("/dashboard")
    response = client.post("/sign-out", data={"csrf_token": token})
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_changing_the_password_ends_other_sessions(app, client, make_user, login_as):
    from linkenglish.auth.services import password_set

    user = login_as(make_user(Role.COORDINATOR))
    with app.app_context():
        password_set(user=db.session.get(User, user.id), password="a new password 123")
        db.session.commit()
    assert client.get("/dashboard").status_code == 302


def test_next_only_goes_to_this_site(client, make_user, csrf_token):
    make_user(Role.COORDINATOR, email="n@example.org")
    token = csrf_token()
    response = client.post(
        "/sign-in?next=//evil.example/x",
        data={"csrf_token": token, "email": "n@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"].endswith("/dashboard")
    client.post("/sign-out", data={"csrf_token": csrf_token("/dashboard")})
    response = client.post(
        "/sign-in?next=/participants/",
        data={"csrf_token": csrf_token(), "email": "n@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"].endswith("/participants/")


def test_bad_input_gets_a_message_not_an_error(client, csrf_token):
    for email, password in [
        ("nul\x00@example.org", "x"),
        ("a" * 300 + "@example.org", "x"),
        ("not-an-email", "x"),
        ("", ""),
        ("ok@example.org", "p" * 2000),
    ]:
        response = sign_in(client, csrf_token, email, password)
        assert response.status_code == 200, (email, password)
        assert 'class="errors"' in response.get_data(as_text=True)


def test_argon2_uses_production_cost_outside_tests(app):
    from linkenglish.auth.services import password_hasher

    with app.app_context():
        assert password_hasher().hash("x").startswith("$argon2id$v=19$m=8,t=1,p=1$")
    production = app.config.copy()
    production["TESTING"] = False
    from flask import Flask

    other = Flask("production-check")
    other.config.update(production)
    with other.app_context():
        hasher = password_hasher()
        assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (3, 65536, 4)
        assert hasher.hash("x").startswith("$argon2id$v=19$m=65536,t=3,p=4$")


THROTTLED = "Too many wrong passwords for this e-mail address."


def test_five_wrong_passwords_pause_that_address_only(app, client, make_user, csrf_token):
    make_user(Role.PARTICIPANT, email="learner@example.org")
    make_user(Role.COORDINATOR, email="other@example.org")
    for _attempt in range(5):
        response = sign_in(client, csrf_token, "learner@example.org", "guess")
        assert WRONG in response.get_data(as_text=True)
    # The sixth attempt is refused even with the right password, and says why.
    blocked = sign_in(client, csrf_token, "Learner@Example.org", PASSWORD)
    assert blocked.status_code == 429
    assert THROTTLED in blocked.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302
    # Unknown addresses are paused the same way, so the pause reveals nothing.
    for _attempt in range(5):
        sign_in(client, csrf_token, "nobody@example.org", "guess")
    assert sign_in(client, csrf_token, "nobody@example.org", "guess").status_code == 429
    # Another address is not affected.
    assert sign_in(client, csrf_token, "other@example.org", PASSWORD).status_code == 302
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("login.throttled") == 2


def test_the_pause_ends_with_the_window_and_a_sign_in_clears_it(app, client, make_user, csrf_token):
    from datetime import timedelta

    from sqlalchemy import update

    from linkenglish.models import SignInFailure
    from linkenglish.models.base import utcnow

    make_user(Role.PARTICIPANT, email="learner@example.org")
    for _attempt in range(5):
        sign_in(client, csrf_token, "learner@example.org", "guess")
    with app.app_context():
        # The clock is outside the system: age the failures past the 15-minute window.
        db.session.execute(update(SignInFailure).values(failed_at=utcnow() - timedelta(minutes=16)))
        db.session.commit()
    sign_in(client, csrf_token, "learner@example.org", "guess")  # one fresh failure
    assert sign_in(client, csrf_token, "learner@example.org", PASSWORD).status_code == 302
    with app.app_context():
        assert db.session.scalars(select(SignInFailure)).all() == []


def test_a_new_password_lifts_the_pause(app, client, make_user, csrf_token):
    from linkenglish.auth.services import password_set

    user = make_user(Role.PARTICIPANT, email="learner@example.org")
    for _attempt in range(5):
        sign_in(client, csrf_token, "learner@example.org", "guess")
    assert sign_in(client, csrf_token, "learner@example.org", PASSWORD).status_code == 429
    with app.app_context():
        password_set(user=db.session.get(User, user.id), password="a brand new password")
        db.session.commit()
    response = sign_in(client, csrf_token, "learner@example.org", "a brand new password")
    assert response.status_code == 302
