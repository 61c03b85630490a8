"""Reading a coordinator's spreadsheet: CSV (UTF-8, with or without BOM, or CP949 as Korean
Excel writes it) or XLSX, into rows of text keyed by field, numbered as the sheet shows them.

Nothing here touches the database; validation is in linkenglish.imports.services.
"""

import codecs
import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l

from linkenglish.imports.archive import workbook_check
from linkenglish.imports.limits import (
    MAX_BLANK_RUN,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROW_CELLS,
    MAX_ROWS,
    MAX_SHEET_ROWS,
    MAX_UPLOAD_BYTES,
    TOO_LARGE,
    TOO_LONG_CELL,
    TOO_MANY_ROWS,
    TOO_SPREAD_OUT,
    TOO_WIDE,
    ImportFileError,
)

FIELDS = ("legal_name", "preferred_name", "email", "phone", "program", "level", "cohort")
REQUIRED_COLUMNS = ("legal_name", "preferred_name", "program")

FIELD_LABELS = {
    "legal_name": _l("Legal name"),
    "preferred_name": _l("Preferred name"),
    "email": _l("E-mail"),
    "phone": _l("Phone"),
    "program": _l("Program"),
    "level": _l("Level"),
    "cohort": _l("Cohort"),
}

# Header spellings each field accepts; compared after header_key() folding.
HEADERS = {
    "legal_name": ("Legal name", "Full name", "Name", "Korean name", "법적 이름", "이름",
                   "성명", "실명", "한국 이름"),
    "preferred_name": (
        "Preferred name", "English name", "Nickname", "선호 이름", "영문 이름", "영어 이름",
    ),
    "email": ("E-mail", "Email", "E-mail address", "Email address", "이메일", "이메일 주소"),
    "phone": ("Phone", "Phone number", "Mobile", "Telephone", "전화", "전화번호", "휴대폰",
              "연락처"),
    "program": ("Program", "Programme", "Track", "프로그램"),
    "level": ("Level", "CEFR", "CEFR level", "레벨", "수준"),
    "cohort": ("Cohort", "Class", "코호트", "반", "클래스"),
}  # fmt: skip

# A leading apostrophe is how our own CSV exports keep Excel from reading a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class RawRow:
    """One row of the sheet: its row number as the sheet shows it, and its text by field."""

    number: int
    values: dict[str, str]


@dataclass(frozen=True)
class Sheet:
    """What a file holds: its rows and the columns it had that we do not read."""

    rows: list[RawRow]
    ignored_columns: list[str]


def header_key(text: str) -> str:
    """Fold a header for comparison: NFKC, case, spaces, dashes and underscores ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch not in " \t\r\n-_.:")


HEADER_FIELDS = {
    header_key(spelling): field for field, names in HEADERS.items() for spelling in names
}


def decode_csv(data: bytes) -> str:
    """Decode CSV bytes: a BOM means UTF-8; else strict UTF-8; else CP949 (Korean Excel)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFileError(_l("The file says it is UTF-8 but is not.")) from None
    for encoding in ("utf-8", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _l("The file's text is neither UTF-8 nor Korean Excel's CP949. Save it as CSV UTF-8.")
    )


