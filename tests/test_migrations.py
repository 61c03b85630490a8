"""Migrations: one head, up and down on this database, and the models match them."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, update

from conftest import fresh_database_url, make_test_app
from linkenglish import ROOT
from linkenglish.extensions import db

MIGRATIONS = os.path.join(ROOT, "migrations")


@pytest.fixture
def migration_app(tmp_path_factory, worker_id):
    """An app on its own empty database."""
    url = fresh_database_url(f"linkenglish_migrations_{worker_id}", tmp_path_factory)
    app = make_test_app(url, str(tmp_path_factory.mktemp("instance")))
    yield app
    with app.app_context():
        db.engine.dispose()


def test_single_head_and_dated_file_names():
    script = ScriptDirectory(MIGRATIONS)
    assert len(script.get_heads()) == 1
    for revision in script.walk_revisions():
        name = os.path.basename(revision.path)
        assert name[:8].isdigit() and name[8] == "_", name
        with open(revision.path, encoding="utf-8") as handle:
            assert "linkenglish" not in handle.read(), name


def test_upgrade_downgrade_upgrade_and_models_match(migration_app):
    with migration_app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {table.name for table in db.metadata.sorted_tables} <= tables
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            assert compare_metadata(context, db.metadata) == []


# The revision before publications.live.
BEFORE_LIVE = "3f1c2a9d7b10"


def test_the_live_fact_is_backfilled_by_the_rule_from_history(app, make_publication):
    """Publications made before the live column (live, withdrawn, taken down, redacted, and
    one whose take-down an older version forgot) are live after the upgrade exactly when
    consent history says so."""
    from linkenglish.consent.redaction import essay_redact
    from linkenglish.consent.selectors import publication_live_from_history
    from linkenglish.consent.services import consent_withdraw, publication_take_down
    from linkenglish.models import ConsentRecord, Publication, User

    live, withdrawn, taken_down, redacted = (make_publication() for _ in range(4))
    with app.app_context():
        by = db.session.get(User, live.coordinator.id)
        consent_withdraw(consent=db.session.get(ConsentRecord, withdrawn.consent_id), by=by)
        publication = db.session.get(Publication, taken_down.publication_id)
        publication_take_down(publication=publication, by=by, reason="test")
        essay_redact(
            consent=db.session.get(ConsentRecord, redacted.consent_id),
            title="Redacted",
            body="Without names.",
            by=by,
        )
        db.session.commit()
        db.session.remove()
        downgrade(revision=BEFORE_LIVE)
    try:
        with app.app_context():
            # Withdrawn consent, publication never marked down: only history says it is gone.
            db.session.execute(
                update(Publication.__table__)
                .where(Publication.__table__.c.id == withdrawn.publication_id)
                .values(withdrawn_at=None)
            )
            db.session.commit()
            from_history = set(
                db.session.scalars(
                    select(Publication.id)
                    .join(ConsentRecord, ConsentRecord.id == Publication.consent_id)
                    .where(publication_live_from_history())
                )
            )
            db.session.remove()
    finally:
        with app.app_context():
            upgrade()
    with app.app_context():
        stored = set(db.session.scalars(select(Publication.id).where(Publication.live)))
    assert from_history == {live.publication_id, redacted.publication_id}
    assert stored == from_history
