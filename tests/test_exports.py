"""Downloads of the participant list and cohort rosters: CSV in UTF-8 with a BOM, XLSX,
coordinators only, audited without personal data, in a fixed number of queries."""

import csv
import io
import json
import re
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import select

from linkenglish.cohorts.management import enrollments_add
from linkenglish.cohorts.services import cohort_create, program_by_code
from linkenglish.extensions import db
from linkenglish.levels.services import level_assessments_record, level_by_code
from linkenglish.models import AssessmentMethod, AuditEvent, ProgramCode, Role
from linkenglish.participants.services import participants_create

LIST_HEADER = [
    "Preferred name", "Legal name", "E-mail", "Phone", "Program", "Status", "Current level",
    "Current cohorts",
]  # fmt: skip
ROSTER_HEADER = [
    "Preferred name", "Legal name", "E-mail", "Phone", "Current level", "Enrollment status",
    "Enrolled on", "Ended on",
]  # fmt: skip
FILENAME = re.compile(r'^attachment; filename="(participants|cohort-\d+-roster)-\d{4}-\d\d-\d\d\.')


@pytest.fixture
def coordinator(make_user, login_as):
    """A signed-in coordinator."""
    return login_as(make_user(Role.COORDINATOR))


@pytest.fixture
def add_people(app):
    """Return a function that adds participants (Hangul legal names) in one go, each at B1,
    optionally enrolled in a new cohort; it returns the cohort's id."""

    def add(count, *, program=ProgramCode.LELP, cohort_name=None, prefix="참가자"):
        with app.app_context():
            people = participants_create(
                people=[
                    {
                        "legal_name": f"{prefix}{n}",
                        "preferred_name": f"Learner {prefix} {n:03d}",
                        "program": program,
                        "email": f"{prefix}{n}@example.org",
                        "phone": f"010-0000-{n:04d}",
                    }
                    for n in range(count)
                ]
            )
            level_assessments_record(
                placements=[(person, level_by_code("B1")) for person in people],
                assessed_on=date(2026, 3, 2),
                method=AssessmentMethod.PLACEMENT_TEST,
                by=None,
            )
            cohort_id = None
            if cohort_name:
                cohort = cohort_create(
                    program=program_by_code(program),
                    name=cohort_name,
                    starts_on=date(2026, 3, 2),
                    ends_on=date(2026, 6, 30),
                )
                enrollments_add(
                    cohort=cohort, participants=people, enrolled_on=date(2026, 3, 2), by=None
                )
                cohort_id = cohort.id
            db.session.commit()
            return cohort_id

    return add


def read_csv(response) -> list[list[str]]:
    """The rows of a CSV download, checking it starts with the UTF-8 byte order mark."""
    assert response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


def read_xlsx(response):
    """The first sheet of an XLSX download."""
    return openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]


def audit_events(app, action) -> list[AuditEvent]:
    """The audit events of an action, detached."""
    with app.app_context():
        events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))
        db.session.expunge_all()
        return events


