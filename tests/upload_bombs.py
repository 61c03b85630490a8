"""Spreadsheets built in the test: zip and XML bombs, and an honest Korean office list.

An XLSX is rebuilt from an honest openpyxl workbook with one part replaced. A part can be
big once inflated and still cost little to build: a chunk is deflated once, ending in a
full flush (which resets the compressor), and its bytes are repeated, as a bomb does.
"""

import functools
import io
import random
import string
import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date

import openpyxl
from openpyxl.styles import Font, PatternFill

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = ["Legal name", "Preferred name", "E-mail", "Phone", "Program", "Level", "Cohort"]
MB = 1024 * 1024
LOWERCASE = bytes(ord("a") + n % 26 for n in range(256))  # any byte to a letter
SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


@dataclass
class Part:
    """A zip member as stored: raw deflate bytes, their CRC and the size it declares."""

    name: str
    deflated: bytes
    crc: int
    size: int


def part(name: str, content: bytes) -> Part:
    """A member deflated honestly."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = compressor.compress(content) + compressor.flush()
    return Part(name, deflated, zlib.crc32(content), len(content))


def repeated_part(name: str, head: bytes, chunk: bytes, times: int, tail: bytes) -> Part:
    """A member that inflates to head + chunk * times + tail, built without inflating it."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    middle = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(times):  # the CRC of the whole, as an honest writer would record it
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return Part(name, start + middle * times + end, crc, len(head) + len(chunk) * times + len(tail))


def zip_build(parts: list[Part]) -> bytes:
    """Write a zip archive of the parts, trusting whatever sizes they declare."""
    out = io.BytesIO()
    directory = []
    for member in parts:
        name = member.name.encode()
        offset = out.tell()
        fields = (20, 0, 8, 0, 0x21, member.crc, len(member.deflated), member.size, len(name))
        out.write(b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields, 0) + name)
        out.write(member.deflated)
        directory.append(
            b"PK\x01\x02"
            + struct.pack("<HH", 20, 20)
            + struct.pack("<HHHHIIIHHHHHII", 0, 8, 0, 0x21, *fields[5:], 0, 0, 0, 0, 0, offset)
            + name
        )
    start = out.tell()
    out.write(b"".join(directory))
    size = out.tell() - start
    out.write(b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(parts), len(parts), size, start, 0))
    return out.getvalue()


