"""Upload bombs: crafted XLSX and CSV files are refused within seconds and bounded memory,
with a message on the form; honest files, big and Korean, still import.

Memory is measured in a forked child under RLIMIT_AS (tracemalloc does not see zlib's and
expat's buffers): the child may grow by 200 MB at most, and reports its peak resident size
(VmHWM, reset at the start) above what it had when it began.
"""

import functools
import io
import multiprocessing
import re
import resource
import time
import zipfile

import openpyxl
import pytest
import upload_bombs as bombs
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from linkenglish.imports import archive, limits
from linkenglish.imports.parsing import ImportFileError, sheet_read
from linkenglish.models import Participant, Role

UPLOAD_URL = "/participants/import/"
MB = 1024 * 1024
MEMORY_CAP = 200 * MB
SECONDS = 5
CSV_HEADER = b"Legal name,Preferred name,Program\r\n"

XLSX_BOMBS = {
    "shared strings inflate to 400 MB": (bombs.shared_strings_bomb, "unpacks to far more"),
    "600,000 tiny shared-string elements": (bombs.many_strings, "far larger or deeper"),
    "one cell of 40 MB": (lambda: bombs.huge_cell(40 * MB, False), "unpacks to far more"),
    "one cell of 100,000 letters": (
        lambda: bombs.huge_cell(100_000, True),
        "more than 32,767 characters",
    ),
    "a row of 20 million cells": (lambda: bombs.wide_row(20_000_000), "unpacks to far more"),
    "a row of 20,000 cells": (lambda: bombs.wide_row(20_000), "more than 16,384 cells"),
    "a 20,000-cell row in a sheet named image1.png": (
        lambda: bombs.disguised_sheet(20_000),
        "more than 16,384 cells",
    ),
    "a person every 999 rows, 10,000 times": (
        lambda: bombs.spread_rows(10_000, 999),
        "The rows run past row 20,000",
    ),
    "5,000 members": (bombs.many_members, "more than 500 parts"),
    "5,000 members, the end record says 10": (
        lambda: bombs.many_members(lie_in_end_record=True),
        "more than 500 parts",
    ),
    "workbook part nested 300,000 deep": (
        lambda: bombs.deep_xml(300_000),
        "far larger or deeper",
    ),
    "sheet nested 300,000 deep": (
        lambda: bombs.deep_xml(300_000, "xl/worksheets/sheet1.xml"),
        "far larger or deeper",
    ),
    "sizes lie, the CRC is the whole stream's": (
        lambda: bombs.lying_sizes(False),
        "is damaged",
    ),
    "sizes lie, the CRC is the declared kilobyte's": (
        lambda: bombs.lying_sizes(True),
        "not well-formed XML",
    ),
    "a billion laughs": (bombs.entity_bomb, "not well-formed XML"),
}
CSV_BOMBS = {
    "one 5 MB line": (lambda: b"a" * (5 * MB - 100), "more than 32,767 characters"),
    "one 5 MB line of commas": (lambda: b"a," * (5 * MB // 2 - 100), "more than 16,384 cells"),
    "one quoted cell of 40,000 letters": (
        lambda: CSV_HEADER + b'"' + b"x" * 40_000 + b'",x,LELP\r\n',
        "more than 32,767 characters",
    ),
    "20,000 columns": (lambda: b"x;" * 20_000 + b"\r\n", "more than 16,384 cells"),
    "6 MB of rows": (lambda: CSV_HEADER + b"Kim,K,LELP\r\n" * (6 * MB // 12), "larger than 5 MB"),
}
BOMBS = {
    **{name: ("bomb.xlsx", *case) for name, case in XLSX_BOMBS.items()},
    **{name: ("bomb.csv", *case) for name, case in CSV_BOMBS.items()},
}


@functools.cache
def bomb(name: str) -> tuple[str, bytes, str]:
    """A bomb's file name, bytes and expected message, built once per test run."""
    filename, build, message = BOMBS[name]
    return filename, build(), message


def status_kib(field: str) -> int:
    """A Vm* line of /proc/self/status, in KiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(field)


def read_in_child(app, filename, data, pipe):
    """In a forked child: read the file under a memory cap; send the outcome, the seconds
    and the peak growth of resident memory in bytes."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # resets VmHWM, the peak resident size, to the current size
    start_rss = status_kib("VmRSS")
    address_space = status_kib("VmSize") * 1024 + MEMORY_CAP
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    started = time.perf_counter()
    with app.test_request_context():
        try:
            sheet = sheet_read(filename=filename, data=data)
            outcome = f"read {len(sheet.rows)} rows"
        except ImportFileError as error:
            outcome = str(error)
        except MemoryError:
            outcome = "MemoryError"
    seconds = time.perf_counter() - started
    pipe.send((outcome, seconds, (status_kib("VmHWM") - start_rss) * 1024))
    pipe.close()


def read_bounded(app, filename: str, data: bytes) -> tuple[str, float, int]:
    """Read a file in a forked child; return its outcome, seconds and peak memory growth."""
    receiving, sending = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=read_in_child, args=(app, filename, data, sending)
    )
    child.start()
    sending.close()
    try:
        assert receiving.poll(SECONDS * 6), "the child took far too long"
        return receiving.recv()
    finally:
        child.kill()
        child.join()


def field_error(response) -> str:
    """The error the upload form shows under its file field."""
    body = response.get_data(as_text=True)
    match = re.search(r'<ul class="errors" id="file-error">(.*?)</ul>', body, re.S)
    assert match, "the form shows no error under the file field"
    return match.group(1)


@pytest.fixture
def coordinator(make_user, login_as):
    """A signed-in coordinator."""
    return login_as(make_user(Role.COORDINATOR))


@pytest.fixture
def upload(client, csrf_token):
    """Return a function that uploads a file and returns the response and its seconds."""

    def send(content: bytes, filename: str):
        # Encoded here: the test client spools a body over 500 KB to a file it never closes.
        boundary, body = encode_multipart(
            {
                "file": FileStorage(io.BytesIO(content), filename),
                "csrf_token": csrf_token(UPLOAD_URL),
            }
        )
        started = time.perf_counter()
        response = client.post(
            UPLOAD_URL,
            input_stream=io.BytesIO(body),
            content_length=len(body),
            content_type=f"multipart/form-data; boundary={boundary}",
        )
        return response, time.perf_counter() - started

    return send


@pytest.mark.parametrize("name", BOMBS)
def test_a_bomb_is_refused_quickly_in_bounded_memory(app, name):
    filename, data, message = bomb(name)
    outcome, seconds, grown = read_bounded(app, filename, data)
    print(f"\n{name}: {len(data) / 1024:,.0f} KB, {seconds:.2f} s, +{grown / MB:.1f} MB")
    assert message in outcome
    assert seconds < SECONDS
    assert grown < MEMORY_CAP


@pytest.mark.parametrize("name", BOMBS)
def test_a_bomb_gets_a_message_on_the_form(app, coordinator, upload, name):
    filename, data, message = bomb(name)
    response, seconds = upload(data, filename)
    assert response.status_code == 200
    assert message in field_error(response)
    assert seconds < SECONDS


def test_a_request_over_max_content_length_gets_the_message(app, coordinator, upload):
    response, _ = upload(b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1), "people.csv")
    assert response.status_code == 413
    assert "The file is larger than 5 MB" in field_error(response)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (CSV_HEADER + b"Kim\x00Haneul,Haneul,LELP\r\n", "holds a NUL character"),
        (b"\x00\x00\x00\x00" * 1000, "The first row must name the columns"),
        (CSV_HEADER + b"\xff\xfe\xfd,x,LELP\r\n", "neither UTF-8 nor Korean"),
        (b"\xef\xbb\xbf" + CSV_HEADER + b"\xff,x,LELP\r\n", "says it is UTF-8 but is not"),
    ],
)
def test_nul_bytes_and_invalid_text_get_a_message(app, coordinator, upload, content, message):
    response, seconds = upload(content, "people.csv")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert seconds < SECONDS
    with app.app_context():
        assert Participant.query.count() == 0


