"""The indexes serve the queries the reports run, on SQLite and PostgreSQL alike.

Each query's plan must name the index meant for it: SQLite's EXPLAIN QUERY PLAN, or
PostgreSQL's EXPLAIN with sequential scans priced out (SET LOCAL enable_seqscan = off),
since on small test tables PostgreSQL would rightly read the whole table instead. A query
with LIMIT (the gallery's keyset pages) must also read in the index's order, with no sort
step: it stops after the first rows. (Without LIMIT, PostgreSQL may fetch a cohort's few
dozen sessions through the index and sort them, which is cheaper, so that is allowed.)

Two things make the plans say what production would do:

- class_sessions gets a year of weekly sessions of several partners, and statistics
  (ANALYZE), inside the test's transaction, which is rolled back. Without statistics
  PostgreSQL prices ix_class_sessions_partner_id_starts_at and ix_class_sessions_starts_at
  the same for the partner's sessions in a date range, and may take either.
- SQLite builds a table's UNIQUE constraints into indexes called sqlite_autoindex_<table>_<n>;
  the plan is given the constraint's name instead, found by the index's columns.
"""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import inspect, text

from linkenglish.extensions import db
from linkenglish.models import ClassSession, Cohort, PartnerOrganisation, SessionMode

QUERIES = [
    pytest.param(
        "SELECT id FROM class_sessions WHERE cohort_id = 1 ORDER BY starts_at",
        "ix_class_sessions_cohort_id_starts_at",
        id="sessions-of-a-cohort",
    ),
    pytest.param(
        "SELECT id FROM class_sessions WHERE partner_id = 1"
        " AND starts_at >= '2026-01-01' AND starts_at < '2026-04-01'",
        "ix_class_sessions_partner_id_starts_at",
        id="sessions-of-a-partner-in-a-term",
    ),
    pytest.param(
        "SELECT max(starts_at) FROM class_sessions"
        " WHERE cohort_id = 1 AND starts_at < '2026-04-01'",
        "ix_class_sessions_cohort_id_starts_at",
        id="timetable-earlier-link-of-a-cohort",
    ),
    pytest.param(
        "SELECT min(starts_at) FROM class_sessions WHERE starts_at >= '2026-04-01'",
        "ix_class_sessions_starts_at",
        id="timetable-later-link",
    ),
    pytest.param(
        "SELECT id FROM consent_records WHERE withdraws_id = 1 AND kind = 'withdrawn'",
        "ix_consent_records_withdraws_id",
        id="is-a-consent-withdrawn",
    ),
    pytest.param(
        "SELECT * FROM attendance_marks WHERE session_id = 1",
        "uq_attendance_marks_session_id_participant_id",
        id="marks-of-a-session",
    ),
    pytest.param(
        "SELECT * FROM attendance_marks WHERE participant_id = 1",
        "ix_attendance_marks_participant_id",
        id="marks-of-a-participant",
    ),
    pytest.param(
        "SELECT id FROM participants WHERE status = 'active' AND program = 'lelp'"
        " ORDER BY preferred_name",
        "ix_participants_status_program_name",
        id="participants-list",
    ),
]

PARTNERS = 5
SORT_STEPS = ("Sort", "USE TEMP B-TREE")  # PostgreSQL's sort nodes; SQLite's


def add_a_year_of_sessions():
    """Weekly sessions in 2026 for a cohort of each of several partners, with statistics."""
    for number in range(1, PARTNERS + 1):
        partner = PartnerOrganisation(name=f"Partner {number}")
        db.session.add(partner)
        db.session.flush()
        cohort = Cohort(
            program_id=1,
            name=f"Cohort {number}",
            starts_on=date(2026, 1, 5),
            ends_on=date(2026, 12, 28),
            partner_id=partner.id,
        )
        first = datetime(2026, 1, 5, 10, tzinfo=UTC) + timedelta(hours=number)
        db.session.add_all(
            ClassSession(
                cohort=cohort,
                partner_id=partner.id,
                starts_at=first + timedelta(weeks=week),
                duration_minutes=90,
                mode=SessionMode.ONLINE,
            )
            for week in range(52)
        )
    db.session.flush()
    db.session.execute(text("ANALYZE class_sessions"))


def query_plan(query: str) -> str:
    """The database's plan for query, as text."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        return "\n".join(db.session.execute(text(f"EXPLAIN {query}")).scalars())
    plan = "\n".join(row.detail for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {query}")))
    return with_unique_constraint_names(plan)


def with_unique_constraint_names(plan: str) -> str:
    """Replace SQLite's names for the indexes of UNIQUE constraints with the constraints'."""
    connection = db.session.connection()
    for autoindex, table in re.findall(r"\b(sqlite_autoindex_(\w+)_\d+)\b", plan):
        columns = [
            row.name for row in connection.exec_driver_sql(f"PRAGMA index_info({autoindex})")
        ]
        for constraint in inspect(connection).get_unique_constraints(table):
            if constraint["column_names"] == columns:
                plan = plan.replace(autoindex, constraint["name"])
    return plan


@pytest.mark.parametrize(("query", "index"), QUERIES)
def test_query_uses_its_index(app, query, index):
    with app.app_context():
        add_a_year_of_sessions()
        plan = query_plan(query)
        db.session.rollback()
    assert index in plan, plan
    if "LIMIT" in query:
        assert not any(step in plan for step in SORT_STEPS), plan


def gallery_query(keyset: bool):
    """The gallery's newest-first page, as the public view runs it, with literal values."""
    from linkenglish.consent.selectors import live_publications
    from linkenglish.gallery.queries import PAGE_SIZE, at, newest_first, position

    query = live_publications()
    if keyset:
        query = query.where(position() < at(datetime(2026, 6, 1, tzinfo=UTC), 1000))
    query = newest_first(query).limit(PAGE_SIZE + 1)
    return str(query.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))


@pytest.mark.parametrize("keyset", [False, True], ids=["first-page", "next-page"])
def test_gallery_reads_the_live_fact_in_index_order(app, keyset):
    with app.app_context():
        query = gallery_query(keyset)
        if db.engine.dialect.name == "postgresql":
            # On an empty, unanalysed table PostgreSQL rightly sorts the few rows it expects;
            # priced out, a sort step left in the plan means the index cannot give the order.
            db.session.execute(text("SET LOCAL enable_sort = off"))
        plan = query_plan(query)
        db.session.rollback()
    assert "EXISTS" not in query  # the stored fact, never a look into consent history
    assert "ix_publications_live_published_at" in plan, plan
    assert not any(step in plan for step in SORT_STEPS), plan
