"""Column types and database settings behave the same on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from linkenglish.extensions import db
from linkenglish.models import AuditEvent, PartnerOrganisation, Role, User

KST = timezone(timedelta(hours=9))


def test_utc_datetime_round_trips_aware(app):
    moment = datetime(2026, 9, 17, 19, 30, tzinfo=KST)  # Chuseok evening in Seoul
    with app.app_context():
        event = AuditEvent(action="test", occurred_at=moment)
        db.session.add(event)
        db.session.commit()
        event_id = event.id
    with app.app_context():
        loaded = db.session.get(AuditEvent, event_id).occurred_at
        assert loaded.tzinfo is not None and loaded.utcoffset() == timedelta(0)
        assert loaded == moment
        assert loaded.hour == 10
        latest = db.session.scalar(select(AuditEvent).where(AuditEvent.occurred_at >= moment))
        assert latest.id == event_id


def test_utc_datetime_refuses_naive_values(app):
    with app.app_context():
        db.session.add(AuditEvent(action="test", occurred_at=datetime(2026, 1, 1)))
        with pytest.raises(StatementError, match="naive"):
            db.session.commit()
        db.session.rollback()


def test_default_timestamps_are_now(app, make_participant):
    before = datetime.now(UTC)
    participant = make_participant()
    assert before <= participant.created_at <= datetime.now(UTC)


def test_sqlite_connection_settings(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite only")
        with db.engine.connect() as connection:
            read = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
            }
    assert read == {
        "journal_mode": "wal",
        "synchronous": 1,
        "busy_timeout": 5000,
        "foreign_keys": 1,
    }


def test_role_links_are_enforced_by_the_database(app, make_participant):
    participant = make_participant()
    with app.app_context():
        organisation = PartnerOrganisation(name="Org")
        db.session.add(organisation)
        db.session.flush()
        bad_rows = [
            {"role": "partner", "partner_id": None, "participant_id": None},
            {"role": "coordinator", "partner_id": organisation.id, "participant_id": None},
            {"role": "participant", "partner_id": None, "participant_id": None},
            {"role": "coordinator", "partner_id": None, "participant_id": participant.id},
            {"role": "superuser", "partner_id": None, "participant_id": None},
        ]
        db.session.commit()
    for number, row in enumerate(bad_rows):
        with app.app_context():
            with pytest.raises(IntegrityError):
                db.session.execute(
                    text(
                        "INSERT INTO users (email, email_hash, role, active, session_version,"
                        " partner_id, participant_id, created_at) VALUES (:e, :h, :role, true, 1,"
                        " :partner_id, :participant_id, CURRENT_TIMESTAMP)"
                    ),
                    {"e": b"x" * 40, "h": bytes([number]) * 32, **row},
                )
            db.session.rollback()


def test_foreign_keys_are_enforced(app):
    with app.app_context():
        db.session.add(AuditEvent(action="x", actor_id=987654))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_email_lookup_hash_is_unique(app, make_user):
    make_user(Role.COORDINATOR, email="same@example.org")
    with pytest.raises(ValueError, match="already exists"):
        make_user(Role.COORDINATOR, email="SAME@example.org ")
    with app.app_context():
        assert db.session.scalar(select(User.role)) is Role.COORDINATOR