def cell_text(value) -> str:
    """A cell's value as text: whole numbers without ".0", dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def csv_records(data: bytes) -> list[list[str]]:
    """The records of a CSV file; a comma, semicolon or tab separates the cells."""
    text = decode_csv(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = "\t" if "\t" in first_line else ";" if ";" in first_line else ","
    lines = _narrow_lines(io.StringIO(text, newline=""), delimiter)
    try:
        return list(_limited(_csv_cells(csv.reader(lines, delimiter=delimiter, strict=True))))
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise ImportFileError(TOO_LONG_CELL) from None
        raise ImportFileError(
            _l("The CSV file is malformed (check the quotation marks) and cannot be read.")
        ) from None


def _narrow_lines(lines, delimiter: str):
    """Yield the lines, refusing one with more cells than Excel allows before the CSV
    reader splits it into millions of strings."""
    for line in lines:
        if line.count(delimiter) >= MAX_ROW_CELLS:
            raise ImportFileError(TOO_WIDE)
        yield line


def _csv_cells(records):
    """Yield each record's first MAX_COLUMNS cells, refusing a cell longer than Excel allows
    (the CSV reader's own limit is four times as long)."""
    for record in records:
        if any(len(cell) > MAX_CELL_CHARS for cell in record):
            raise ImportFileError(TOO_LONG_CELL)
        yield record[:MAX_COLUMNS]


def xlsx_records(data: bytes) -> list[list]:
    """The rows of the first sheet of an XLSX workbook."""
    from openpyxl import load_workbook

    workbook_check(data=data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged workbook; all mean the same
        raise ImportFileError(_l("This is not an XLSX workbook Excel can open.")) from None
    try:
        sheet = workbook.worksheets[0]
        # Some programs write a wrong used range ("A1"); read what the sheet really holds.
        sheet.reset_dimensions()
        # openpyxl pads gaps in the row numbers with blank rows; one past the last row
        # _limited reads is enough for it to refuse the sheet.
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_SHEET_ROWS + 1, values_only=True)
        return list(_limited(rows))
    except ImportFileError:
        raise
    except Exception:  # a damaged sheet part shows only while reading
        raise ImportFileError(_l("The workbook's first sheet cannot be read.")) from None
    finally:
        workbook.close()


def _limited(records):
    """Yield records up to MAX_ROWS that are not blank, within MAX_SHEET_ROWS in all; a long
    run of blank rows ends the data (sheets formatted down to row 1,048,576 are common)."""
    filled = blank_run = 0
    for seen, record in enumerate(records, start=1):
        if seen > MAX_SHEET_ROWS:
            raise ImportFileError(TOO_SPREAD_OUT)
        if any(value not in (None, "") for value in record):
            filled += 1
            blank_run = 0
        else:
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                return
        if filled > MAX_ROWS + 1:
            raise ImportFileError(TOO_MANY_ROWS)
        yield record


def sheet_read(*, filename: str, data: bytes) -> Sheet:
    """Read a CSV or XLSX file into numbered rows keyed by field."""
    if not data:
        raise ImportFileError(_l("The file is empty."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFileError(TOO_LARGE)
    if filename.lower().endswith(".xlsx"):
        records = xlsx_records(data)
    elif filename.lower().endswith(".csv"):
        if data.startswith(b"PK\x03\x04"):
            raise ImportFileError(_l("This is an XLSX workbook named .csv; rename it .xlsx."))
        records = csv_records(data)
    else:
        raise ImportFileError(_l("Upload a CSV or XLSX file."))
    texts = [[cell_text(value) for value in record] for record in records]
    while texts and not any(texts[-1]):
        texts.pop()
    if not texts or not any(texts[0]):
        raise ImportFileError(_l("The first row must hold the column names."))
    columns, ignored = header_columns(texts[0])
    rows = []
    for number, record in enumerate(texts[1:], start=2):
        if not any(record):
            continue  # blank rows in between are common in spreadsheets
        values = {field: "" for field in FIELDS}
        for index, field in columns.items():
            if index < len(record):
                values[field] = record[index]
        rows.append(RawRow(number=number, values=values))
    if not rows:
        raise ImportFileError(_l("The file has column names but no rows under them."))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(TOO_MANY_ROWS)
    return Sheet(rows=rows, ignored_columns=ignored)


def header_columns(header: list[str]) -> tuple[dict[int, str], list[str]]:
    """Map column positions to fields; return them and the headers that name no field."""
    columns: dict[int, str] = {}
    ignored = []
    for index, text in enumerate(header):
        field = HEADER_FIELDS.get(header_key(text))
        if field is None:
            if text:
                ignored.append(text)
            continue
        if field in columns.values():
            raise ImportFileError(
                _l("Two columns are both “%(field)s”; keep one.", field=FIELD_LABELS[field])
            )
        columns[index] = field
    missing = [FIELD_LABELS[field] for field in REQUIRED_COLUMNS if field not in columns.values()]
    if missing:
        raise ImportFileError(
            _l(
                "The first row must name the columns; these are missing: %(names)s.",
                names=", ".join(str(name) for name in missing),
            )
        )
    return columns, ignored
