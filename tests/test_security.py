"""Headers on every response, error pages that reveal nothing, bad input that never 500s."""

import pytest

from linkenglish.access import check_views_declared, role_required
from linkenglish.models import Role

CANARY = "canary-7f3a"


def assert_safe_headers(response):
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_every_response_has_a_strict_csp(client, make_user, login_as, csrf_token):
    urls = ["/", "/sign-in", "/dashboard", "/static/css/site.css", "/nowhere", "/participants/1"]
    responses = [client.get(url) for url in urls]
    responses.append(client.post("/sign-in", data={}))  # CSRF refusal
    responses.append(client.get("/sign-out"))  # 405
    login_as(make_user(Role.COORDINATOR))
    responses += [client.get(url) for url in urls]
    for response in responses:
        assert_safe_headers(response)
        response.close()


def test_pages_are_not_cached(client, make_user, login_as):
    login_as(make_user(Role.COORDINATOR))
    assert client.get("/dashboard").headers["Cache-Control"] == "no-store"


def test_templates_have_no_inline_script_or_style():
    import pathlib
    import re

    from linkenglish import ROOT

    pattern = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", re.IGNORECASE)
    for path in pathlib.Path(ROOT, "templates").rglob("*.html"):
        assert not pattern.search(path.read_text()), path


def test_error_pages_reveal_nothing(client):
    response = client.get(f"/{CANARY}?q={CANARY}")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert CANARY not in body
    assert "There is no page at this address." in body
    assert "Sign out" not in body


def test_large_ids_are_404_not_500(client, make_user, login_as):
    login_as(make_user(Role.COORDINATOR))
    assert client.get("/participants/2147483647").status_code == 404
    assert client.get("/participants/2147483648").status_code == 404
    assert client.get("/participants/99999999999999999999").status_code == 404


def test_500_page_reveals_nothing(other_app, make_user):
    app = other_app(PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    @role_required()
    def boom():
        raise RuntimeError(CANARY)

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = make_user(Role.COORDINATOR).get_id()
    response = client.get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert CANARY not in body and "Traceback" not in body
    assert "Something went wrong" in body
    assert_safe_headers(response)


def test_a_view_that_declares_no_roles_stops_the_app(other_app):
    app = other_app()
    app.add_url_rule("/forgotten", "forgotten", lambda: "hello")
    with pytest.raises(RuntimeError, match="forgotten"):
        check_views_declared(app)
    # and if it ran anyway, the request is refused
    assert app.test_client().get("/forgotten").status_code == 404


def test_a_view_cannot_loosen_caching_unless_listed(app):
    from linkenglish.security import set_security_headers

    # A download of personal data that asked to be cached is stored nowhere all the same.
    with app.test_request_context("/participants/1/export.json"):
        response = app.make_response(("data", 200, {"Cache-Control": "public, max-age=3600"}))
        assert set_security_headers(response).headers["Cache-Control"] == "no-store"
    with app.test_request_context("/essays/" + "a" * 26):
        response = app.make_response(("essay", 200, {"Cache-Control": "no-cache"}))
        assert set_security_headers(response).headers["Cache-Control"] == "no-cache"
