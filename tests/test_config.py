"""Configuration, keys, and starting up."""

import os

import pytest

from conftest import DATA_KEY
from linkenglish import create_app
from linkenglish.config import environment_overrides, sqlalchemy_url
from linkenglish.keys import ensure_instance_keys

SETTINGS_FROM_ENVIRONMENT = (
    *("SECRET_KEY", "LINKENGLISH_DATA_KEY", "DATABASE_URL", "FLASK_DEBUG", "PUBLIC_URL"),
    *("TRUSTED_HOSTS", "TRUSTED_PROXIES", "SESSION_COOKIE_SECURE"),
)


@pytest.fixture
def bare_environment(monkeypatch, tmp_path):
    for name in SETTINGS_FROM_ENVIRONMENT:
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
        "APP_TIMEZONE = 'Europe/London'\nPUBLIC_URL = 'https://english.example.org'\n"
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


def test_a_malformed_number_in_the_environment_is_refused_clearly():
    with pytest.raises(SystemExit) as exit_info:
        environment_overrides({"TRUSTED_PROXIES": "one"})
    assert "TRUSTED_PROXIES='one' is not a whole number" in str(exit_info.value)


@pytest.fixture
def keys_set(bare_environment, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k")
    monkeypatch.setenv("LINKENGLISH_DATA_KEY", DATA_KEY)
    return monkeypatch


def test_refuses_to_start_without_public_url_outside_debug(keys_set):
    with pytest.raises(SystemExit) as exit_info:
        create_app()
    assert "PUBLIC_URL is not set" in str(exit_info.value)
    keys_set.setenv("FLASK_DEBUG", "1")  # debug mode links to `flask run`'s address
    assert create_app().config["PUBLIC_URL"] == "http://localhost:5000"


@pytest.mark.parametrize(
    "value",
    [
        "english.example.org",  # no scheme
        "//english.example.org",
        "ftp://english.example.org",
        "javascript://english.example.org",
        "https:english.example.org",
        "https://",
        "https:///path",
        "https://english.example.org/linkenglish",  # a path
        "https://english.example.org/?x=1",
        "https://english.example.org?",
        "https://english.example.org/#top",
        "https://user:pass@english.example.org",
        "https://evil.example@english.example.org",
        "https://english.example.org:99999",
        "https://english.example.org:port",
        "https://[::1",
        "https://[::1]:8443",
        "https://english example.org",
        "https://english.example.org\n",
        "https://\tenglish.example.org",
        "https://éngl1sh.example.org",  # Unicode: write the xn-- form
        "https://english_example.org",
        "https://english.example.org\\@evil.example",
    ],
)
def test_refuses_to_start_with_a_malformed_public_url(keys_set, value):
    keys_set.setenv("PUBLIC_URL", value)
    with pytest.raises(SystemExit) as exit_info:
        create_app()
    assert "PUBLIC_URL" in str(exit_info.value)


def test_refuses_a_plain_http_public_url_with_secure_cookies(keys_set):
    keys_set.setenv("PUBLIC_URL", "http://english.example.org")
    with pytest.raises(SystemExit, match="SESSION_COOKIE_SECURE"):
        create_app()
    keys_set.setenv("SESSION_COOKIE_SECURE", "0")  # testing over plain HTTP, knowingly
    assert create_app().config["PUBLIC_URL"] == "http://english.example.org"


@pytest.mark.parametrize(
    ("value", "origin", "trusted"),
    [
        ("https://english.example.org", "https://english.example.org", ["english.example.org"]),
        ("https://English.Example.ORG/", "https://english.example.org", ["english.example.org"]),
        ("https://english.example.org:8443", "https://english.example.org:8443",
         ["english.example.org"]),
        ("https://xn--9n2bp8q.example", "https://xn--9n2bp8q.example", ["xn--9n2bp8q.example"]),
    ],
)  # fmt: skip
def test_public_url_is_the_origin_and_its_host_the_trusted_one(keys_set, value, origin, trusted):
    keys_set.setenv("PUBLIC_URL", value)
    app = create_app()
    assert app.config["PUBLIC_URL"] == origin
    assert app.config["TRUSTED_HOSTS"] == trusted
    keys_set.setenv("TRUSTED_HOSTS", "health.internal, 10.0.0.5")
    assert create_app().config["TRUSTED_HOSTS"] == [*trusted, "health.internal", "10.0.0.5"]
    keys_set.setenv("FLASK_DEBUG", "1")  # debug mode answers any host
    assert create_app().config["TRUSTED_HOSTS"] is None
