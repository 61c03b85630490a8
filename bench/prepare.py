"""Make the bench's own instance folder and database, fill it, and name the pages to load."""

import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from flask import url_for
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
INSTANCE = HERE / "instance"


def bench_environ(*, port: int) -> dict:
    """The settings every bench process runs with: its own instance folder, plain http."""
    return {
        **os.environ,
        "LINKENGLISH_INSTANCE_PATH": str(INSTANCE),
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "SESSION_COOKIE_SECURE": "0",
        "FLASK_DEBUG": "0",
    }


def database_fresh() -> None:
    """Start from nothing: a new instance folder (keys, SQLite file) or PostgreSQL database."""
    shutil.rmtree(INSTANCE, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "linkenglish.keys", str(INSTANCE)], check=True)
    url = os.environ.get("DATABASE_URL")
    if url and url.startswith("postgresql"):
        parsed = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
        admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}"'))
            connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
        admin.dispose()


def database_fill(*, scale: int, port: int):
    """Migrate, add the volume through the services; return the app, and the timing and
    page URLs."""
    os.environ.update(bench_environ(port=port))
    from flask_migrate import upgrade

    from bench.generate import generate
    from linkenglish import create_app
    from linkenglish.gallery.queries import gallery_page

    app = create_app()
    with app.app_context():
        upgrade(directory=str(HERE.parent / "migrations"))
        started = time.perf_counter()
        made = generate(scale=scale)
        seconds = time.perf_counter() - started
        counts = table_counts()
        cursor = None
        for _page in range(100):  # a deep page: the 101st, or the last there is
            following = gallery_page(cursor=cursor).next_cursor
            if following is None:
                break
            cursor = following
        with app.test_request_context(base_url=os.environ["PUBLIC_URL"]):
            urls = page_urls(made, deep_cursor=cursor)
    filled = {"generate_seconds": round(seconds, 1), "counts": counts, "made": asdict(made)}
    return app, {**filled, "urls": urls}


def table_counts() -> dict:
    """How many rows the generator made of each kind the issue names."""
    from sqlalchemy import func, select

    from linkenglish.extensions import db
    from linkenglish.models import (
        AttendanceMark,
        ClassSession,
        Cohort,
        Essay,
        Participant,
        Publication,
    )

    models = {
        "participants": Participant,
        "cohorts": Cohort,
        "sessions": ClassSession,
        "marks": AttendanceMark,
        "essays": Essay,
        "publications": Publication,
    }
    return {
        name: db.session.scalar(select(func.count()).select_from(model))
        for name, model in models.items()
    }


def page_urls(made, *, deep_cursor: str | None) -> dict:
    """The path of each page the bench loads."""
    return {
        "gallery": url_for("gallery.index"),
        "gallery_deep": url_for("gallery.index", after=deep_cursor),
        "essay": url_for("gallery.essay", slug=made.slug),
        "feed": url_for("gallery.feed"),
        "sitemap": url_for("gallery.sitemap"),
        "dashboard": url_for("main.dashboard"),
        "participants": url_for("participants.index"),
        "participants_search": url_for("participants.index", q="Bench12"),
        "participant": url_for("participants.detail", participant_id=made.participant_id),
        "cohort": url_for("cohorts.detail", cohort_id=made.cohort_id),
        "matrix": url_for("reports.cohort_matrix", cohort_id=made.cohort_id),
        "matrix_xlsx": url_for(
            "reports.cohort_matrix_download", cohort_id=made.cohort_id, file_format="xlsx"
        ),
        "at_risk": url_for("reports.at_risk"),
        "partner_summary": url_for("reports.partner_summary", organisation_id=made.partner_id),
        "audit": url_for("audit.index"),
        "attendance": url_for("attendance.take", session_id=made.session_id),
        "my_writing": url_for("writing.index"),
        "autosave": url_for("writing.autosave", essay_id=made.essay_id),
        "sign_in": url_for("auth.login"),
    }
