"""Attendance report downloads and their cost: CSV (UTF-8 with a BOM) and XLSX hold the
numbers the pages show, partners' files hold no legal name or contact, each download is
audited, and pages run a fixed number of queries whatever the size of the data."""

import csv
import io
import json
import re
import zipfile

import openpyxl
import pytest
from report_data import CANARIES, hand_counted, sized_cohort
from sqlalchemy import select

from linkenglish.extensions import db
from linkenglish.models import AuditEvent, Role
from linkenglish.spreadsheets import sheet_title


@pytest.fixture
def data(app):
    """The hand-counted cohort and its neighbours."""
    return hand_counted(app)


def read_csv(response) -> list[list[str]]:
    """The rows of a CSV download, checking the byte order mark."""
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


def read_xlsx(response):
    """The sheet of an XLSX download."""
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]


def rows_by_first_cell(sheet) -> dict:
    """The sheet's rows of cells, keyed by the first cell's value."""
    return {row[0].value: row for row in sheet.iter_rows(min_row=2)}


def test_the_matrix_xlsx_holds_the_page_numbers(app, client, data, make_user, login_as):
    login_as(make_user(Role.COORDINATOR))
    page = client.get(f"/reports/cohorts/{data.cohort_id}/attendance").get_data(as_text=True)
    assert ">67%<" in page and ">75%<" in page
    sheet = read_xlsx(client.get(f"/reports/cohorts/{data.cohort_id}/attendance.xlsx"))
    header = [cell.value for cell in sheet[1]]
    assert header[:9] == [
        "Preferred name", "Rate", "Attended", "Counted", "Present", "Late", "Excused", "Absent",
        "Not taken",
    ]  # fmt: skip
    assert len(header) == 9 + 5  # four past sessions and one upcoming; the cancelled left out
    assert sheet.freeze_panes == "B2" and sheet["A1"].font.bold
    rows = rows_by_first_cell(sheet)
    ben = [cell.value for cell in rows["Ben"]]
    assert ben[1] == pytest.approx(2 / 3) and rows["Ben"][1].number_format == "0.0%"
    assert ben[2:9] == [2, 3, 2, 0, 0, 1, 1]
    assert ben[9:] == ["P", "A", "P", None, None]
    assert [cell.value for cell in rows["Dee"]][9:] == ["–", "–", "P", "A", None]
    assert rows["Cy"][1].value == 1 and rows["Cy"][1].number_format == "0.0%"
    assert [cell.value for cell in rows["Present or late"]][9:] == [3, 2, 3, 1, None]
    with app.app_context():
        [event] = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "report.download")
        ).all()
        assert (event.object_type, event.object_id) == ("cohort", data.cohort_id)
        assert event.detail == {"report": "cohort_matrix", "format": "xlsx", "rows": 5}


def test_the_summary_and_at_risk_downloads_match(client, data, make_user, login_as):
    login_as(make_user(Role.PARTNER, partner_name="British Council"))
    summary = f"/reports/partners/{data.organisation_id}/summary"
    assert ">73%<" in client.get(summary).get_data(as_text=True)
    rows = rows_by_first_cell(read_xlsx(client.get(summary + ".xlsx")))
    line = [cell.value for cell in rows["LIEP Spring"]]
    assert line[1:5] == [4, 1, 1, 4]  # delivered, cancelled, not taken, with a rate
    assert line[5] == pytest.approx((0.75 + 2 / 3 + 1 + 0.5) / 4)
    assert rows["LIEP Spring"][5].number_format == "0.0%"
    assert [cell.value for cell in rows["Total"]][1:5] == [4, 1, 1, 4]
    csv_rows = read_csv(client.get("/reports/at-risk.csv"))
    assert [row[:3] for row in csv_rows[1:]] == [
        ["Ben", "LIEP Spring", "66.7%"],
        ["Ana", "LIEP Spring", "75.0%"],
    ]


def test_the_participant_download_is_theirs(client, data, make_user, login_as):
    login_as(make_user(Role.COORDINATOR))
    rows = read_csv(client.get(f"/reports/participants/{data.people['Ana']}/attendance.csv"))
    assert rows[0][:5] == ["Cohort", "Enrollment", "Enrolled on", "Ended on", "Rate"]
    assert sorted(row[0] for row in rows[1:]) == ["LELP Evening", "LIEP Spring"]


def file_texts(response) -> str:
    """Everything a download holds as text: the CSV, or every part of the XLSX zip."""
    if response.data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
            return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    return response.data.decode("utf-8-sig")


def test_partner_downloads_hold_no_legal_names_or_contacts(app, client, data, make_user,
                                                         login_as):  # fmt: skip
    login_as(make_user(Role.PARTNER, partner_name="British Council"))
    pages = [
        f"/reports/cohorts/{data.cohort_id}/attendance",
        f"/reports/participants/{data.people['Ana']}/attendance",
        f"/reports/partners/{data.organisation_id}/summary",
        "/reports/at-risk",
    ]
    for page in pages:
        assert not any(canary in client.get(page).get_data(as_text=True) for canary in CANARIES)
        for kind in ("csv", "xlsx"):
            response = client.get(f"{page}.{kind}")
            assert response.status_code == 200, page
            held = file_texts(response)
            assert "Ana" in held or "LIEP Spring" in held
            assert not [canary for canary in CANARIES if canary in held], (page, kind)
            if kind == "xlsx":
                for row in read_xlsx(response).iter_rows(values_only=True):
                    assert not any(c in str(v) for v in row for c in CANARIES)
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "report.download")
        ).all()
    assert len(events) == 8
    assert {event.detail["report"] for event in events} == {
        "cohort_matrix", "participant", "partner_summary", "at_risk",
    }  # fmt: skip
    assert not any("Ana" in json.dumps(event.detail) for event in events)


