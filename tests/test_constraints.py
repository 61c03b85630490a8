"""The database itself refuses rows that break the rules, on SQLite and PostgreSQL alike.

Each test builds valid rows with raw SQL, then breaks one rule with one raw statement and
expects IntegrityError, so what is proved is the schema the migrations built, not the ORM
or the services. The error message is matched too, so that a test passes only when the
rule it names refused: "unique constraint", "foreign key constraint", the name of a check
constraint, or the append-only triggers' "rows are append-only".

The last tests cover the ORM's own guard on append-only rows (linkenglish.models.immutable).
"""

import itertools
from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from linkenglish.extensions import db
from linkenglish.models import ConsentRecord, EssayVersion, ImmutableRowError

# A column default meaning "now", written as CURRENT_TIMESTAMP in the SQL itself.
NOW = object()
_numbers = itertools.count(1)


def unique(template):
    """A default that is different in every row: template with a fresh number in it."""
    return lambda _row: template.format(next(_numbers))


def parent(table):
    """A default that inserts a valid row into table and takes its id."""
    return lambda _row: insert(table)


def looked_up(column, table, key):
    """A default read from table: the column of the row whose id is this row's key."""
    sql = f"SELECT {column} FROM {table} WHERE id = :id"
    return lambda row: db.session.execute(text(sql), {"id": row[key]}).scalar_one()


# A valid row of each table the tests use. Callables are called with the row built so far
# (in this order), and only when the test does not give the column itself.
DEFAULTS = {
    "partner_organisations": {"name": unique("Partner {}"), "created_at": NOW},
    "users": {
        "email": b"ciphertext",
        "email_hash": lambda _row: next(_numbers).to_bytes(32, "big"),
        "role": "coordinator",
        "active": True,
        "session_version": 1,
        "created_at": NOW,
    },
    "participants": {
        "legal_name": b"ciphertext",
        "legal_name_hash": bytes(32),
        "preferred_name": unique("Learner {}"),
        "program": "lelp",
        "status": "active",
        "created_at": NOW,
        "updated_at": NOW,
    },
    "cohorts": {
        "program_id": 1,
        "name": unique("Spring {}"),
        "starts_on": "2026-03-02",
        "ends_on": "2026-06-26",
        "created_at": NOW,
    },
    "class_sessions": {
        "cohort_id": parent("cohorts"),
        "starts_at": NOW,
        "local_date": "2026-11-27",
        "duration_minutes": 90,
        "mode": "online",
        "cancelled": False,
        "created_at": NOW,
        "updated_at": NOW,
    },
    "attendance_marks": {
        "session_id": parent("class_sessions"),
        "participant_id": parent("participants"),
        "status": "present",
        "recorded_at": NOW,
    },
    "enrollments": {
        "cohort_id": parent("cohorts"),
        "participant_id": parent("participants"),
        "status": "active",
        "enrolled_on": "2026-03-02",
        "created_at": NOW,
        "updated_at": NOW,
    },
    "cohort_teachers": {
        "cohort_id": parent("cohorts"),
        "user_id": lambda _row: partner_user(),
        "user_role": "partner",
        "assigned_at": NOW,
    },
    "essays": {
        "participant_id": parent("participants"),
        "status": "draft",
        "created_at": NOW,
        "updated_at": NOW,
    },
    "essay_drafts": {
        "essay_id": parent("essays"),
        "title": "",
        "body": "",
        "revision": 1,
        "saved_at": NOW,
    },
    "essay_versions": {
        "essay_id": parent("essays"),
        "number": 1,
        "kind": "submitted",
        "title": "My home town",
        "body": "In spring the hills turn green.",
        "late": False,
        "created_at": NOW,
    },
    "consent_texts": {
        "version": unique("v{}"),
        "language": "en",
        "body": "I agree that LiNK may publish this essay.",
        "created_at": NOW,
    },
    "consent_records": {
        "version_id": parent("essay_versions"),
        "essay_id": looked_up("essay_id", "essay_versions", "version_id"),
        "participant_id": looked_up("participant_id", "essays", "essay_id"),
        "kind": "given",
        "pen_name": "Sky",
        "author_note": "I wrote this in my first month.",
        "scope_web": True,
        "scope_print": False,
        "scope_social": False,
        "consent_text_id": parent("consent_texts"),
        "content_sha256": "0" * 64,
        "method": "self_service",
        "recorded_at": NOW,
    },
    "publications": {
        "slug": unique("slug{}"),
        "consent_id": parent("consent_records"),
        "version_id": looked_up("version_id", "consent_records", "consent_id"),
        "program": "lelp",
        "published_at": NOW,
    },
}
PRIMARY_KEYS = {"cohort_teachers": "user_id"}


