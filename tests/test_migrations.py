"""Migrations: one head, up and down on this database, and the models match them."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

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
