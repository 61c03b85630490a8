"""The certificate of completion as an A4 landscape PDF, with a Korean font for Hangul."""

import logging
import unicodedata
from datetime import date
from pathlib import Path

from flask_babel import format_date, format_percent
from flask_babel import gettext as _
from fpdf import FPDF, Align, XPos, YPos

# Shipped inside the package (SIL Open Font License, see OFL-Nanum.txt there), never taken
# from the system, so a certificate looks the same on every host.
FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
FONT_FAMILY = "NanumGothic"
FONT_FILES = {"": "NanumGothic.ttf", "B": "NanumGothicBold.ttf"}

INK = (33, 37, 41)
NAVY = (22, 44, 84)
GOLD = (166, 132, 72)
GREY = (96, 100, 108)

PAGE_WIDTH, PAGE_HEIGHT = 297, 210  # A4 landscape, in mm
TEXT_WIDTH = 230  # centred lines stay well inside the border


class HideGlyphsFilter(logging.Filter):
    """Keep the characters of a name out of fpdf2's missing-glyph warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the list of missing characters: they may spell part of a name."""
        if str(record.msg).startswith("Font %s is missing") and record.args:
            record.args = (record.args[0], "(characters withheld)")
        return True


class DropUnsubsettableFilter(logging.Filter):
    """Drop fontTools' notes on Nanum's hinting-source tables (TSI*), which a PDF never needs."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Let through anything but the "NOT subset" notes."""
        return "NOT subset" not in str(record.msg)


logging.getLogger("fpdf.output").addFilter(HideGlyphsFilter())
logging.getLogger("fontTools.subset").addFilter(DropUnsubsettableFilter())


def certificate_render(
    *,
    name: str,
    program_name: str,
    cohort_name: str,
    starts_on: date,
    ends_on: date,
    completed_on: date,
    partner_line: str | None = None,
    attendance_rate: float | None = None,
) -> bytes:
    """Draw a certificate of completion and return the PDF."""
    # partner_line is a whole translated sentence ("Taught with the British Council").
    # attendance_rate is the hook for the attendance reports: a fraction, 0.92 prints
    # "Attendance: 92%"; None (until those reports exist) prints no line.
    if attendance_rate is not None and not 0 <= attendance_rate <= 1:
        raise ValueError("attendance_rate is a fraction between 0 and 1.")
    pdf = new_document()
    draw_border(pdf)

    pdf.set_y(30)
    centred(pdf, _("LiNK English — Liberty in North Korea"), size=12, color=GREY, height=7)
    pdf.ln(5)
    centred(pdf, _("Certificate of Completion"), size=34, style="B", color=NAVY, height=15)
    rule(pdf, width=70, gap=7)
    centred(pdf, _("This certifies that"), size=14, color=GREY, height=8)
    pdf.ln(3)
    centred(pdf, unicodedata.normalize("NFC", name), size=36, style="B", min_size=16, height=17)
    pdf.ln(3)
    centred(pdf, _("has completed"), size=14, color=GREY, height=8)
    pdf.ln(1)
    centred(pdf, program_name, size=20, style="B", color=NAVY, min_size=12, height=11)
    pdf.ln(4)
    details = [
        _("Cohort: %(cohort)s", cohort=cohort_name),
        _("Term: %(start)s – %(end)s", start=long_date(starts_on), end=long_date(ends_on)),
    ]
    if partner_line:
        details.append(partner_line)
    if attendance_rate is not None:
        details.append(_("Attendance: %(rate)s", rate=format_percent(attendance_rate)))
    for line in details:
        centred(pdf, line, size=13, min_size=8, height=7.5)

    pdf.set_y(max(pdf.get_y() + 6, 168))
    rule(pdf, width=40, gap=5)
    centred(pdf, _("Completed on %(date)s", date=long_date(completed_on)), size=13, height=7)
    return bytes(pdf.output())


def new_document() -> FPDF:
    """Start an A4 landscape page with the shipped Korean font loaded."""
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    # Only a title: nothing personal goes into the document's metadata.
    pdf.set_title(_("Certificate of Completion"))
    pdf.set_creator(_("LiNK English"))
    for style, filename in FONT_FILES.items():
        pdf.add_font(FONT_FAMILY, style, FONT_DIR / filename)
    pdf.add_page()
    return pdf


def draw_border(pdf: FPDF) -> None:
    """Frame the page with a strong outer and a fine inner line."""
    pdf.set_draw_color(*NAVY)
    pdf.set_line_width(1.4)
    pdf.rect(10, 10, PAGE_WIDTH - 20, PAGE_HEIGHT - 20)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.4)
    pdf.rect(14, 14, PAGE_WIDTH - 28, PAGE_HEIGHT - 28)


def rule(pdf: FPDF, *, width: float, gap: float) -> None:
    """Draw a short centred line below the text so far, gap above and below."""
    y = pdf.get_y() + gap
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.6)
    pdf.line((PAGE_WIDTH - width) / 2, y, (PAGE_WIDTH + width) / 2, y)
    pdf.set_y(y + gap)


def centred(
    pdf: FPDF,
    text: str,
    *,
    size: float,
    height: float,
    style: str = "",
    color: tuple[int, int, int] = INK,
    min_size: float | None = None,
) -> None:
    """Write a centred line, shrinking the type down to min_size and then wrapping to fit."""
    pdf.set_text_color(*color)
    pdf.set_font(FONT_FAMILY, style, size)
    fitted = size
    while min_size is not None and fitted > min_size and pdf.get_string_width(text) > TEXT_WIDTH:
        fitted -= 1
        pdf.set_font_size(fitted)
    pdf.set_x((PAGE_WIDTH - TEXT_WIDTH) / 2)
    line_height = height * fitted / size
    pdf.multi_cell(
        TEXT_WIDTH, line_height, text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )


def long_date(day: date) -> str:
    """Write a date out in the reader's language."""
    return format_date(day, format="long")