def count_page(client, count_queries, url) -> int:
    """The number of SQL statements a page runs."""
    with count_queries() as statements:
        assert client.get(url).status_code == 200, url
    return len(statements)


def test_the_matrix_runs_fixed_queries(app, client, make_user, login_as, count_queries):
    small = sized_cohort(app, participants=5, sessions=5, name="Small", partner_name="BC")
    large = sized_cohort(app, participants=30, sessions=60, name="Large", partner_name="BC")
    login_as(make_user(Role.PARTNER, partner_name="BC"))
    counted = {
        size: count_page(client, count_queries, f"/reports/cohorts/{cohort}/attendance")
        for size, cohort in (("small", small), ("large", large))
    }
    assert counted["small"] == counted["large"] <= 8, counted
    body = client.get(f"/reports/cohorts/{large}/attendance").get_data(as_text=True)
    assert body.count('<td class="mark mark-') == 30 * 60
    for kind in ("csv", "xlsx"):
        downloads = [
            count_page(client, count_queries, f"/reports/cohorts/{cohort}/attendance.{kind}")
            for cohort in (small, large)
        ]
        assert downloads[0] == downloads[1], downloads


def test_the_summary_and_at_risk_run_fixed_queries(app, client, make_user, login_as,
                                                   count_queries):  # fmt: skip
    sized_cohort(app, participants=5, sessions=5, name="Only", partner_name="Small Org")
    login_as(make_user(Role.COORDINATOR))
    with app.app_context():
        from linkenglish.partners.services import partner_organisation_get_or_create

        small_id = partner_organisation_get_or_create(name="Small Org").id
        large_id = partner_organisation_get_or_create(name="Large Org").id
        db.session.commit()
    pages = [f"/reports/partners/{small_id}/summary", "/reports/at-risk?threshold=90"]
    before = [count_page(client, count_queries, url) for url in pages]
    for n in range(3):
        sized_cohort(app, participants=30, sessions=60, name=f"Big {n}", partner_name="Large Org")
    pages[0] = f"/reports/partners/{large_id}/summary"
    after = [count_page(client, count_queries, url) for url in pages]
    assert before == after, (before, after)
    assert before[0] <= 6


def test_each_xlsx_download_has_a_short_meaningful_sheet_and_the_full_file_name(
    client, data, make_user, login_as
):
    login_as(make_user(Role.COORDINATOR))
    ana = data.people["Ana"]
    downloads = [
        (f"/reports/cohorts/{data.cohort_id}/attendance", f"Cohort {data.cohort_id} attendance",
         f"cohort-{data.cohort_id}-attendance-"),
        (f"/reports/participants/{ana}/attendance", f"Participant {ana} attendance",
         f"participant-{ana}-attendance-"),
        (f"/reports/partners/{data.organisation_id}/summary",
         f"Partner {data.organisation_id} summary", f"partner-{data.organisation_id}-summary-"),
        ("/reports/at-risk", "At risk", "at-risk-"),
        ("/exports/participants", "Participants", "participants-"),
        (f"/exports/cohorts/{data.cohort_id}/roster", f"Cohort {data.cohort_id} roster",
         f"cohort-{data.cohort_id}-roster-"),
    ]  # fmt: skip
    for page, title, file_start in downloads:
        response = client.get(f"{page}.xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(response.data))
        assert workbook.sheetnames == [title], page
        disposition = response.headers["Content-Disposition"]
        stamp = r"\d{4}-\d{2}-\d{2}"
        assert re.fullmatch(f'attachment; filename="{re.escape(file_start)}{stamp}.xlsx"',
                            disposition), disposition  # fmt: skip


@pytest.mark.parametrize(
    ("title", "sheet"),
    [
        ("participant-22-attendance-2026-12-04", "participant-22-attendance-2026-"),
        ("Attendance of every participant in LIEP", "Attendance of every participant"),
        ("Rates [LIEP]: what? / who* \\ when", "Rates LIEP what who when"),
        ("???", "Sheet"),
        ("반 12 출석", "반 12 출석"),
    ],
)
def test_sheet_titles_fit_excel(title, sheet):
    assert sheet_title(title) == sheet
    assert len(sheet_title(title)) <= 31


def test_rates_read_with_one_decimal_in_xlsx_as_in_csv(client, data, make_user, login_as):
    login_as(make_user(Role.COORDINATOR))
    sheet = read_xlsx(client.get("/reports/at-risk.xlsx"))
    ben = rows_by_first_cell(sheet)["Ben"]
    rate = ben[2] if ben[2].number_format.endswith("%") else None
    assert rate is not None and rate.value == pytest.approx(2 / 3)
    # What Excel shows for the number format, as the CSV writes it.
    assert rate.number_format == "0.0%" and f"{rate.value:.1%}" == "66.7%"
    csv_rows = read_csv(client.get("/reports/at-risk.csv"))
    assert csv_rows[1][:3] == ["Ben", "LIEP Spring", "66.7%"]
