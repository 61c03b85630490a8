"""Fixtures: the app on a real database (SQLite, or PostgreSQL when DATABASE_URL says so),
clients, factories, and sign-in and CSRF helpers.

Test code never holds an app context while it makes requests, so every request gets a
fresh database session, as in production; the factories use short contexts of their own.
"""

import itertools
import os
import re

import psycopg
import pytest
from browser import browser, live_server, page  # noqa: F401 (fixtures for journeys)
from flask_migrate import upgrade
from psycopg import sql
from sqlalchemy import text

from linkenglish import create_app
from linkenglish.auth.services import user_create
from linkenglish.extensions import db
from linkenglish.keys import new_data_key
from linkenglish.models import Participant, ProgramCode, Role
from linkenglish.participants.services import participant_create
from linkenglish.partners.services import partner_organisation_get_or_create

DATA_KEY = new_data_key()
PASSWORD = "correct horse battery staple"
CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def postgres_base_url() -> str | None:
    """The DATABASE_URL of a PostgreSQL server to test against, if any."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgresql://", "postgres://")) else None


def fresh_database_url(name: str, tmp_path_factory) -> str:
    """Create an empty database called name and return its URL."""
    base = postgres_base_url()
    if base is None:
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / f"{name}.sqlite")
    server = base.rsplit("/", 1)[0]
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        identifier = sql.Identifier(name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(identifier))
    return f"{server}/{name}"


def make_test_app(database_url: str, instance_path: str, **overrides):
    """Build a testing app on database_url."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test secret key",
        "LINKENGLISH_DATA_KEY": DATA_KEY,
        "DATABASE_URL": database_url,
        # The test client's default host; the live server's app names its own address.
        "PUBLIC_URL": "http://localhost",
        **overrides,
    }
    os.environ["LINKENGLISH_INSTANCE_PATH"] = instance_path
    try:
        return create_app(config)
    finally:
        del os.environ["LINKENGLISH_INSTANCE_PATH"]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id):
    """One database per xdist worker, migrated once with `flask db upgrade`."""
    url = fresh_database_url(f"linkenglish_test_{worker_id}", tmp_path_factory)
    app = make_test_app(url, str(tmp_path_factory.mktemp("instance")))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    """The application, shared by the tests of a worker."""
    app = make_test_app(database_url, str(tmp_path_factory.mktemp("instance")))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def other_app(database_url, tmp_path):
    """Return a factory for extra apps on the test database (other settings); their
    connections are closed afterwards."""
    made = []

    def make(**overrides):
        made.append(make_test_app(database_url, str(tmp_path), **overrides))
        return made[-1]

    yield make
    for extra in made:
        with extra.app_context():
            db.engine.dispose()


@pytest.fixture(autouse=True)
def _empty_tables(request):
    """Empty every table after each test that used the database, keeping built-in rows."""
    yield
    if "app" in request.fixturenames:
        with request.getfixturevalue("app").app_context():
            empty_database()


# Rows the migrations insert and every installation has: the programs and the CEFR levels.
KEEP_TABLES = {"programs"}
KEEP_WHERE = {"proficiency_levels": "program_id IS NOT NULL"}


def empty_database():
    """Delete what tests wrote. Append-only guards are lifted on SQLite for the purpose;
    PostgreSQL's TRUNCATE does not fire row triggers."""
    tables = [t.name for t in reversed(db.metadata.sorted_tables) if t.name not in KEEP_TABLES]
    everything = [name for name in tables if name not in KEEP_WHERE]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(everything)} RESTART IDENTITY CASCADE"))
        tables = list(KEEP_WHERE)
        triggers = []
    else:
        triggers = db.session.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        ).all()
        for name, _sql in triggers:
            db.session.execute(text(f'DROP TRIGGER "{name}"'))
        # Withdrawals point at the consents they withdraw: check keys at commit, not per row.
        db.session.execute(text("PRAGMA defer_foreign_keys = ON"))
    for table in tables:
        condition = KEEP_WHERE.get(table)
        where = f" WHERE {condition}" if condition else ""
        db.session.execute(text(f"DELETE FROM {table}{where}"))
    for _name, create_trigger in triggers:
        db.session.execute(text(create_trigger))
    db.session.commit()


