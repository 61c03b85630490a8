"""The sign-in limit holds against tries sent at once: the app served by gunicorn with four
worker processes, on SQLite and PostgreSQL, checks no more passwords for one address than
the limit allows, however the tries interleave."""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, select

from conftest import DATA_KEY, PASSWORD
from linkenglish.extensions import db
from linkenglish.models import AuditEvent, Role

TESTS = Path(__file__).resolve().parent
WORKERS = 4
TRIES = 20
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(app, database_url, tmp_path):
    """The suite's app under gunicorn with four workers on a free port of 127.0.0.1."""
    port = free_port()
    environment = {
        **os.environ,
        "LINKENGLISH_TEST_DATABASE_URL": database_url,
        "LINKENGLISH_TEST_INSTANCE_PATH": str(tmp_path),
        "LINKENGLISH_TEST_DATA_KEY": DATA_KEY,
        "LINKENGLISH_TEST_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "gunicorn", "--chdir", str(TESTS), "--workers", str(WORKERS),
         "--bind", f"127.0.0.1:{port}", "--timeout", "60", "served_app:app"],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/sign-in", timeout=5):  # noqa: S310
                    break
            except OSError:  # refused, reset or timed out while the workers start
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(server.stderr.read().decode()[-3000:]) from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        server.stderr.close()


def sign_in_form(base: str) -> tuple[str, str]:
    """The session cookie and CSRF token a browser has after opening the sign-in page.
    (Read by hand: the session cookie is Secure, which urllib keeps from plain http.)"""
    with urllib.request.urlopen(base + "/sign-in", timeout=30) as response:  # noqa: S310
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
        token = TOKEN.search(response.read().decode()).group(1)
    return cookie, token


def post_sign_in(base: str, cookie: str, token: str, email: str, password: str) -> int:
    """Post the sign-in form as that browser; return the status, redirects not followed."""
    body = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
    request = urllib.request.Request(  # noqa: S310 (http on 127.0.0.1)
        base + "/sign-in", data=body.encode(), headers={"Cookie": cookie}, method="POST"
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_twenty_wrong_passwords_at_once_try_only_five(app, served, make_user):
    make_user(Role.PARTICIPANT, email="learner@example.org")
    forms = [sign_in_form(served) for _ in range(TRIES)]
    start = threading.Barrier(TRIES)
    statuses = [None] * TRIES

    def attempt(index: int) -> None:
        cookie, token = forms[index]
        start.wait()
        statuses[index] = post_sign_in(served, cookie, token, "learner@example.org", "guess")

    threads = [threading.Thread(target=attempt, args=(index,)) for index in range(TRIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    limit = app.config["SIGN_IN_MAX_FAILURES"]
    assert sorted(statuses) == [200] * limit + [429] * (TRIES - limit)
    with app.app_context():
        actions = dict(
            db.session.execute(
                select(AuditEvent.action, func.count()).group_by(AuditEvent.action)
            ).all()
        )
    assert actions == {"login.failed": limit, "login.throttled": TRIES - limit}
    # The pause holds in every worker, even for the right password.
    cookie, token = sign_in_form(served)
    assert post_sign_in(served, cookie, token, "learner@example.org", PASSWORD) == 429


@pytest.mark.parametrize(("method", "locks"), [("POST", True), ("GET", False), ("HEAD", False)])
def test_on_sqlite_a_request_that_writes_holds_the_write_lock_from_its_first_read(
    app, database_url, method, locks
):
    if not database_url.startswith("sqlite:"):
        pytest.skip("SQLite's locking")
    other = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0)
    try:
        with app.test_request_context("/sign-in", method=method):
            db.session.scalar(select(func.count(AuditEvent.id)))  # a read, nothing written
            try:
                other.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                assert "locked" in str(error)
                held = True
            else:
                other.rollback()
                held = False
            db.session.rollback()
        assert held is locks
    finally:
        other.close()
