"""Server-rendered SVG charts of levels: a participant's history and a program's distribution.

The SVG is built only from escaped text and numbers (markupsafe escapes every value that is
not itself Markup), carries no style attribute or element (the CSP forbids inline style:
colours come from site.css classes, sizes from presentation attributes), and is an image
with a title and a description for screen readers; the table next to it has every value.
"""

from collections.abc import Sequence
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

from linkenglish.dates import localdate
from linkenglish.labels import assessment_method_label
from linkenglish.models import CEFR, LevelAssessment, ProficiencyLevel

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
WIDTH = 300
FONT_SIZE = 12
CEFR_ORDER = list(CEFR)
# The built-in CEFR levels rank 10, 20, ... 60; a sub-level sits between its level and the next.
CEFR_RANK_STEP = 10
TICK_STEPS_IN_MONTHS = (1, 3, 6, 12, 24, 60, 120)
MAX_TICKS = 4


def number(value: float) -> str:
    """Format a coordinate as short text."""
    return f"{value:.1f}".removesuffix(".0")


def element(name: str, content: Markup | str = "", **attributes) -> Markup:
    """Build one SVG element; attribute values and text are escaped, class_ means class."""
    attrs = Markup("").join(
        Markup(' {}="{}"').format(key.rstrip("_").replace("_", "-"), value)
        for key, value in attributes.items()
        if value is not None
    )
    return Markup("<{}{}>{}</{}>").format(name, attrs, content, name)


def svg(chart_id: str, height: float, title: str, description: str, body: Markup) -> Markup:
    """Wrap the body in an SVG image labelled by its title and description."""
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    content = element("title", title, id=title_id) + element("desc", description, id=desc_id) + body
    return element(
        "svg",
        content,
        xmlns=SVG_NAMESPACE,
        viewBox=f"0 0 {WIDTH} {number(height)}",
        role="img",
        aria_labelledby=f"{title_id} {desc_id}",
        class_="chart",
        font_size=FONT_SIZE,
    )


def scale_position(level: ProficiencyLevel) -> float:
    """Place a level on the CEFR scale: 0 for A1 ... 5 for C2, sub-levels between."""
    index = CEFR_ORDER.index(CEFR(level.cefr))
    offset = (level.rank - CEFR_RANK_STEP * (index + 1)) / CEFR_RANK_STEP
    return index + min(max(offset, 0.0), 0.9)