def insert(table, **columns):
    """Insert a valid row into table, with columns overriding the defaults; return its id."""
    row = {}
    for column, default in DEFAULTS[table].items():
        value = columns.pop(column) if column in columns else default
        row[column] = value(row) if callable(value) else value
    row.update(columns)
    names = ", ".join(row)
    values = ", ".join("CURRENT_TIMESTAMP" if v is NOW else f":{c}" for c, v in row.items())
    returning = PRIMARY_KEYS.get(table, "id")
    statement = f"INSERT INTO {table} ({names}) VALUES ({values}) RETURNING {returning}"
    parameters = {column: value for column, value in row.items() if value is not NOW}
    return db.session.execute(text(statement), parameters).scalar_one()


def execute(statement, **parameters):
    """Run one raw statement."""
    return db.session.execute(text(statement), parameters)


def update(table, row_id, **changes):
    """UPDATE one row of table, setting the columns in changes."""
    assignments = ", ".join(f"{column} = :{column}" for column in changes)
    execute(f"UPDATE {table} SET {assignments} WHERE id = :id", id=row_id, **changes)


def partner_user():
    """Insert a user of a new partner organisation; return its id."""
    return insert("users", role="partner", partner_id=insert("partner_organisations"))


@contextmanager
def refused(match):
    """Expect the database to refuse what the block does, saying match; then roll back."""
    with pytest.raises(IntegrityError, match=match):
        yield
    db.session.rollback()


# What both databases say when they refuse, each in its own words.
UNIQUE = "(?i)unique constraint"
FOREIGN_KEY = "(?i)foreign key constraint"
APPEND_ONLY = "rows are append-only"


# Unique constraints


def test_one_attendance_mark_per_participant_and_session(app):
    with app.app_context():
        session, participant = insert("class_sessions"), insert("participants")
        insert("attendance_marks", session_id=session, participant_id=participant)
        with refused(UNIQUE):
            insert("attendance_marks", session_id=session, participant_id=participant)


def test_one_enrollment_per_participant_and_cohort(app):
    with app.app_context():
        cohort, participant = insert("cohorts"), insert("participants")
        insert("enrollments", cohort_id=cohort, participant_id=participant)
        with refused(UNIQUE):
            insert("enrollments", cohort_id=cohort, participant_id=participant)


def test_one_working_draft_per_essay(app):
    with app.app_context():
        essay = insert("essays")
        insert("essay_drafts", essay_id=essay)
        with refused(UNIQUE):
            insert("essay_drafts", essay_id=essay)


# Append-only tables: no UPDATE and no DELETE, except erasure, which blanks the erasable
# columns and changes nothing else. The same changes are tried through the ORM below.

ESSAY_VERSION_CHANGES = [
    pytest.param({"body": "Rewritten after the fact."}, id="body"),
    pytest.param({"title": "Another title"}, id="title"),
    pytest.param({"title": "", "body": "", "number": 2}, id="erasure-and-number"),
    pytest.param({"title": "", "body": "", "late": True}, id="erasure-and-late"),
]
CONSENT_RECORD_CHANGES = [
    pytest.param({"pen_name": "Another name"}, id="pen_name"),
    pytest.param({"author_note": "Edited note"}, id="author_note"),
    pytest.param({"scope_print": True}, id="scope"),
    pytest.param(
        {"pen_name": "", "author_note": None, "scope_social": True}, id="erasure-and-scope"
    ),
]