def test_participant_list_csv_keeps_hangul(app, client, coordinator, add_people):
    add_people(3, cohort_name="Spring Cohort")
    response = client.get("/exports/participants.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert FILENAME.match(response.headers["Content-Disposition"])
    rows = read_csv(response)
    assert rows[0] == LIST_HEADER
    assert rows[1] == [
        "Learner 참가자 000", "참가자0", "참가자0@example.org", "010-0000-0000", "LELP",
        "Active", "B1", "Spring Cohort",
    ]  # fmt: skip
    assert len(rows) == 4
    [event] = audit_events(app, "participants.export_list")
    assert event.detail == {"format": "csv", "rows": 3}
    assert event.actor_id == coordinator.id
    assert "참가자" not in json.dumps(event.detail, ensure_ascii=False)


def test_participant_list_keeps_the_filters(client, coordinator, add_people, exact_lookup):
    add_people(2, program=ProgramCode.LELP, prefix="김")
    add_people(3, program=ProgramCode.LIEP, prefix="이")
    rows = read_csv(client.get("/exports/participants.csv?program=liep"))
    assert [row[1] for row in rows[1:]] == ["이0", "이1", "이2"]
    rows = read_csv(
        client.get("/exports/participants.csv", query_string={"match": exact_lookup("김1")})
    )
    assert [row[1] for row in rows[1:]] == ["김1"]
    # A filter that is not valid filters nothing, as on the list page.
    assert len(read_csv(client.get("/exports/participants.csv?program=nope"))) == 6


def test_participant_list_xlsx(app, client, coordinator, add_people):
    add_people(2)
    response = client.get("/exports/participants.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert FILENAME.match(response.headers["Content-Disposition"])
    sheet = read_xlsx(response)
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == LIST_HEADER
    assert values[2][:4] == [
        "Learner 참가자 001",
        "참가자1",
        "참가자1@example.org",
        "010-0000-0001",
    ]
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= 8
    assert audit_events(app, "participants.export_list")[0].detail == {"format": "xlsx", "rows": 2}


def test_cohort_roster_csv_and_xlsx(app, client, coordinator, add_people):
    cohort_id = add_people(2, cohort_name="Roster Cohort")
    rows = read_csv(client.get(f"/exports/cohorts/{cohort_id}/roster.csv"))
    assert rows[0] == ROSTER_HEADER
    assert rows[1] == [
        "Learner 참가자 000", "참가자0", "참가자0@example.org", "010-0000-0000", "B1",
        "enrolled", "2026-03-02", "",
    ]  # fmt: skip
    response = client.get(f"/exports/cohorts/{cohort_id}/roster.xlsx")
    assert FILENAME.match(response.headers["Content-Disposition"])
    assert "Roster" not in response.headers["Content-Disposition"]
    sheet = read_xlsx(response)
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ROSTER_HEADER
    assert values[1][6] == datetime(2026, 3, 2)  # a date cell, not text
    assert sheet["G2"].number_format == "yyyy-mm-dd"
    assert values[1][7] is None
    events = audit_events(app, "cohort.roster.export")
    assert [(e.object_type, e.object_id, e.detail) for e in events] == [
        ("cohort", cohort_id, {"format": "csv", "rows": 2}),
        ("cohort", cohort_id, {"format": "xlsx", "rows": 2}),
    ]


def test_a_missing_cohort_is_404(client, coordinator):
    assert client.get(f"/exports/cohorts/{2**31 - 1}/roster.csv").status_code == 404
    assert client.get("/exports/participants.pdf").status_code == 404


def test_formula_like_text_stays_text(app, client, coordinator, make_participant):
    make_participant(preferred_name="=HYPERLINK(1)", legal_name="@evil")
    rows = read_csv(client.get("/exports/participants.csv"))
    assert rows[1][:2] == ["'=HYPERLINK(1)", "'@evil"]
    sheet = read_xlsx(client.get("/exports/participants.xlsx"))
    assert sheet["A2"].value == "=HYPERLINK(1)"
    assert sheet["A2"].data_type == "s"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_downloads_run_fixed_queries(app, client, coordinator, add_people, count_queries,
                                     file_format):  # fmt: skip
    counted = {}
    for size in (10, 200):
        cohort_id = add_people(size, cohort_name=f"Cohort {size}", prefix=f"p{size}-")
        with count_queries() as statements:
            assert client.get(f"/exports/participants.{file_format}").status_code == 200
            assert (
                client.get(f"/exports/cohorts/{cohort_id}/roster.{file_format}").status_code == 200
            )
        counted[size] = len(statements)
    assert counted[10] == counted[200]


@pytest.mark.parametrize("role", [Role.PARTNER, Role.PARTICIPANT])
def test_only_coordinators_download(client, make_user, login_as, add_people, role):
    cohort_id = add_people(1, cohort_name="Any Cohort")
    login_as(make_user(role))
    assert client.get("/exports/participants.csv").status_code == 404
    assert client.get(f"/exports/cohorts/{cohort_id}/roster.xlsx").status_code == 404


def test_the_list_page_links_its_downloads_with_its_filters(client, coordinator, add_people):
    add_people(1)
    body = client.get("/participants/?program=lelp&after=x&file_format=pdf").get_data(as_text=True)
    assert 'href="/exports/participants.csv?program=lelp"' in body
    assert 'href="/exports/participants.xlsx?program=lelp"' in body
    assert 'href="/participants/import/"' in body