def honest_parts(rows=(), header=HEADER) -> list[Part]:
    """The parts of an honest openpyxl workbook, header in row 1."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return [part(info.filename, archive.read(info)) for info in archive.infolist()]


def workbook_with(*replaced: Part, rows=()) -> bytes:
    """An honest workbook with some parts replaced or added; shared strings are declared
    (openpyxl writes inline strings, and reads shared strings only if declared)."""
    names = {member.name for member in replaced}
    kept = [member for member in honest_parts(rows) if member.name not in names]
    if "xl/sharedStrings.xml" in names:
        types = next(member for member in kept if member.name == "[Content_Types].xml")
        content = zlib.decompressobj(-15).decompress(types.deflated)
        content = content.replace(b"</Types>", SHARED_STRINGS_TYPE + b"</Types>")
        kept[kept.index(types)] = part(types.name, content)
    return zip_build([*kept, *replaced])


def sheet_xml(rows: bytes) -> tuple[bytes, bytes]:
    """The start and end of a worksheet part around its rows."""
    head = f'<?xml version="1.0"?><worksheet xmlns="{MAIN_NS}"><sheetData>'.encode()
    return head, b"</sheetData></worksheet>"


def shared_strings_bomb(megabytes=400) -> bytes:
    """Shared strings that inflate to hundreds of MB from a few hundred KB (the issue's)."""
    head = f'<?xml version="1.0"?><sst xmlns="{MAIN_NS}">'.encode()
    chunk = b"<si><t>x</t></si>" * (MB // 17)
    strings = repeated_part("xl/sharedStrings.xml", head, chunk, megabytes, b"</sst>")
    return workbook_with(strings)


def many_strings(count=300_000) -> bytes:
    """Shared strings within the byte and ratio caps but of more elements than allowed."""
    body = b"".join(b"<si><t>%d</t></si>" % n for n in range(count))
    head = f'<?xml version="1.0"?><sst xmlns="{MAIN_NS}">'.encode()
    return workbook_with(part("xl/sharedStrings.xml", head + body + b"</sst>"))


def huge_cell(chars: int, random_text: bool) -> bytes:
    """One shared string of this many characters: repetitive (a bomb) or random."""
    rng = random.Random(chars)
    letters = string.ascii_letters
    text = "".join(rng.choices(letters, k=chars)) if random_text else "x" * chars
    head = f'<?xml version="1.0"?><sst xmlns="{MAIN_NS}"><si><t>'.encode()
    return workbook_with(part("xl/sharedStrings.xml", head + text.encode() + b"</t></si></sst>"))


def wide_row(cells: int) -> bytes:
    """A first sheet whose first row has this many cells (the issue's had 20 million)."""
    head, tail = sheet_xml(b"")
    chunk = b'<c r="A1" t="n"><v>1</v></c>' * 1000
    sheet = repeated_part("xl/worksheets/sheet1.xml", head + b'<row r="1">', chunk,
                          cells // 1000, b"</row>" + tail)  # fmt: skip
    return workbook_with(sheet)


def disguised_sheet(cells: int) -> bytes:
    """A first sheet with one wide row, stored as xl/media/image1.png: the workbook's
    relationships lead openpyxl to it whatever its name."""
    rows = b'<row r="1">' + b"".join(b'<c r="A1"><v>%d</v></c>' % n for n in range(cells))
    head, tail = sheet_xml(b"")
    sheet = part("xl/media/image1.png", head + rows + b"</row>" + tail)
    parts = [member for member in honest_parts() if member.name != "xl/worksheets/sheet1.xml"]
    rels = next(member for member in parts if member.name == "xl/_rels/workbook.xml.rels")
    content = zlib.decompressobj(-15).decompress(rels.deflated)
    content = content.replace(b"/xl/worksheets/sheet1.xml", b"/xl/media/image1.png")
    content = content.replace(b'"worksheets/sheet1.xml"', b'"media/image1.png"')
    parts[parts.index(rels)] = part(rels.name, content)
    return zip_build([*parts, sheet])


def spread_rows(rows: int, step: int) -> bytes:
    """A header, then a person every step rows: a small file that reads as millions of
    blank rows in between."""
    person = "".join(
        f'<c r="{column}{{row}}" t="inlineStr"><is><t>{text}</t></is></c>'
        for column, text in zip("ABE", ("김하늘", "Haneul", "LELP"), strict=True)
    )
    header = "".join(
        f'<c r="{column}1" t="inlineStr"><is><t>{text}</t></is></c>'
        for column, text in zip("ABE", (HEADER[0], HEADER[1], HEADER[4]), strict=True)
    )
    body = f'<row r="1">{header}</row>' + "".join(
        f'<row r="{row}">{person.format(row=row)}</row>'
        for row in range(1 + step, 1 + step * rows + 1, step)
    )
    head, tail = sheet_xml(b"")
    return workbook_with(part("xl/worksheets/sheet1.xml", head + body.encode() + tail))


def many_members(count=5000, lie_in_end_record=False) -> bytes:
    """An honest workbook plus thousands of empty members."""
    extra = [part(f"xl/media/empty{n}.bin", b"") for n in range(count)]
    data = workbook_with(*extra)
    if lie_in_end_record:  # the end record says 10; the central directory holds them all
        end = data.rfind(b"PK\x05\x06")
        data = data[: end + 8] + struct.pack("<HH", 10, 10) + data[end + 12 :]
    return data


def deep_xml(depth: int, name="xl/workbook.xml") -> bytes:
    """A part of nothing but elements nested this deep, with random names so that it
    inflates no more than an honest part does."""
    letters = random.Random(depth).randbytes(6 * depth).translate(LOWERCASE)
    tags = [letters[6 * n : 6 * n + 6] for n in range(depth)]
    opening = b"".join(b"<" + tag + b">" for tag in tags)
    closing = b"".join(b"</" + tag + b">" for tag in reversed(tags))
    return workbook_with(part(name, b'<?xml version="1.0"?>' + opening + closing))


def lying_sizes(truncated_crc: bool) -> bytes:
    """Shared strings whose directory says 1 KB but whose stream inflates to 200 MB; the
    CRC is the whole stream's, or (craftier) that of the declared first kilobyte."""
    strings = repeated_part(
        "xl/sharedStrings.xml",
        f'<?xml version="1.0"?><sst xmlns="{MAIN_NS}">'.encode(),
        b"<si><t>x</t></si>" * (MB // 17),
        200,
        b"</sst>",
    )
    strings.size = 1024
    if truncated_crc:
        inflated = zlib.decompressobj(-15).decompress(strings.deflated, 1024)
        strings.crc = zlib.crc32(inflated[:1024])
    return workbook_with(strings)


def entity_bomb() -> bytes:
    """A billion laughs in the workbook part: refused for its DTD before any expansion."""
    lol = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    content = (f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY l0 "lol">{lol}]><w>&l9;</w>').encode()
    return workbook_with(part("xl/workbook.xml", content))


def far_corner(rows) -> bytes:
    """An honest workbook that also has a cell at XFD1048576 and says A1:XFD1048576."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for cells in rows:
        sheet.append(cells)
    sheet["XFD1048576"] = "corner"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@functools.cache
def korean_office_workbook(rows: int) -> bytes:
    """A participant list as a Korean office keeps it: Hangul headers and names, a bold
    filled header, widths, frozen panes, a filter, a date column and a second sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "참가자 명단"
    sheet.append(["번호", "이름", "영문 이름", "이메일", "전화번호", "프로그램", "레벨", "등록일"])
    for cell in sheet[1]:
        cell.font = Font(bold=True, name="맑은 고딕")
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    surnames, given = "김이박최정강조윤장임", ["하늘", "민준", "서연", "지우", "도윤", "하은"]
    for n in range(1, rows + 1):
        name = surnames[n % 10] + given[n % 6] + str(n)
        sheet.append([
            n, name, f"Learner {n}", f"learner{n}@example.org", f"010-{n:04d}-{n % 9000 + 1000}",
            "LELP" if n % 3 else "LIEP", ("A1", "A2", "B1", "B2")[n % 4], date(2026, 3, n % 28 + 1),
        ])  # fmt: skip
    for column, width in zip("ABCDEFGH", (6, 12, 14, 26, 16, 10, 8, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    workbook.create_sheet("메모").append(["담당자", "확인 필요"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