@pytest.mark.parametrize("changes", ESSAY_VERSION_CHANGES)
def test_essay_versions_refuse_update(app, changes):
    with app.app_context():
        version = insert("essay_versions")
        with refused(APPEND_ONLY):
            update("essay_versions", version, **changes)


def test_essay_versions_refuse_delete(app):
    with app.app_context():
        version = insert("essay_versions")
        with refused(APPEND_ONLY):
            execute("DELETE FROM essay_versions WHERE id = :id", id=version)


def test_essay_versions_allow_erasure(app):
    with app.app_context():
        version = insert("essay_versions")
        update("essay_versions", version, title="", body="")
        db.session.commit()
        row = execute("SELECT title, body, number FROM essay_versions WHERE id = :id", id=version)
        assert tuple(row.one()) == ("", "", 1)


@pytest.mark.parametrize("changes", CONSENT_RECORD_CHANGES)
def test_consent_records_refuse_update(app, changes):
    with app.app_context():
        consent = insert("consent_records")
        with refused(APPEND_ONLY):
            update("consent_records", consent, **changes)


def test_consent_records_refuse_delete(app):
    with app.app_context():
        consent = insert("consent_records")
        with refused(APPEND_ONLY):
            execute("DELETE FROM consent_records WHERE id = :id", id=consent)


def test_consent_records_allow_erasure(app):
    with app.app_context():
        consent = insert("consent_records")
        update("consent_records", consent, pen_name="", author_note=None)
        db.session.commit()
        row = execute(
            "SELECT pen_name, author_note, kind FROM consent_records WHERE id = :id", id=consent
        )
        assert tuple(row.one()) == ("", None, "given")


def test_consent_texts_refuse_update(app):
    with app.app_context():
        consent_text = insert("consent_texts")
        with refused(APPEND_ONLY):
            update("consent_texts", consent_text, body="Other words")


def test_consent_texts_refuse_delete(app):
    with app.app_context():
        consent_text = insert("consent_texts")
        with refused(APPEND_ONLY):
            execute("DELETE FROM consent_texts WHERE id = :id", id=consent_text)


# Foreign keys


def test_publication_shows_the_version_consented_to(app):
    with app.app_context():
        consent = insert("consent_records")
        insert("publications", consent_id=consent)  # its version_id: the consent's
        db.session.commit()


def test_publication_of_another_version_is_refused(app):
    with app.app_context():
        consent = insert("consent_records")
        essay = execute("SELECT essay_id FROM consent_records WHERE id = :id", id=consent)
        other_version = insert("essay_versions", essay_id=essay.scalar_one(), number=2)
        with refused(FOREIGN_KEY):
            insert("publications", consent_id=consent, version_id=other_version)


def test_attendance_mark_needs_an_existing_session(app):
    with app.app_context():
        participant = insert("participants")
        with refused(FOREIGN_KEY):
            insert("attendance_marks", session_id=987654, participant_id=participant)


def test_partner_users_teach_cohorts(app):
    with app.app_context():
        insert("cohort_teachers", cohort_id=insert("cohorts"), user_id=partner_user())
        db.session.commit()


@pytest.mark.parametrize(
    ("user_role", "rule"),
    [
        # (user_id, user_role) must match users(id, role), and the user is no partner.
        pytest.param("partner", FOREIGN_KEY, id="claims-partner"),
        # It matches users(id, role), but only partners teach.
        pytest.param("coordinator", "ck_cohort_teachers_teacher_is_partner", id="coordinator"),
    ],
)
def test_coordinators_do_not_teach_cohorts(app, user_role, rule):
    with app.app_context():
        cohort, coordinator = insert("cohorts"), insert("users", role="coordinator")
        with refused(rule):
            insert("cohort_teachers", cohort_id=cohort, user_id=coordinator, user_role=user_role)


# Check constraints (named, and both databases name them when they refuse)


@pytest.mark.parametrize("ends_on", ["2026-03-02", "2026-03-01"], ids=["same-day", "before"])
def test_cohort_ends_after_it_starts(app, ends_on):
    with app.app_context(), refused("ck_cohorts_ends_after_start"):
        insert("cohorts", starts_on="2026-03-02", ends_on=ends_on)


