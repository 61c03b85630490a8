"""Bulk import of participants: CSV (UTF-8, UTF-8 with BOM, CP949) and XLSX, a preview with
every row's errors, all or nothing, and the kept file between preview and confirm."""

import io
import re
import time
from datetime import datetime, timedelta

import openpyxl
import pytest
from sqlalchemy import func, select

from linkenglish.cohorts.services import cohort_create, program_by_code
from linkenglish.extensions import db
from linkenglish.imports import parsing, storage
from linkenglish.models import (
    AssessmentMethod,
    AuditEvent,
    Enrollment,
    LevelAssessment,
    Participant,
    PendingUpload,
    ProgramCode,
    Role,
)
from linkenglish.timeutil import app_timezone

UPLOAD_URL = "/participants/import/"
CONFIRM_URL = "/participants/import/confirm"
HEADER = ["Legal name", "Preferred name", "E-mail", "Phone", "Program", "Level", "Cohort"]
KOREAN_HEADER = ["이름", "영문 이름", "이메일", "전화", "프로그램", "레벨", "반"]
PEOPLE = [
    ["김하늘", "Haneul", "haneul@example.org", "010-1234-5678", "LELP", "B1", "Spring Cohort"],
    ["이민준", "Minjun", "", "", "lelp", "a2", ""],
    ["박서연", "Seoyeon", "seoyeon@example.org", "+82 10 2222 3333", "LIEP", "", ""],
]
TOKEN = re.compile(r'name="upload" type="hidden" value="([^"]+)"')


def csv_text(rows, header=HEADER) -> str:
    """A CSV file's text, as Excel writes it (CRLF)."""
    return "".join(",".join(cells) + "\r\n" for cells in [header, *rows])


def xlsx_content(rows, header=HEADER) -> bytes:
    """An XLSX workbook built with openpyxl, header in row 1."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def coordinator(make_user, login_as):
    """A signed-in coordinator."""
    return login_as(make_user(Role.COORDINATOR))


@pytest.fixture
def make_cohort(app):
    """Return a factory for cohorts starting in a month; returns the id."""

    def make(name="Spring Cohort", program=ProgramCode.LELP, capacity=None, starts_in=30):
        today = local_today(app)
        with app.app_context():
            cohort = cohort_create(
                program=program_by_code(program),
                name=name,
                starts_on=today + timedelta(days=starts_in),
                ends_on=today + timedelta(days=starts_in + 90),
                capacity=capacity,
            )
            db.session.commit()
            return cohort.id

    return make


@pytest.fixture
def upload(client, csrf_token):
    """Return a function that uploads file content and returns the preview response."""

    def send(content: bytes, filename="people.csv"):
        return client.post(
            UPLOAD_URL,
            data={"file": (io.BytesIO(content), filename), "csrf_token": csrf_token(UPLOAD_URL)},
            content_type="multipart/form-data",
        )

    return send


@pytest.fixture
def confirm(client, csrf_token):
    """Return a function that confirms the import a preview offers."""

    def send(preview):
        match = TOKEN.search(preview.get_data(as_text=True))
        assert match, "the preview offers no import"
        return client.post(
            CONFIRM_URL, data={"upload": match.group(1), "csrf_token": csrf_token(UPLOAD_URL)}
        )

    return send


def local_today(app):
    """Today in the app's time zone."""
    with app.app_context():
        return datetime.now(app_timezone()).date()


