"""The at-risk list: participants whose rate is under a threshold after at least a number of
counted sessions, in active enrollments of open cohorts the viewer may see. The rule is
applied in SQL (HAVING in classes.rates), never by filtering rows in Python."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

from sqlalchemy import Float, and_, cast, select

from linkenglish.classes.rates import (
    AttendanceRate,
    attendance_rate_from_row,
    attendance_rates_select,
)
from linkenglish.extensions import db
from linkenglish.models import (
    ClassSession,
    Cohort,
    Enrollment,
    EnrollmentStatus,
    Participant,
    User,
    utcnow,
)
from linkenglish.reports.access import report_cohorts_condition, report_sessions_condition
from linkenglish.reports.trends import Period, weekly_attendance
from linkenglish.visibility import participant_listed

CHART_WEEKS = 16


@dataclass(frozen=True)
class AtRiskRow:
    """A participant under the threshold in one cohort."""

    preferred_name: str
    cohort_name: str
    rate: AttendanceRate


@dataclass(frozen=True)
class AtRiskList:
    """The rows, lowest rate first, and the weeks of their attendance for the chart."""

    rows: list[AtRiskRow]
    weeks: list[Period]


def at_risk_select(*, user: User, threshold: Fraction, min_sessions: int, now: datetime):
    """Build the query of at-risk rates with names, lowest rate first."""
    open_cohorts = select(Cohort.id).where(
        report_cohorts_condition(user), Cohort.closed_at.is_(None)
    )
    rates = attendance_rates_select(
        cohort_ids=open_cohorts,
        now=now,
        sessions_where=report_sessions_condition(user),
        # Ended enrollments are dropped below anyway: do not aggregate their marks first.
        enrollments_where=Enrollment.status == EnrollmentStatus.ACTIVE,
        rate_below=threshold,
        min_counted=min_sessions,
    ).subquery("rates")
    attended = rates.c.present + rates.c.late
    return (
        select(*rates.c, Participant.preferred_name, Cohort.name, Enrollment.id)
        .join(Participant, Participant.id == rates.c.participant_id)
        .join(Cohort, Cohort.id == rates.c.cohort_id)
        .join(
            Enrollment,
            and_(
                Enrollment.participant_id == rates.c.participant_id,
                Enrollment.cohort_id == rates.c.cohort_id,
            ),
        )
        .where(
            Enrollment.status == EnrollmentStatus.ACTIVE,
            Participant.archived_at.is_(None),
            participant_listed(),
        )
        .order_by(
            cast(attended, Float) / (attended + rates.c.absent),
            Participant.preferred_name,
            Participant.id,
            Cohort.name,
        )
    )


def at_risk_participants(
    *, user: User, threshold: Fraction, min_sessions: int, now: datetime | None = None
) -> AtRiskList:
    """List who is under the threshold, with the weekly rate of those listed, in two queries."""
    now = now or utcnow()
    query = at_risk_select(user=user, threshold=threshold, min_sessions=min_sessions, now=now)
    found = db.session.execute(query).all()
    rows = [
        AtRiskRow(name, cohort_name, attendance_rate_from_row(row))
        for *row, name, cohort_name, _enrollment_id in found
    ]
    since = (now - timedelta(weeks=CHART_WEEKS)).date()
    weeks = weekly_attendance(
        now=now,
        enrollment_ids=[row[-1] for row in found],
        sessions_where=and_(report_sessions_condition(user), ClassSession.local_date >= since),
    )
    return AtRiskList(rows, weeks)
