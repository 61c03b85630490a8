"""Extensions, created unbound; create_app binds them with init_app."""

import sqlite3

from flask import has_request_context, request
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine

from linkenglish.models.base import db

__all__ = ["babel", "csrf", "db", "login_manager", "migrate"]

migrate = Migrate(render_as_batch=True, compare_type=True, compare_server_default=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, _record):
    """Make SQLite safe for several writers and enforce foreign keys on every connection."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # Without a busy timeout, about 7% of concurrent writes failed with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# Methods that never change anything (state changes only on POST).
READING_METHODS = {"GET", "HEAD", "OPTIONS"}


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection):
    """On SQLite, begin a request that writes with BEGIN IMMEDIATE: it takes the write lock
    before its first read, waiting its turn (busy_timeout), so that what it read cannot go
    stale before it writes. A deferred transaction that has read and then wants to write
    while another worker writes fails at once ("database is locked"), whatever the timeout.

    Everything else keeps pysqlite's own way: reads outside a transaction, and a deferred
    BEGIN just before the first write, which therefore has read nothing inside it."""
    dbapi_connection = connection.connection.driver_connection
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    if has_request_context() and request.method not in READING_METHODS:
        dbapi_connection.isolation_level = None  # no implicit BEGIN: ours instead
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        dbapi_connection.isolation_level = ""