def month_start(day: date, step: int) -> date:
    """Return the first of the month at or after day whose month number is a multiple of step."""
    months = day.year * 12 + day.month - 1
    if day.day > 1:
        months += 1
    months += -months % step
    return date(months // 12, months % 12 + 1, 1)


def add_months(day: date, count: int) -> date:
    """Return the first of the month count months after day's month."""
    months = day.year * 12 + day.month - 1 + count
    return date(months // 12, months % 12 + 1, 1)


def date_ticks(first: date, last: date) -> tuple[list[date], int]:
    """Pick a few round dates between first and last; return them and their step in months."""
    for step in TICK_STEPS_IN_MONTHS:
        ticks = []
        tick = month_start(first, step)
        while tick <= last:
            ticks.append(tick)
            tick = add_months(tick, step)
        if len(ticks) <= MAX_TICKS:
            return ticks, step
    return ticks, step


def entry_summary(entry: LevelAssessment) -> str:
    """Describe an entry in one line: level, date, how it was reached."""
    how = assessment_method_label(entry.method)
    if entry.external_test:
        how = f"{how} ({entry.external_test})"
    return _(
        "%(level)s on %(date)s: %(how)s",
        level=entry.level.code,
        date=format_date(entry.assessed_on),
        how=how,
    )


def level_history_chart(
    entries: Sequence[LevelAssessment], *, today: date, chart_id: str = "level-chart"
) -> Markup:
    """Draw a step chart of a participant's level over time (entries newest first, as listed)."""
    if not entries:
        return Markup("")
    ordered = sorted(entries, key=lambda entry: (entry.assessed_on, entry.id or 0))
    # The latest level holds until today: the line runs on to there.
    end = max(today, ordered[-1].assessed_on)
    first, last = ordered[0].assessed_on, end
    if (last - first).days < 60:
        first, last = first - timedelta(days=30), last + timedelta(days=30)
    height, left, right, top, bottom = 190, 30, 12, 10, 28
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    span = (last - first).days

    def x(day: date) -> float:
        return left + plot_width * (day - first).days / span

    def y(position: float) -> float:
        return top + plot_height * (1 - position / (len(CEFR_ORDER) - 1))

    body = Markup("")
    for index, cefr in enumerate(CEFR_ORDER):
        body += element(
            "line", x1=left, x2=WIDTH - right, y1=number(y(index)), y2=number(y(index)),
            class_="chart-grid",
        )  # fmt: skip
        body += element(
            "text", cefr.value, x=left - 6, y=number(y(index)), text_anchor="end",
            dominant_baseline="middle", class_="chart-label",
        )  # fmt: skip
    ticks, step = date_ticks(first, last)
    tick_format = "yyyy" if step >= 12 else "MMM yyyy"
    for tick in ticks:
        body += element(
            "line", x1=number(x(tick)), x2=number(x(tick)), y1=top, y2=height - bottom + 4,
            class_="chart-grid",
        )  # fmt: skip
        body += element(
            "text", localdate(tick, tick_format), x=number(x(tick)), y=height - 8,
            text_anchor="middle", class_="chart-label",
        )  # fmt: skip

    points = [(x(entry.assessed_on), y(scale_position(entry.level))) for entry in ordered]
    path = [f"M{number(points[0][0])} {number(points[0][1])}"]
    for point_x, point_y in points[1:]:
        path.append(f"H{number(point_x)} V{number(point_y)}")
    path.append(f"H{number(x(end))}")
    body += element("path", d=" ".join(path), class_="chart-line", fill="none", stroke_width=2.5)
    for entry, (point_x, point_y) in zip(ordered, points, strict=True):
        body += element(
            "circle", element("title", entry_summary(entry)), cx=number(point_x),
            cy=number(point_y), r=4, class_="chart-point",
        )  # fmt: skip

    latest = ordered[-1]
    description = _(
        "Current level %(level)s, since %(date)s. %(count)s entries from %(first)s to %(last)s; "
        "the table lists each.",
        level=latest.level.code,
        date=format_date(latest.assessed_on),
        count=len(ordered),
        first=format_date(ordered[0].assessed_on),
        last=format_date(latest.assessed_on),
    )
    return svg(chart_id, height, _("Level over time"), description, body)


def shorten(text: str, limit: int = 12) -> str:
    """Cut a label to fit the chart's label column; the table has it in full."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def level_distribution_chart(
    rows: Sequence[tuple[str, int, bool]], *, title: str, chart_id: str
) -> Markup:
    """Draw a horizontal bar chart of how many participants are at each level.

    rows are (label, count, is_sub_level), lowest level first.
    """
    row_height, left, right, top = 22, 84, 34, 6
    height = top * 2 + row_height * len(rows)
    most = max((count for _label, count, _sub in rows), default=0) or 1
    bar_room = WIDTH - left - right
    body = Markup("")
    for index, (label, count, sub_level) in enumerate(rows):
        middle = top + row_height * index + row_height / 2
        width = bar_room * count / most
        body += element(
            "text", shorten(label), x=left - 6, y=number(middle), text_anchor="end",
            dominant_baseline="middle", class_="chart-label",
        )  # fmt: skip
        body += element(
            "rect", element("title", f"{label}: {count}"), x=left, y=number(middle - 7),
            width=number(width), height=14,
            class_="chart-bar chart-bar-sub" if sub_level else "chart-bar",
        )  # fmt: skip
        body += element(
            "text", str(count), x=number(left + width + 4), y=number(middle),
            dominant_baseline="middle", class_="chart-label",
        )  # fmt: skip
    body += element("line", x1=left, x2=left, y1=top, y2=height - top, class_="chart-axis")
    description = "; ".join(f"{label}: {count}" for label, count, _sub in rows)
    return svg(chart_id, height, title, description, body)