def count(app, model) -> int:
    """How many rows a table has."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def audit_details(app, action) -> list:
    """The details of the audit events of an action."""
    with app.app_context():
        return list(
            db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == action))
        )


CONTENTS = {
    "utf-8": lambda: csv_text(PEOPLE).encode("utf-8"),
    "utf-8 with BOM": lambda: b"\xef\xbb\xbf" + csv_text(PEOPLE).encode("utf-8"),
    "cp949": lambda: csv_text(PEOPLE, KOREAN_HEADER).encode("cp949"),
    "xlsx": lambda: xlsx_content(PEOPLE),
}


@pytest.mark.parametrize("kind", CONTENTS)
def test_a_file_imports_every_row(app, client, coordinator, make_cohort, upload, confirm, kind):
    cohort_id = make_cohort()
    filename = "people.xlsx" if kind == "xlsx" else "people.csv"
    preview = upload(CONTENTS[kind](), filename)
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert preview.headers["Cache-Control"] == "no-store"
    assert "All 3 rows can be imported" in body
    assert "김하늘" in body and "Haneul" in body
    assert count(app, Participant) == 0  # a preview writes nothing but its audit event

    done = confirm(preview)
    assert done.status_code == 302
    assert done.headers["Location"].endswith("/participants/")
    with app.app_context():
        people = {p.preferred_name: p for p in db.session.scalars(select(Participant))}
        assert {name: p.legal_name for name, p in people.items()} == {
            "Haneul": "김하늘",
            "Minjun": "이민준",
            "Seoyeon": "박서연",
        }
        haneul = people["Haneul"]
        assert (haneul.email, haneul.phone, haneul.program) == (
            "haneul@example.org",
            "010-1234-5678",
            ProgramCode.LELP,
        )
        assert people["Minjun"].email is None and people["Minjun"].phone is None
        assert people["Seoyeon"].program is ProgramCode.LIEP
        entries = {e.participant_id: e for e in db.session.scalars(select(LevelAssessment))}
        assert set(entries) == {haneul.id, people["Minjun"].id}
        assert entries[haneul.id].level.code == "B1"
        assert entries[people["Minjun"].id].level.code == "A2"
        assert entries[haneul.id].method is AssessmentMethod.PLACEMENT_TEST
        assert entries[haneul.id].assessed_on == datetime.now(app_timezone()).date()
        assert entries[haneul.id].recorded_by_id == coordinator.id
        enrollment = db.session.scalars(select(Enrollment)).one()
        assert (enrollment.participant_id, enrollment.cohort_id) == (haneul.id, cohort_id)
        assert enrollment.enrolled_on == enrollment.cohort.starts_on
    assert audit_details(app, "participants.import.preview") == [{"rows": 3}]
    assert audit_details(app, "participants.import") == [{"rows": 3}]
    listing = client.get("/participants/").get_data(as_text=True)
    assert "Haneul" in listing and "Seoyeon" in listing


def test_a_started_cohort_enrolls_from_today(app, coordinator, make_cohort, upload, confirm):
    make_cohort(starts_in=-10)
    confirm(upload(csv_text(PEOPLE[:1]).encode()))
    with app.app_context():
        enrollment = db.session.scalars(select(Enrollment)).one()
        assert enrollment.enrolled_on == datetime.now(app_timezone()).date()


def test_one_bad_row_imports_nothing_and_is_named(app, coordinator, make_cohort, upload):
    make_cohort()
    rows = [*PEOPLE[:2], ["최지우", "Jiwoo", "not an e-mail", "", "LELP", "B1", ""]]
    preview = upload(csv_text(rows).encode())
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Nothing was imported" in body
    assert "1 row of 3 has a problem" in body
    assert re.search(r'href="#row-4">Row 4</a>: “not an e-mail” is not an e-mail address', body)
    assert 'name="upload"' not in body  # nothing to confirm
    assert count(app, Participant) == 0


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (["", "Nameless", "", "", "LELP", "", ""], "Enter the legal name."),
        (["김", "", "", "", "LELP", "", ""], "Enter the name the participant wants"),
        (["김", "Kim", "", "12", "LELP", "", ""], "“12” is not a phone number"),
        (["김", "Kim", "", "", "", "", ""], "Enter the program: LELP or LIEP."),
        (["김", "Kim", "", "", "TOEIC", "", ""], "“TOEIC” is not a program"),
        (["김", "Kim", "", "", "LELP", "Z9", ""], "“Z9” is not a level"),
        (["김", "Kim", "", "", "LELP", "", "Nowhere"], "There is no cohort called “Nowhere”."),
        (["김", "Kim", "", "", "LIEP", "", "Spring Cohort"], "belongs to LELP, not LIEP"),
        (["김" * 201, "Kim", "", "", "LELP", "", ""], "longer than 200 characters"),
        (["김", "K" * 101, "", "", "LELP", "", ""], "longer than 100 characters"),
        (["김\x00", "Kim", "", "", "LELP", "", ""], "Legal name holds a NUL character"),
    ],
)
def test_each_rule_names_the_row(app, coordinator, make_cohort, upload, cells, message):
    make_cohort()
    preview = upload(csv_text([PEOPLE[1], cells]).encode())
    body = preview.get_data(as_text=True)
    assert "Row 3</a>:" in body and "Row 2</a>:" not in body
    assert message in body
    assert count(app, Participant) == 0


def test_an_ended_cohort_is_refused(app, coordinator, make_cohort, upload):
    make_cohort(name="Old Cohort", starts_in=-200)
    body = upload(csv_text([["김", "Kim", "", "", "LELP", "", "old cohort"]]).encode()).get_data(
        as_text=True
    )
    assert "Row 2</a>: Cohort “Old Cohort” ended on" in body


def test_a_recorded_participant_is_caught(app, coordinator, make_participant, upload):
    make_participant(legal_name="김하늘", preferred_name="Sky")
    make_participant(legal_name="someone else", email="MINJUN@example.org")
    rows = [[*PEOPLE[0][:6], ""], ["이민준", "Minjun", "minjun@example.org", "", "LELP", "", ""]]
    body = upload(csv_text(rows).encode()).get_data(as_text=True)
    assert "Row 2</a>: A participant with this legal name is recorded already: Sky." in body
    assert "Row 3</a>: A participant with this e-mail address is recorded already" in body
    assert count(app, Participant) == 2


def test_a_duplicate_row_in_the_file_is_caught(app, coordinator, upload):
    rows = [
        ["김하늘", "Haneul", "sky@example.org", "", "LELP", "", ""],
        ["이민준", "Minjun", "", "", "LELP", "", ""],
        [" 김하늘 ", "Haneul 2", "", "", "LELP", "", ""],
        ["박서연", "Seoyeon", "SKY@example.org", "", "LELP", "", ""],
    ]
    body = upload(csv_text(rows).encode()).get_data(as_text=True)
    assert "Row 4</a>: Same legal name as row 2." in body
    assert "Row 5</a>: Same e-mail address as row 2." in body
    assert "Row 3</a>:" not in body


def test_capacity_counts_what_the_file_adds(app, coordinator, make_cohort, upload):
    make_cohort(capacity=2)
    rows = [[f"이름{n}", f"Name {n}", "", "", "LELP", "", "Spring Cohort"] for n in range(3)]
    body = upload(csv_text(rows).encode()).get_data(as_text=True)
    assert "Row 4</a>: Cohort “Spring Cohort” is full: 2 places, 0 taken" in body
    assert "Row 3</a>:" not in body


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "people.csv", "The file is empty."),
        (b"Legal name,Preferred name\r\n", "people.txt", "Upload a CSV or XLSX file"),
        (b"not a workbook at all", "people.xlsx", "This is not an XLSX workbook"),
        (b"Name,Nickname,Program\r\n", "people.csv", "no rows under them"),
        (b"Preferred name,E-mail\r\nKim,k@example.org\r\n", "people.csv", "Legal name, Program"),
        (b"Name,Name,Program\r\nx,y,LELP\r\n", "people.csv", "Two columns are both"),
        (b'Name,Nickname,Program\r\n"open quote,x,LELP\r\n', "people.csv", "malformed"),
        (b"\xff\xfe\x00\x00\x81", "people.csv", "neither UTF-8 nor Korean"),
    ],
)
def test_an_unreadable_file_gets_a_message(app, coordinator, upload, content, filename, message):
    response = upload(content, filename)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(app, Participant) == 0


@pytest.mark.parametrize("filename", ["people.csv", "people.xlsx"])
def test_a_file_too_long_is_refused(coordinator, upload, monkeypatch, filename):
    monkeypatch.setattr(parsing, "MAX_ROWS", 3)
    rows = [[f"이름{n}", f"Name {n}", "", "", "LELP", "", ""] for n in range(5)]
    content = xlsx_content(rows) if filename.endswith("xlsx") else csv_text(rows).encode()
    body = upload(content, filename).get_data(as_text=True)
    assert "The file has more than 10,000 rows; split it." in body


def test_an_xlsx_named_csv_is_explained(coordinator, upload):
    body = upload(xlsx_content(PEOPLE), "people.csv").get_data(as_text=True)
    assert "rename it .xlsx" in body


def test_the_file_is_checked_again_on_confirm(app, coordinator, upload, confirm, make_participant):
    preview = upload(csv_text(PEOPLE[1:]).encode())
    make_participant(legal_name="이민준")  # someone adds the same person meanwhile
    response = confirm(preview)
    body = response.get_data(as_text=True)
    assert "Nothing was imported" in body
    assert "A participant with this legal name is recorded already" in body
    assert count(app, Participant) == 1
    assert audit_details(app, "participants.import.preview") == [{"rows": 2}, {"rows": 2}]
    assert audit_details(app, "participants.import") == []


def test_a_confirm_works_once_and_only_for_its_uploader(
    app, client, coordinator, upload, confirm, make_user, login_as
):
    preview = upload(csv_text(PEOPLE[1:]).encode())
    login_as(make_user(Role.COORDINATOR))
    refused = confirm(preview)
    assert refused.status_code == 302 and refused.headers["Location"].endswith(UPLOAD_URL)
    assert count(app, Participant) == 0

    login_as(coordinator)
    preview = upload(csv_text(PEOPLE[1:]).encode())
    assert confirm(preview).status_code == 302
    again = confirm(preview)
    assert again.headers["Location"].endswith(UPLOAD_URL)
    assert "expired or was imported already" in client.get(UPLOAD_URL).get_data(as_text=True)
    assert count(app, Participant) == 2


def test_kept_files_are_sealed_and_expire(
    app, coordinator, make_cohort, upload, confirm, monkeypatch
):
    make_cohort()
    monkeypatch.setattr(storage, "LIFETIME", -storage.LIFETIME)
    preview = upload(csv_text(PEOPLE[:1]).encode())
    assert "can be imported" in preview.get_data(as_text=True)
    with app.app_context():
        [kept] = db.session.scalars(select(PendingUpload.sealed)).all()
    assert "김하늘".encode() not in kept and b"Haneul" not in kept
    assert confirm(preview).headers["Location"].endswith(UPLOAD_URL)
    assert count(app, Participant) == 0


def test_a_forged_upload_id_is_refused(client, coordinator, csrf_token):
    for forged in ("../../config", "x" * 32, ""):
        response = client.post(
            CONFIRM_URL, data={"upload": forged, "csrf_token": csrf_token(UPLOAD_URL)}
        )
        assert response.status_code == 302


def test_the_upload_page_documents_the_columns(client, coordinator):
    body = client.get(UPLOAD_URL).get_data(as_text=True)
    for name in ("법적 이름", "영문 이름", "이메일", "전화", "프로그램", "레벨", "코호트", "반"):
        assert name in body
    assert 'src="/static/js/progress.js" defer' in body
    template = client.get("/participants/import/template.csv")
    assert template.headers["Content-Disposition"].startswith("attachment;")
    assert template.data.decode("utf-8-sig").strip() == ",".join(HEADER)


def test_the_preview_runs_fixed_queries(app, coordinator, make_cohort, upload, count_queries):
    make_cohort(capacity=1000)

    def rows(n):
        return [
            [
                f"이름{n}-{i}",
                f"Name {i}",
                f"p{n}-{i}@example.org",
                "",
                "LELP",
                "B1",
                "Spring Cohort",
            ]
            for i in range(n)
        ]

    counted = []
    for size in (10, 200):
        content = csv_text(rows(size)).encode()
        with count_queries() as statements:
            assert "can be imported" in upload(content).get_data(as_text=True)
        counted.append(len(statements))
    assert counted[0] == counted[1]


def test_5000_rows_preview_and_import_in_seconds(app, coordinator, make_cohort, upload, confirm):
    make_cohort()
    rows = [
        [f"참가자{i}", f"Learner {i}", f"learner{i}@example.org", f"010-{i:04d}-0000", "LELP",
         ("A1", "A2", "B1")[i % 3], "Spring Cohort" if i % 2 else ""]
        for i in range(5000)
    ]  # fmt: skip
    content = csv_text(rows).encode("utf-8")
    started = time.perf_counter()
    preview = upload(content)
    previewed = time.perf_counter() - started
    assert "All 5,000 rows can be imported" in preview.get_data(as_text=True)
    started = time.perf_counter()
    assert confirm(preview).status_code == 302
    imported = time.perf_counter() - started
    with app.app_context():
        dialect = db.engine.dialect.name
    print(f"\n5,000 rows on {dialect}: preview {previewed:.2f} s, import {imported:.2f} s")
    assert count(app, Participant) == 5000
    assert count(app, Enrollment) == 2500
    assert count(app, LevelAssessment) == 5000
    assert previewed < 10
    assert imported < 20


def test_coordinators_only(client, make_user, login_as):
    for role in (Role.PARTNER, Role.PARTICIPANT):
        login_as(make_user(role))
        assert client.get(UPLOAD_URL).status_code == 404
        assert client.get("/participants/import/template.csv").status_code == 404


def test_numbers_in_an_xlsx_are_read_as_text(coordinator, upload):
    rows = [["김하늘", "Haneul", "", 1012345678.0, "LELP", "", ""]]
    body = upload(xlsx_content(rows), "people.xlsx").get_data(as_text=True)
    assert "1012345678" in body and "1012345678.0" not in body
    assert "All 1 rows" not in body and "The row can be imported" in body
