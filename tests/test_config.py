"""Configuration, keys, and starting up."""

import os

import pytest

from conftest import DATA_KEY
from linkenglish import create_app
from linkenglish.config import environment_overrides, sqlalchemy_url
from linkenglish.keys import ensure_instance_keys


@pytest.fixture
def bare_environment(monkeypatch, tmp_path):
    for name in ("SECRET_KEY", "LINKENGLISH_DATA_KEY", "DATABASE_URL", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LINKENGLISH_INSTANCE_PATH", str(tmp_path))
    return tmp_path


def test_refuses_to_start_without_keys(bare_environment):
    with pytest.raises(SystemExit) as exit_info:
        create_app()
    message = str(exit_info.value)
    assert "SECRET_KEY and LINKENGLISH_DATA_KEY are not set" in message
    assert "python -m linkenglish.keys" in message
    assert "\n" not in message


def test_debug_writes_keys_once_and_never_overwrites(bare_environment, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app()
    config_file = bare_environment / "config.py"
    first = config_file.read_text()
    assert app.config["SECRET_KEY"] and app.config["LINKENGLISH_DATA_KEY"].startswith("1:")
    assert oct(config_file.stat().st_mode & 0o777) == "0o600"
    assert ensure_instance_keys(str(bare_environment)) == []
    create_app()
    assert config_file.read_text() == first


def test_order_is_defaults_then_instance_then_environment(bare_environment, monkeypatch):
    (bare_environment / "config.py").write_text(
        f"SECRET_KEY = 'from instance'\nLINKENGLISH_DATA_KEY = {DATA_KEY!r}\n"
        "APP_TIMEZONE = 'Europe/London'\n"
    )
    app = create_app()
    assert app.config["SECRET_KEY"] == "from instance"
    assert app.config["APP_TIMEZONE"] == "Europe/London"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("SECRET_KEY", "from environment")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.internal/linkenglish")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from environment"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.internal/linkenglish"
    assert os.path.isabs(app.instance_path)


def test_unknown_time_zone_is_refused(bare_environment, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k")
    monkeypatch.setenv("LINKENGLISH_DATA_KEY", DATA_KEY)
    monkeypatch.setenv("APP_TIMEZONE", "Mars/Olympus")
    with pytest.raises(SystemExit, match="APP_TIMEZONE"):
        create_app()


def test_sqlite_is_the_default_database(tmp_path):
    assert sqlalchemy_url(None, str(tmp_path)) == f"sqlite:///{tmp_path}/linkenglish.sqlite"
    assert sqlalchemy_url("postgres://x/y", "/i") == "postgresql+psycopg://x/y"


def test_environment_flags():
    found = environment_overrides({"SESSION_COOKIE_SECURE": "0", "APP_TIMEZONE": "UTC"})
    assert found == {"SESSION_COOKIE_SECURE": False, "APP_TIMEZONE": "UTC"}


def test_behind_a_trusted_proxy_public_urls_use_its_scheme_and_host(other_app, make_publication):
    made = make_publication()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "essays.example.org",
                 "X-Forwarded-For": "203.0.113.9"}  # fmt: skip
    behind = other_app(TRUSTED_PROXIES=1).test_client()
    feed = behind.get("/gallery/feed.atom", headers=forwarded)
    assert f"https://essays.example.org/essays/{made.slug}" in feed.get_data(as_text=True)
    assert "Strict-Transport-Security" in feed.headers
    # With no proxy trusted, the same headers are ignored: they could be forged.
    direct = other_app(TRUSTED_PROXIES=0).test_client()
    feed = direct.get("/gallery/feed.atom", headers=forwarded)
    assert "essays.example.org" not in feed.get_data(as_text=True)
    assert "Strict-Transport-Security" not in feed.headers


def test_a_malformed_number_in_the_environment_is_refused_clearly():
    with pytest.raises(SystemExit) as exit_info:
        environment_overrides({"TRUSTED_PROXIES": "one"})
    assert "TRUSTED_PROXIES='one' is not a whole number" in str(exit_info.value)
