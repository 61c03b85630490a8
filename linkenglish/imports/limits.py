"""The caps that keep the work of reading an uploaded spreadsheet bounded by the caps, not by
the file: a crafted file of a few hundred KB can otherwise expand to gigabytes.

Each cap is well above what an honest participant list needs (10,000 rows of seven columns
is about 1 MB as CSV, 0.5 MB as XLSX, 8 MB of XML once inflated) and low enough that the
worst file within every cap is read in a few seconds and well under 200 MB of memory.
"""

from flask_babel import lazy_gettext as _l

# The file as uploaded. MAX_CONTENT_LENGTH (16 MB) stops larger requests before the view.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# More rows than this is not a participant list; it also keeps the duplicate lookup's
# IN lists under the bind-parameter limits of SQLite (32,766) and PostgreSQL (65,535).
MAX_ROWS = 10_000
# Columns read; a participant list needs seven. Cells further right are not read.
MAX_COLUMNS = 50
# This many blank rows in a row end the data.
MAX_BLANK_RUN = 1_000
# Rows read, blank ones between included: gaps in an XLSX's row numbers cost nothing in the
# file but a blank row each to read, so the data must end above this row.
MAX_SHEET_ROWS = 2 * MAX_ROWS
# Excel's own limits: no sheet it writes has a longer cell or a wider row.
MAX_CELL_CHARS = 32_767
MAX_ROW_CELLS = 16_384

# An XLSX workbook is a zip of XML parts; Excel writes 10 to 30 of them.
MAX_ZIP_MEMBERS = 500
# All parts together once inflated, and the whole archive's inflation ratio (XML of an
# honest sheet inflates 5 to 20 times; a bomb, hundreds to a thousand times).
MAX_INFLATED_BYTES = 50 * 1024 * 1024
MAX_INFLATION_RATIO = 100
# The ratio is not judged below this: tiny parts of nothing but tags inflate a lot.
RATIO_FLOOR_BYTES = 1024 * 1024
# XML elements in all parts together (10,000 rows of seven columns make about 250,000;
# each costs about 2 µs to check and 5 µs for openpyxl to read), and their nesting
# (SpreadsheetML nests about ten deep).
MAX_XML_ELEMENTS = 500_000
MAX_XML_DEPTH = 64


class ImportFileError(ValueError):
    """A file that cannot be read as a participant list; the message says why."""


TOO_LARGE = _l(
    "The file is larger than %(size)s MB; a participant list is far smaller. Save only the "
    "sheet with the participants.",
    size=MAX_UPLOAD_BYTES // (1024 * 1024),
)
TOO_MANY_ROWS = _l("The file has more than %(count)s rows; split it.", count=f"{MAX_ROWS:,}")
TOO_SPREAD_OUT = _l(
    "The rows run past row %(count)s, with many empty rows between them; remove the empty rows.",
    count=f"{MAX_SHEET_ROWS:,}",
)
TOO_LONG_CELL = _l(
    "A cell holds more than %(count)s characters, more than Excel allows.",
    count=f"{MAX_CELL_CHARS:,}",
)
TOO_WIDE = _l(
    "A row has more than %(count)s cells, more than Excel allows.", count=f"{MAX_ROW_CELLS:,}"
)