def test_a_korean_office_workbook_of_2000_rows_imports(app, coordinator, upload):
    content = bombs.korean_office_workbook(2000)
    outcome, seconds, grown = read_bounded(app, "참가자.xlsx", content)
    print(f"\n2,000-row Korean workbook: {seconds:.2f} s, +{grown / MB:.1f} MB")
    assert outcome == "read 2000 rows"
    assert grown < MEMORY_CAP
    response, seconds = upload(content, "참가자.xlsx")
    body = response.get_data(as_text=True)
    assert "All 2,000 rows can be imported" in body
    assert "이민준1" in body and "Learner 2000" in body
    assert seconds < 30


def test_a_sheet_that_reaches_the_last_cell_still_imports(coordinator, upload):
    content = bombs.far_corner([["김하늘", "Haneul", "", "", "LELP", "", ""]])
    response, seconds = upload(content, "people.xlsx")
    assert "The row can be imported" in response.get_data(as_text=True)
    assert seconds < SECONDS


@pytest.mark.parametrize(("people", "outcome"), [(20, "read 20 rows"), (21, "run past row")])
def test_rows_past_the_last_read_row_are_refused_not_dropped(app, people, outcome):
    # A person every 999 rows: the 20th is on row 19,981, the 21st on row 20,980.
    assert outcome in read_bounded(app, "people.xlsx", bombs.spread_rows(people, 999))[0]


def test_honest_workbooks_stay_well_inside_the_caps():
    """The caps leave room: 10,000 honest rows (five times these 2,000) use under half of
    each."""
    content = bombs.korean_office_workbook(2000)
    budget = archive.PartBudget()
    with zipfile.ZipFile(io.BytesIO(content)) as zipped:
        inflated = sum(member.file_size for member in zipped.infolist())
        compressed = sum(member.compress_size for member in zipped.infolist())
        for member in zipped.infolist():
            archive.part_inflate(archive=zipped, member=member, budget=budget)
    assert 5 * len(content) < limits.MAX_UPLOAD_BYTES / 2
    assert 5 * inflated < limits.MAX_INFLATED_BYTES / 2
    assert inflated / compressed < limits.MAX_INFLATION_RATIO / 2
    assert 5 * budget.elements < limits.MAX_XML_ELEMENTS / 2


class EndlessArchive:
    """A zip library that, unlike zipfile, inflates past a member's declared size."""

    def open(self, member):
        """A stream of XML far longer than any declared size."""
        return io.BytesIO(b"<sst>" + b"<si><t>x</t></si>" * (4 * MB // 17) + b"</sst>")


def test_bytes_are_counted_while_inflating_whatever_the_library_does():
    member = zipfile.ZipInfo("xl/sharedStrings.xml")
    member.file_size = 1024
    with pytest.raises(ImportFileError, match="unpacks to far more"):
        archive.part_inflate(archive=EndlessArchive(), member=member, budget=archive.PartBudget())


def test_openpyxl_parses_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True
