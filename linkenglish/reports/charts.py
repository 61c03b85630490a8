"""A server-rendered SVG chart of attendance over time: the rate per week or per session.

Built as the level charts are (linkenglish.levels.charts): every text and attribute value is
escaped by markupsafe, there is no style attribute or element (colours come from classes in
the stylesheets, sizes from presentation attributes), and the SVG is an image with a title
and a description. The page lists the same figures in a table.
"""

from collections.abc import Sequence
from datetime import date

from flask_babel import format_date, format_percent
from flask_babel import gettext as _
from markupsafe import Markup

from linkenglish.dates import localdate
from linkenglish.levels.charts import WIDTH, element, number, svg
from linkenglish.reports.trends import Period

HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 170, 44, 14, 10, 26
GRID = (0.0, 0.5, 1.0)


def short_date(day: date) -> str:
    """Format a date as month/day for an axis label."""
    return localdate(day, "M/d")


def period_summary(period: Period, *, weekly: bool) -> str:
    """Describe one period in a line: when, rate, how many of how many."""
    when = format_date(period.starts_on)
    return _(
        "%(when)s: %(rate)s (%(attended)s of %(counted)s)",
        when=_("week of %(date)s", date=when) if weekly else when,
        rate=format_percent(period.rate),
        attended=period.attended,
        counted=period.counted,
    )


def attendance_chart(
    periods: Sequence[Period],
    *,
    title: str,
    subject: str,
    chart_id: str,
    weekly: bool = True,
    threshold: float | None = None,
) -> Markup:
    """Draw the attendance rate over time, a point per week or session, naming subject."""
    if not periods:
        return Markup("")
    first, last = periods[0].starts_on, periods[-1].starts_on
    span = max((last - first).days, 1)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        if first == last:
            return LEFT + plot_width / 2
        return LEFT + plot_width * (day - first).days / span

    def y(rate: float) -> float:
        return TOP + plot_height * (1 - rate)

    body = Markup("")
    for rate in GRID:
        body += element(
            "line", x1=LEFT, x2=WIDTH - RIGHT, y1=number(y(rate)), y2=number(y(rate)),
            class_="chart-grid",
        )  # fmt: skip
        body += element(
            "text", format_percent(rate), x=LEFT - 5, y=number(y(rate)), text_anchor="end",
            dominant_baseline="middle", class_="chart-label",
        )  # fmt: skip
    if threshold is not None:
        body += element(
            "line", x1=LEFT, x2=WIDTH - RIGHT, y1=number(y(threshold)), y2=number(y(threshold)),
            class_="chart-threshold", stroke_dasharray="4 3",
        )  # fmt: skip
    ends = [(first, "middle")] if first == last else [(first, "start"), (last, "end")]
    for day, anchor in ends:
        body += element(
            "text", short_date(day), x=number(x(day)), y=HEIGHT - 8, text_anchor=anchor,
            class_="chart-label",
        )  # fmt: skip
    points = [(x(period.starts_on), y(period.rate)) for period in periods]
    path = " ".join(
        f"{'M' if index == 0 else 'L'}{number(px)} {number(py)}"
        for index, (px, py) in enumerate(points)
    )
    body += element("path", d=path, class_="chart-line", fill="none", stroke_width=2)
    for period, (px, py) in zip(periods, points, strict=True):
        body += element(
            "circle", element("title", period_summary(period, weekly=weekly)), cx=number(px),
            cy=number(py), r=3.5, class_="chart-point",
        )  # fmt: skip
    lowest = min(periods, key=lambda period: period.rate)
    description = _(
        "%(subject)s: %(count)s points from %(first)s to %(last)s; latest %(latest)s, lowest "
        "%(lowest)s. The table on this page has the figures.",
        subject=subject,
        count=len(periods),
        first=format_date(first),
        last=format_date(last),
        latest=format_percent(periods[-1].rate),
        lowest=period_summary(lowest, weekly=weekly),
    )
    return svg(chart_id, HEIGHT, title, description, body)
