"""A partner organisation's summary over a date range, per cohort it taught: sessions delivered,
cancelled and not taken, and the average attendance rate, in grouped SQL.

The average rate is the mean of the rates of the cohort's participants who have at least one
counted session in the range (each participant weighs the same), every rate computed as
classes.rates defines it over the organisation's sessions in the range.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Float, and_, case, cast, func, or_, select

from linkenglish.classes.rates import attendance_rates_select
from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceMark,
    ClassSession,
    Cohort,
    Enrollment,
    PartnerOrganisation,
    utcnow,
)
from linkenglish.reports.trends import Period, weekly_attendance
from linkenglish.visibility import enrolled_on_day, enrollment_listed


@dataclass(frozen=True)
class SummaryLine:
    """One cohort (or, with no cohort, the whole organisation) over the range."""

    cohort_id: int | None
    cohort_name: str | None
    delivered: int
    cancelled: int
    not_taken: int
    rated: int  # participants with at least one counted session
    rate_sum: float | None
    attended: int
    counted: int

    @property
    def average(self) -> float | None:
        """The mean of the participants' rates, or None when nobody has one."""
        return self.rate_sum / self.rated if self.rated else None


@dataclass(frozen=True)
class PartnerSummary:
    """The lines per cohort, their total, and the weeks for the chart."""

    lines: list[SummaryLine]
    total: SummaryLine
    weeks: list[Period]


def organisation_sessions(organisation: PartnerOrganisation, start: date, end: date):
    """Return a WHERE condition on ClassSession: the organisation's sessions in the range."""
    return and_(
        ClassSession.partner_id == organisation.id,
        ClassSession.local_date >= start,
        ClassSession.local_date <= end,
    )


def session_counts(in_range, now: datetime):
    """Return a subquery of sessions delivered, cancelled and not taken per cohort."""
    unmarked = (
        select(Enrollment.id)
        .outerjoin(
            AttendanceMark,
            and_(
                AttendanceMark.session_id == ClassSession.id,
                AttendanceMark.participant_id == Enrollment.participant_id,
            ),
        )
        .where(
            enrolled_on_day(ClassSession),
            # An erased participant can no longer be marked: their gap is nobody's to fill.
            enrollment_listed(),
            AttendanceMark.id.is_(None),
        )
        .correlate(ClassSession)
        .exists()
    )
    held = and_(ClassSession.cancelled.is_(False), ClassSession.starts_at < now)
    return (
        select(
            ClassSession.cohort_id,
            func.sum(case((held, 1), else_=0)).label("delivered"),
            func.sum(case((ClassSession.cancelled, 1), else_=0)).label("cancelled"),
            func.sum(case((and_(held, unmarked), 1), else_=0)).label("not_taken"),
        )
        .where(in_range)
        .group_by(ClassSession.cohort_id)
        .subquery("session_counts")
    )


def rate_averages(in_range, now: datetime):
    """Return a subquery of the participants' rates summed per cohort, with their counts."""
    rates = attendance_rates_select(now=now, sessions_where=in_range).subquery("rates")
    attended = rates.c.present + rates.c.late
    counted = attended + rates.c.absent
    return (
        select(
            rates.c.cohort_id,
            func.count().label("rated"),
            func.sum(cast(attended, Float) / counted).label("rate_sum"),
            func.sum(attended).label("attended"),
            func.sum(counted).label("counted"),
        )
        .where(counted > 0)
        .group_by(rates.c.cohort_id)
        .subquery("rate_averages")
    )


def partner_summary(
    *, organisation: PartnerOrganisation, start: date, end: date, now: datetime | None = None
) -> PartnerSummary:
    """Summarise an organisation's cohorts from start to end (inclusive) in two queries."""
    now = now or utcnow()
    in_range = organisation_sessions(organisation, start, end)
    sessions, rates = session_counts(in_range, now), rate_averages(in_range, now)
    lines = (
        select(
            Cohort.id.label("cohort_id"),
            Cohort.name.label("cohort_name"),
            func.coalesce(sessions.c.delivered, 0).label("delivered"),
            func.coalesce(sessions.c.cancelled, 0).label("cancelled"),
            func.coalesce(sessions.c.not_taken, 0).label("not_taken"),
            func.coalesce(rates.c.rated, 0).label("rated"),
            rates.c.rate_sum,
            func.coalesce(rates.c.attended, 0).label("attended"),
            func.coalesce(rates.c.counted, 0).label("counted"),
        )
        .select_from(Cohort)
        .outerjoin(sessions, sessions.c.cohort_id == Cohort.id)
        .outerjoin(rates, rates.c.cohort_id == Cohort.id)
        .where(
            # Cohorts it taught in the range, and its cohorts whose term overlaps the range.
            or_(
                sessions.c.cohort_id.is_not(None),
                and_(
                    Cohort.partner_id == organisation.id,
                    Cohort.starts_on <= end,
                    Cohort.ends_on >= start,
                ),
            )
        )
    )
    # The totals are window sums over the same rows: one statement, aggregated once.
    every = lines.add_columns(Cohort.starts_on).subquery("lines")
    line_columns = list(every.c)[:-1]
    totalled = [func.sum(column).over() for column in line_columns[2:]]
    rows = db.session.execute(
        select(*line_columns, *totalled).order_by(
            every.c.starts_on.desc(), every.c.cohort_name, every.c.cohort_id
        )
    ).all()
    found = [line_from_row(row[: len(line_columns)]) for row in rows]
    totals = rows[0][len(line_columns) :] if rows else (0, 0, 0, 0, None, 0, 0)
    return PartnerSummary(
        found,
        line_from_row((None, None, *totals)),
        weekly_attendance(now=now, sessions_where=in_range),
    )


def line_from_row(row) -> SummaryLine:
    """Turn a row of counts into a SummaryLine (databases return sums as Decimal or int)."""
    cohort_id, name, delivered, cancelled, not_taken, rated, rate_sum, attended, counted = row
    return SummaryLine(
        cohort_id,
        name,
        int(delivered),
        int(cancelled),
        int(not_taken),
        int(rated),
        float(rate_sum) if rate_sum is not None else None,
        int(attended),
        int(counted),
    )
