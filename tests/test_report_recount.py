"""Report figures equal a direct recount of the raw rows in Python, on mixed data (see
recount_data); the recount follows the definitions in classes.rates, not the report's SQL."""

import os
from collections import defaultdict
from datetime import timedelta
from fractions import Fraction

import pytest
from recount_data import mixed_volume, raw_rows
from report_data import local_today

from linkenglish.classes.overview import sessions_not_taken
from linkenglish.extensions import db
from linkenglish.models import PartnerOrganisation, Role, utcnow
from linkenglish.reports.at_risk import CHART_WEEKS, at_risk_participants
from linkenglish.reports.summary import partner_summary


@pytest.fixture
def volume(app):
    # RECOUNT_PEOPLE=2030 builds about 10x a cohort's usual size, for a check at volume.
    mixed_volume(app, people=int(os.environ.get("RECOUNT_PEOPLE", "60")))


def sessions_by_cohort(rows) -> dict:
    """The session rows of each cohort (the recount's only shortcut: a session is in one)."""
    grouped = defaultdict(list)
    for session in rows["sessions"]:
        grouped[session.cohort_id].append(session)
    return grouped


def recount(rows, now, session_ok):
    """Counts per (participant id, cohort id) over sessions session_ok keeps, as rates define."""
    counts = defaultdict(lambda: {"present": 0, "late": 0, "excused": 0, "absent": 0, None: 0})
    last = {}
    by_cohort = sessions_by_cohort(rows)
    for e in rows["enrollments"]:
        for s in by_cohort[e.cohort_id]:
            covered = s.cohort_id == e.cohort_id and e.enrolled_on <= s.local_date
            covered = covered and (e.ended_on is None or s.local_date <= e.ended_on)
            if covered and not s.cancelled and s.starts_at < now and session_ok(s):
                status = rows["marks"].get((s.id, e.participant_id))
                key = (e.participant_id, e.cohort_id)
                counts[key][status and str(status)] += 1
                if status in ("present", "late"):
                    last[key] = max(last.get(key, s.local_date), s.local_date)
    return counts, last


def weeks_of(rows, now, pairs, session_ok):
    """(Monday, attended, counted) per week with counted marks, for the enrollments in pairs."""
    weeks = defaultdict(lambda: [0, 0])
    by_cohort = sessions_by_cohort(rows)
    for e in rows["enrollments"]:
        if pairs is not None and (e.participant_id, e.cohort_id) not in pairs:
            continue
        for s in by_cohort[e.cohort_id]:
            covered = s.cohort_id == e.cohort_id and e.enrolled_on <= s.local_date
            covered = covered and (e.ended_on is None or s.local_date <= e.ended_on)
            status = rows["marks"].get((s.id, e.participant_id))
            if covered and not s.cancelled and s.starts_at < now and session_ok(s) and status:
                week = weeks[s.local_date - timedelta(days=s.local_date.weekday())]
                week[0] += status in ("present", "late")
                week[1] += status != "excused"
    return sorted((day, *week) for day, week in weeks.items() if week[1])


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTNER])
def test_at_risk_equals_a_recount(app, volume, make_user, role):
    user = make_user(role, partner_name="British Council")
    now, threshold, least = utcnow(), Fraction(4, 5), 3
    with app.app_context():
        found = at_risk_participants(user=user, threshold=threshold, min_sessions=least, now=now)
        rows = raw_rows()

    def ours(s):
        return role is Role.COORDINATOR or s.partner_id == user.partner_id

    counts, last = recount(rows, now, ours)
    expected = []
    for e in rows["enrollments"]:
        cohort, person = rows["cohorts"][e.cohort_id], rows["people"][e.participant_id]
        c = counts[(e.participant_id, e.cohort_id)]
        attended, counted = c["present"] + c["late"], c["present"] + c["late"] + c["absent"]
        if (
            e.status == "active" and cohort.closed_at is None and ours(cohort)
            and person.archived_at is None and person.erased_at is None
            and counted >= least and Fraction(attended, counted) < threshold
        ):  # fmt: skip
            figures = (c["present"], c["late"], c["excused"], c["absent"], c[None])
            last_day = last.get((e.participant_id, e.cohort_id))
            expected.append((person.preferred_name, cohort.name, *figures, last_day))
    got = [
        (row.preferred_name, row.cohort_name, row.rate.present, row.rate.late, row.rate.excused,
         row.rate.absent, row.rate.not_taken, row.rate.last_attended)
        for row in found.rows
    ]  # fmt: skip
    assert len(expected) > 5
    assert sorted(got) == sorted(expected)
    rates = [Fraction(r.rate.present + r.rate.late, r.rate.counted) for r in found.rows]
    assert rates == sorted(rates)

    pairs = {(r.rate.participant_id, r.rate.cohort_id) for r in found.rows}
    since = (now - timedelta(weeks=CHART_WEEKS)).date()
    weeks = weeks_of(rows, now, pairs, lambda s: ours(s) and s.local_date >= since)
    assert [(w.starts_on, w.attended, w.counted) for w in found.weeks] == weeks
    assert len(weeks) > 10


