"""A participant's rubric bands over time as an SVG chart, built as levels/charts.py builds
its charts: escaped text and numbers only, no style, an image with a title and description."""

from collections.abc import Sequence

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

from linkenglish.dates import localtime
from linkenglish.feedback.rubric import CRITERIA, criterion_label
from linkenglish.levels.charts import CEFR_ORDER, WIDTH, element, number, svg
from linkenglish.models import CEFR


def bands_chart(rows: Sequence, *, chart_id: str = "bands-chart") -> Markup:
    """Draw one line per criterion across released feedback, oldest left (rows: BandsRow)."""
    if not rows:
        return Markup("")
    height, left, right, top, bottom = 190, 30, 12, 10, 28
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    steps = max(len(rows) - 1, 1)

    def x(index: int) -> float:
        return left + (plot_width * index / steps if len(rows) > 1 else plot_width / 2)

    def y(band: CEFR) -> float:
        return top + plot_height * (1 - CEFR_ORDER.index(CEFR(band)) / (len(CEFR_ORDER) - 1))

    body = Markup("")
    for cefr in CEFR_ORDER:
        body += element(
            "line", x1=left, x2=WIDTH - right, y1=number(y(cefr)), y2=number(y(cefr)),
            class_="chart-grid",
        )  # fmt: skip
        body += element(
            "text", cefr.value, x=left - 6, y=number(y(cefr)), text_anchor="end",
            dominant_baseline="middle", class_="chart-label",
        )  # fmt: skip
    for index, row in enumerate(rows):
        body += element(
            "text", localtime(row.released_at, "d MMM"), x=number(x(index)),
            y=height - 8, text_anchor="middle", class_="chart-label",
        )  # fmt: skip
    for series, criterion in enumerate(CRITERIA, start=1):
        points = [
            (x(index), y(row.bands[criterion]), row)
            for index, row in enumerate(rows)
            if row.bands.get(criterion)
        ]
        if not points:
            continue
        label = criterion_label(criterion)
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{number(px)} {number(py)}"
            for i, (px, py, _row) in enumerate(points)
        )
        body += element("path", d=path, class_=f"chart-series chart-series-{series}", fill="none")
        for px, py, row in points:
            title = f"{label}: {row.bands[criterion].value} ({format_date(row.released_at)})"
            body += element(
                "circle", element("title", title), cx=number(px), cy=number(py), r=3.5,
                class_=f"chart-series-point chart-series-{series}",
            )  # fmt: skip
    latest = rows[-1]
    description = _(
        "%(count)s released feedback from %(first)s to %(last)s; latest overall band "
        "%(overall)s. The table lists each band.",
        count=len(rows),
        first=format_date(rows[0].released_at),
        last=format_date(latest.released_at),
        overall=latest.bands.get("overall") or "—",
    )
    return svg(chart_id, height, _("Rubric bands over time"), description, body)
