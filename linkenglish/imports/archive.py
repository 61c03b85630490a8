"""Checking an XLSX workbook's zip archive before openpyxl opens it.

openpyxl trusts the archive: it inflates the shared strings whole into memory before the
first row, and builds each row as a tree before it yields it (a row of 20 million cells is
20 million elements). So every part is first inflated here in chunks, its bytes counted as
they come (declared sizes can lie), and every XML part is streamed through defusedxml's
expat reader (no entities) counting elements, nesting, cells per row and text
length. Only a workbook inside every cap in linkenglish.imports.limits reaches openpyxl.
"""

import io
import struct
import zipfile
import zlib
from xml.sax import SAXException
from xml.sax.handler import ContentHandler, feature_namespaces

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser
from flask_babel import lazy_gettext as _l

from linkenglish.imports import limits
from linkenglish.imports.limits import ImportFileError

CHUNK_BYTES = 64 * 1024
# End of central directory: signature, then entries on this disk and in all, at offset 8.
END_SIGNATURE = b"PK\x05\x06"
END_SIZE = 22
# Central directory header: 46 bytes before the name; Excel's part names are short.
MAX_DIRECTORY_BYTES = limits.MAX_ZIP_MEMBERS * (46 + 300)

NOT_A_WORKBOOK = _l("This is not an XLSX workbook Excel can open.")
DAMAGED = _l("The workbook is damaged: a part of it cannot be unpacked. Save it again in Excel.")
BOMB = _l(
    "The workbook unpacks to far more than a participant list holds (%(size)s MB at most); "
    "it may be built to overload the server. Copy the participants into a new workbook.",
    size=limits.MAX_INFLATED_BYTES // (1024 * 1024),
)
TOO_MANY_PARTS = _l(
    "The workbook has more than %(count)s parts; Excel writes a few dozen. Copy the "
    "participants into a new workbook.",
    count=limits.MAX_ZIP_MEMBERS,
)
TOO_COMPLEX = _l(
    "The workbook's structure is far larger or deeper than a participant list needs. Copy "
    "the participants into a new workbook."
)
BAD_XML = _l("The workbook holds a part that is not well-formed XML. Save it again in Excel.")


def workbook_check(*, data: bytes) -> None:
    """Refuse a workbook whose archive or XML is beyond the caps, before openpyxl reads it."""
    directory_check(data=data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFileError(NOT_A_WORKBOOK) from None
    with archive:
        members = archive.infolist()
        declared_check(members=members)
        budget = PartBudget()
        for member in members:
            part_inflate(archive=archive, member=member, budget=budget)


def directory_check(*, data: bytes) -> None:
    """Refuse an archive whose central directory lists too many members, before zipfile
    reads it into thousands of objects."""
    start = data.rfind(END_SIGNATURE, max(0, len(data) - END_SIZE - 0xFFFF))
    if start < 0 or len(data) < start + END_SIZE:
        raise ImportFileError(NOT_A_WORKBOOK)
    _, _, on_disk, total, directory_size, _ = struct.unpack_from("<HHHHII", data, start + 4)
    # 0xFFFF and 0xFFFFFFFF mean "see the ZIP64 record": no honest workbook needs one.
    if max(on_disk, total) > limits.MAX_ZIP_MEMBERS or directory_size > MAX_DIRECTORY_BYTES:
        raise ImportFileError(TOO_MANY_PARTS)


def declared_check(*, members: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive whose declared sizes or ratio are beyond the caps."""
    if len(members) > limits.MAX_ZIP_MEMBERS:
        raise ImportFileError(TOO_MANY_PARTS)
    inflated = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members)
    ratio = inflated / max(compressed, 1)
    if inflated > limits.MAX_INFLATED_BYTES:
        raise ImportFileError(BOMB)
    if inflated > limits.RATIO_FLOOR_BYTES and ratio > limits.MAX_INFLATION_RATIO:
        raise ImportFileError(BOMB)
    for member in members:
        if member.flag_bits & 0x1:  # encrypted: Excel encrypts the whole file otherwise
            raise ImportFileError(NOT_A_WORKBOOK)
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ImportFileError(NOT_A_WORKBOOK)


class PartBudget:
    """What all the parts inflated so far have used of the caps."""

    def __init__(self):
        self.inflated = 0
        self.elements = 0


def part_inflate(*, archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: PartBudget):
    """Inflate one part in chunks, counting its bytes, and scan it if it is XML."""
    scanner = None
    try:
        with archive.open(member) as stream:
            inflated = 0
            while chunk := stream.read(CHUNK_BYTES):
                if not inflated and looks_like_xml(chunk):
                    scanner = XmlScanner(budget)
                inflated += len(chunk)
                budget.inflated += len(chunk)
                # zipfile stops at the declared size; count anyway, in case it ever does not.
                if inflated > member.file_size or budget.inflated > limits.MAX_INFLATED_BYTES:
                    raise ImportFileError(BOMB)
                if scanner:
                    scanner.feed(chunk)
            if scanner:
                scanner.close()
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError):
        # A damaged stream, or a wrong CRC: a stream longer than its declared size ends so.
        raise ImportFileError(DAMAGED) from None


def looks_like_xml(start: bytes) -> bool:
    """Whether a part starts as XML does, whatever its name: openpyxl follows the package's
    relationships, so a sheet can hide in a part named image1.png."""
    start = start.lstrip(b" \t\r\n")
    return start.startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))


class XmlScanner(ContentHandler):
    """Stream one XML part through defusedxml, holding nothing but counters."""

    def __init__(self, budget: PartBudget):
        super().__init__()
        self.budget = budget
        self.depth = 0
        self.row_cells = 0
        self.text_chars = 0
        # A DTD alone may stay (an SVG image can carry one); entities may not.
        self.parser = DefusedExpatParser(forbid_entities=True, forbid_external=True)
        self.parser.setFeature(feature_namespaces, False)
        self.parser.setContentHandler(self)

    def feed(self, chunk: bytes) -> None:
        """Parse the next chunk of the part."""
        try:
            self.parser.feed(chunk)
        except (SAXException, DefusedXmlException):
            raise ImportFileError(BAD_XML) from None

    def close(self) -> None:
        """Finish the part: it must end where its XML ends."""
        try:
            self.parser.close()
        except (SAXException, DefusedXmlException):
            raise ImportFileError(BAD_XML) from None

    def startElement(self, name, attrs):
        """Count an element against the caps."""
        self.depth += 1
        self.budget.elements += 1
        self.text_chars = 0
        if self.budget.elements > limits.MAX_XML_ELEMENTS or self.depth > limits.MAX_XML_DEPTH:
            raise ImportFileError(TOO_COMPLEX)
        local = name.rpartition(":")[2]
        if local == "row":
            self.row_cells = 0
        elif local == "c":
            self.row_cells += 1
            if self.row_cells > limits.MAX_ROW_CELLS:
                raise ImportFileError(limits.TOO_WIDE)

    def endElement(self, name):
        """Leave an element."""
        self.depth -= 1
        self.text_chars = 0

    def characters(self, content):
        """Count an element's text against the cell length cap."""
        self.text_chars += len(content)
        if self.text_chars > limits.MAX_CELL_CHARS:
            raise ImportFileError(limits.TOO_LONG_CELL)