@pytest.mark.parametrize("minutes", [0, -30, 1441])
def test_class_session_lasts_between_a_minute_and_a_day(app, minutes):
    with app.app_context():
        cohort = insert("cohorts")
        with refused("ck_class_sessions_duration_positive"):
            insert("class_sessions", cohort_id=cohort, duration_minutes=minutes)


def test_cancelled_session_has_a_reason(app):
    with app.app_context():
        cohort = insert("cohorts")
        insert("class_sessions", cohort_id=cohort, cancelled=True, cancellation_reason="Typhoon")
        with refused("ck_class_sessions_cancelled_has_reason"):
            insert("class_sessions", cohort_id=cohort, cancelled=True, cancellation_reason=None)


@pytest.mark.parametrize("status", ["completed", "withdrawn"])
def test_ended_enrollment_has_an_end_date(app, status):
    with app.app_context():
        cohort, participant = insert("cohorts"), insert("participants")
        ended = {"status": status, "ended_on": "2026-06-26"}
        insert("enrollments", cohort_id=cohort, participant_id=participant, **ended)
        cohort = insert("cohorts")
        with refused("ck_enrollments_ended_has_end_date"):
            insert("enrollments", cohort_id=cohort, participant_id=participant, status=status)


def test_enum_column_accepts_only_its_values(app):
    with app.app_context():
        session, participant = insert("class_sessions"), insert("participants")
        with refused("ck_attendance_marks_status"):
            insert(
                "attendance_marks", session_id=session, participant_id=participant, status="maybe"
            )


def test_given_consent_names_a_pen_name(app):
    with app.app_context():
        version, text_id = insert("essay_versions"), insert("consent_texts")
        with refused("ck_consent_records_given_is_complete"):
            insert("consent_records", version_id=version, consent_text_id=text_id, pen_name=None)


# The ORM guard: ImmutableRowError at flush, before the database is asked.


@pytest.fixture
def saved_ids(app):
    """The ids of a committed consent record and of the essay version it is for, by model."""
    with app.app_context():
        consent = insert("consent_records")
        version = execute("SELECT version_id FROM consent_records WHERE id = :id", id=consent)
        ids = {EssayVersion: version.scalar_one(), ConsentRecord: consent}
        db.session.commit()
    return ids


def change_through_the_orm(app, model, row_id, changes):
    """Load a row, set the changes on it and flush."""
    with app.app_context():
        row = db.session.get(model, row_id)
        for name, value in changes.items():
            setattr(row, name, value)
        try:
            db.session.flush()
        finally:
            db.session.rollback()


@pytest.mark.parametrize("changes", ESSAY_VERSION_CHANGES)
def test_orm_refuses_to_change_essay_versions(app, saved_ids, changes):
    with pytest.raises(ImmutableRowError):
        change_through_the_orm(app, EssayVersion, saved_ids[EssayVersion], changes)


@pytest.mark.parametrize("changes", CONSENT_RECORD_CHANGES)
def test_orm_refuses_to_change_consent_records(app, saved_ids, changes):
    with pytest.raises(ImmutableRowError):
        change_through_the_orm(app, ConsentRecord, saved_ids[ConsentRecord], changes)


@pytest.mark.parametrize("model", [EssayVersion, ConsentRecord])
def test_orm_refuses_to_delete_append_only_rows(app, saved_ids, model):
    with app.app_context():
        db.session.delete(db.session.get(model, saved_ids[model]))
        with pytest.raises(ImmutableRowError):
            db.session.flush()
        db.session.rollback()


def test_orm_allows_erasure(app, saved_ids):
    with app.app_context():
        version = db.session.get(EssayVersion, saved_ids[EssayVersion])
        version.title, version.body = "", ""
        consent = db.session.get(ConsentRecord, saved_ids[ConsentRecord])
        consent.pen_name, consent.author_note = "", None
        db.session.commit()
    with app.app_context():
        version = db.session.get(EssayVersion, saved_ids[EssayVersion])
        consent = db.session.get(ConsentRecord, saved_ids[ConsentRecord])
        assert (version.title, version.body, version.number) == ("", "", 1)
        assert (consent.pen_name, consent.author_note, consent.scope_web) == ("", None, True)
