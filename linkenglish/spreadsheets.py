"""Writing tables as downloads: CSV in UTF-8 with a BOM (so Excel shows Hangul) and XLSX
(bold, frozen header row, columns sized to their contents, dates as dates).

Cells that start like a formula (=, +, -, @) are kept as text in both formats, so a name
typed as "=HYPERLINK(...)" never runs in a coordinator's Excel. A Percent is a number that
XLSX shows as a percentage and CSV writes as one ("66.7%", which Excel reads as a number).
"""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from flask import Response
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CSV_MIMETYPE = "text/csv"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MIN_WIDTH, MAX_WIDTH = 8, 60
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0.0%"  # one decimal, as CSV writes it ("66.7%")
SHEET_TITLE_LENGTH = 31  # Excel's limit
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class Percent(float):
    """A fraction such as 0.6667, written as a percentage in both formats."""

    def shown(self) -> str:
        """Return the percentage as text with one decimal, as CSV holds it."""
        return f"{self:.1%}"


def display_width(text: str) -> int:
    """How many narrow columns a text takes: Hangul and other wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def csv_cell(value) -> str:
    """A value as CSV text; dates as ISO dates, formula-like text behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Percent):
        return value.shown()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A CSV file in UTF-8 with a byte order mark and Excel's CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(name) for name in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sheet_title(title: str) -> str:
    """A title Excel accepts for a sheet: none of []:*?/\\, at most 31 characters, cut at a
    word where it must be cut."""
    title = " ".join(SHEET_TITLE_FORBIDDEN.sub(" ", title).split())
    if len(title) > SHEET_TITLE_LENGTH:
        cut = title[: SHEET_TITLE_LENGTH + 1].rsplit(" ", 1)[0]
        title = cut if cut and len(cut) <= SHEET_TITLE_LENGTH else title[:SHEET_TITLE_LENGTH]
    return title or "Sheet"


def xlsx_bytes(
    header: Sequence[str], rows: Sequence[Sequence], *, title: str, freeze: str = "A2"
) -> bytes:
    """An XLSX workbook of one sheet: bold frozen header, sized columns, real dates."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    widths = [display_width(str(name)) for name in header]
    for row in rows:
        for index, value in enumerate(row):
            if isinstance(value, date):
                shown = DATE_FORMAT
            else:
                shown = value.shown() if isinstance(value, Percent) else str(value or "")
            widths[index] = max(widths[index], display_width(shown))
    # Write-only sheets take widths and panes before the first row.
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(
            MAX_WIDTH, max(MIN_WIDTH, width + 2)
        )
    sheet.freeze_panes = freeze
    bold = Font(bold=True)
    header_cells = []
    for name in header:
        cell = text_cell(sheet, str(name))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def text_cell(sheet, text: str) -> WriteOnlyCell:
    """A cell that holds text as text, even text starting with "=" (never a formula)."""
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def xlsx_cell(sheet, value) -> WriteOnlyCell:
    """A cell for a value: dates as dates, numbers as numbers, anything else as text."""
    if value is None:
        return WriteOnlyCell(sheet, value=None)
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, Percent):
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = PERCENT_FORMAT
        return cell
    if isinstance(value, int | float) and not isinstance(value, bool):
        return WriteOnlyCell(sheet, value=value)
    return text_cell(sheet, str(value))


def spreadsheet_response(
    *,
    header: Sequence[str],
    rows: Sequence[Sequence],
    file_format: str,
    filename: str,
    sheet: str,
    freeze: str = "A2",
) -> Response:
    """A download of a table as CSV or XLSX; filename without extension, no personal data.
    The XLSX sheet is called `sheet`, a short title; the file name keeps the full one."""
    if file_format == "xlsx":
        body = xlsx_bytes(header, rows, title=sheet, freeze=freeze)
        mimetype = XLSX_MIMETYPE
    elif file_format == "csv":
        body, mimetype = csv_bytes(header, rows), CSV_MIMETYPE
    else:
        raise ValueError(f"Unknown spreadsheet format: {file_format}")
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}.{file_format}"'},
    )