def test_partner_summary_equals_a_recount(app, volume):
    now = utcnow()
    with app.app_context():
        today = local_today()
        start, end = today - timedelta(weeks=12), today + timedelta(days=7)
        organisation = db.session.scalar(
            db.select(PartnerOrganisation).filter_by(name="British Council")
        )
        summary = partner_summary(organisation=organisation, start=start, end=end, now=now)
        rows = raw_rows()
        organisation_id = organisation.id

    def in_range(s):
        return s.partner_id == organisation_id and start <= s.local_date <= end

    counts, _last = recount(rows, now, in_range)
    expected = {}
    for cohort_id, cohort in rows["cohorts"].items():
        ours = [s for s in rows["sessions"] if s.cohort_id == cohort_id and in_range(s)]
        if not ours and cohort.partner_id != organisation_id:
            continue
        held = [s for s in ours if not s.cancelled and s.starts_at < now]
        gaps = {
            s.id
            for s in held
            for e in rows["enrollments"]
            if e.cohort_id == cohort_id and e.enrolled_on <= s.local_date
            and (e.ended_on is None or s.local_date <= e.ended_on)
            and rows["people"][e.participant_id].erased_at is None
            and (s.id, e.participant_id) not in rows["marks"]
        }  # fmt: skip
        rated = [
            c for (_p, c_id), c in counts.items()
            if c_id == cohort_id and c["present"] + c["late"] + c["absent"]
        ]  # fmt: skip
        attended = sum(c["present"] + c["late"] for c in rated)
        counted = sum(c["present"] + c["late"] + c["absent"] for c in rated)
        rate_sum = sum(
            (c["present"] + c["late"]) / (c["present"] + c["late"] + c["absent"]) for c in rated
        )
        expected[cohort_id] = (len(held), len(ours) - len([s for s in ours if not s.cancelled]),
                               len(gaps), len(rated), attended, counted, rate_sum)  # fmt: skip
    got = {
        line.cohort_id: (line.delivered, line.cancelled, line.not_taken, line.rated,
                         line.attended, line.counted, line.rate_sum or 0)
        for line in summary.lines
    }  # fmt: skip
    assert got.keys() == expected.keys() and len(got) == 3
    for cohort_id, figures in expected.items():
        assert got[cohort_id][:6] == figures[:6]
        assert got[cohort_id][6] == pytest.approx(figures[6])
    totals = [sum(figures[i] for figures in expected.values()) for i in range(7)]
    total = summary.total
    assert (total.delivered, total.cancelled, total.not_taken, total.rated, total.attended,
            total.counted) == tuple(totals[:6])  # fmt: skip
    assert total.rate_sum == pytest.approx(totals[6])
    weeks = weeks_of(rows, now, None, in_range)
    assert [(w.starts_on, w.attended, w.counted) for w in summary.weeks] == weeks


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTNER])
def test_sessions_not_taken_equal_a_recount(app, volume, make_user, role):
    user = make_user(role, partner_name="British Council")
    now = utcnow()
    with app.app_context():
        found = [(s.id, unmarked) for s, unmarked in sessions_not_taken(user=user, now=now)]
        rows = raw_rows()
    gaps = defaultdict(int)
    for s in rows["sessions"]:
        if s.cancelled or s.starts_at >= now:
            continue
        if role is Role.PARTNER and s.partner_id != user.partner_id:
            continue
        for e in rows["enrollments"]:
            covered = s.cohort_id == e.cohort_id and e.enrolled_on <= s.local_date
            covered = covered and (e.ended_on is None or s.local_date <= e.ended_on)
            listed = rows["people"][e.participant_id].erased_at is None
            if covered and listed and (s.id, e.participant_id) not in rows["marks"]:
                gaps[s.id] += 1
    starts = {s.id: s.starts_at for s in rows["sessions"]}
    newest = sorted(gaps, key=lambda session_id: starts[session_id], reverse=True)[:20]
    assert len(found) == 20
    assert found == [(session_id, gaps[session_id]) for session_id in newest]