@pytest.fixture
def client(app):
    """A browser-like test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """Runs flask CLI commands."""
    return app.test_cli_runner()


_sequence = itertools.count(1)


def saved_and_detached(instance):
    """Commit, reload and detach an object, so tests can read its columns after the context."""
    db.session.commit()
    db.session.refresh(instance)
    db.session.expunge(instance)
    return instance


@pytest.fixture
def make_participant(app):
    """Return a factory that creates a participant and returns it (detached)."""

    def make(**fields):
        number = next(_sequence)
        values = {
            "legal_name": f"홍길동{number}",
            "preferred_name": f"Learner {number}",
            "program": ProgramCode.LELP,
            "email": f"learner{number}@example.org",
            "phone": f"010-0000-{number:04d}",
            **fields,
        }
        with app.app_context():
            return saved_and_detached(participant_create(**values))

    return make


@pytest.fixture
def make_user(app, make_participant):
    """Return a factory that creates a login of a role; password is PASSWORD."""

    def make(role=Role.COORDINATOR, *, email=None, participant=None, partner_name=None, **kw):
        role = Role(role)
        email = email or f"user{next(_sequence)}@example.org"
        if role is Role.PARTICIPANT and participant is None:
            participant = make_participant()
        with app.app_context():
            partner = None
            if role is Role.PARTNER:
                partner = partner_organisation_get_or_create(name=partner_name or "British Council")
            linked = db.session.get(Participant, participant.id) if participant else None
            user = user_create(
                email=email, role=role, password=PASSWORD, partner=partner, participant=linked
            )
            for name, value in kw.items():
                setattr(user, name, value)
            return saved_and_detached(user)

    return make


@pytest.fixture
def login_as(client):
    """Return a function that signs the client in as a user, as Flask-Login would."""

    def login(user):
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    return login


@pytest.fixture
def csrf_token(client):
    """Return a function that reads the CSRF token from a form on a page, as a browser has it."""

    def read(path="/sign-in") -> str:
        response = client.get(path)
        match = CSRF_PATTERN.search(response.get_data(as_text=True))
        assert match, f"no CSRF token on {path} ({response.status_code})"
        return match.group(1)

    return read


@pytest.fixture
def count_queries(app):
    """Return a context manager that counts the SQL statements run inside it."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        statements = []
        with app.app_context():
            engine = db.engine

        def record(_conn, _cursor, statement, *_args):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counting


@pytest.fixture
def exact_lookup(client, csrf_token):
    """Return a function that finds participants by exact legal name or e-mail, as the list
    page does (POST), and returns the sealed token the list URL then carries."""
    from urllib.parse import parse_qs, urlsplit

    def find(text: str) -> str:
        response = client.post(
            "/participants/lookup", data={"csrf_token": csrf_token("/participants/"), "exact": text}
        )
        assert response.status_code == 302
        location = response.headers["Location"]
        assert text.strip() not in location
        return parse_qs(urlsplit(location).query)["match"][0]

    return find


NATO = ("Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
        "Juliett", "Kilo", "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo",
        "Sierra", "Tango", "Uniform", "Victor", "Whiskey", "Xray", "Yankee", "Zulu")  # fmt: skip


@pytest.fixture
def make_publication(app, make_participant, make_user):
    """Return a factory that writes, submits, consents to and publishes an essay through the
    real services; it returns the ids and slug as a plain namespace."""
    from types import SimpleNamespace

    from linkenglish.consent.services import consent_give, publication_publish
    from linkenglish.models import Language, User
    from linkenglish.writing.services import essay_create, essay_submit

    coordinators = []
    # Two authors may not publish under look-alike pen names: each call gets its own name.
    pen_names = iter(["Jane", *(f"{a} {b}".strip() for b in ("", *NATO) for a in NATO)])

    def make(
        *,
        participant=None,
        title="A Life With No Exit",
        body="I was born by a river.\n\nEvery morning I walked to school.",
        pen_name=None,
        author_note=None,
        publish=True,
        scope_web=True,
    ):
        participant = participant or make_participant()
        pen_name = pen_name or next(pen_names)
        if not coordinators:
            coordinators.append(make_user(Role.COORDINATOR))
        with app.app_context():
            by = db.session.get(User, coordinators[0].id)
            who = db.session.get(Participant, participant.id)
            essay = essay_create(participant=who, by=by, title=title, body=body)
            version = essay_submit(essay=essay, by=by)
            consent = consent_give(
                essay=essay, version=version, pen_name=pen_name, author_note=author_note,
                language=Language.ENGLISH, by=by, scope_web=scope_web,
            )  # fmt: skip
            publication = publication_publish(consent=consent, by=by) if publish else None
            db.session.commit()
            return SimpleNamespace(
                participant_id=who.id,
                essay_id=essay.id,
                version_id=version.id,
                consent_id=consent.id,
                publication_id=publication.id if publication else None,
                slug=publication.slug if publication else None,
                coordinator=coordinators[0],
            )

    return make
