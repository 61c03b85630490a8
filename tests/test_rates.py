"""The attendance rate against hand-computed cases: cancelled sessions, excused marks,
sessions before enrollment and after withdrawal, unmarked past sessions, future sessions."""

from datetime import UTC, date, datetime, time

import pytest

from linkenglish.classes.rates import attendance_rates
from linkenglish.classes.services import class_series_create, class_session_cancel
from linkenglish.cohorts.services import (
    cohort_create,
    enrollment_add,
    enrollment_end,
    program_by_code,
)
from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceMark,
    EnrollmentStatus,
    Participant,
    ProgramCode,
    SessionMode,
)

NOW = datetime(2026, 10, 10, 3, 0, tzinfo=UTC)  # Saturday 10 October, noon in Seoul


@pytest.fixture
def term(app, make_participant):
    """Seven Tuesday sessions from 1 September; the second cancelled; the last in the future.
    A: the whole term. B: from 20 to 30 September. C: the whole term, never marked."""
    people = {name: make_participant(preferred_name=name) for name in "ABC"}
    with app.app_context():
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LELP),
            name="Autumn",
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 12, 1),
        )
        sessions = class_series_create(
            cohort=cohort,
            first=date(2026, 9, 1),
            last=date(2026, 10, 13),
            weekdays=[1],
            local_start=time(10),
            duration_minutes=90,
            mode=SessionMode.IN_PERSON,
        )
        assert [s.local_date.day for s in sessions] == [1, 8, 15, 22, 29, 6, 13]
        class_session_cancel(session=sessions[1], reason="Typhoon")
        who = {name: db.session.get(Participant, person.id) for name, person in people.items()}
        enrollment_add(cohort=cohort, participant=who["A"], enrolled_on=date(2026, 9, 1))
        b = enrollment_add(cohort=cohort, participant=who["B"], enrolled_on=date(2026, 9, 20))
        enrollment_end(enrollment=b, status=EnrollmentStatus.WITHDRAWN, ended_on=date(2026, 9, 30))
        enrollment_add(cohort=cohort, participant=who["C"], enrolled_on=date(2026, 9, 1))
        # Written straight to the table, so that marks the rules would refuse (on a
        # cancelled session, outside an enrollment) prove they are not counted either.
        marks = {
            "A": ["present", "present", "late", "excused", "absent", None, "present"],
            "B": ["absent", None, None, "present", None, "present", None],
        }
        for name, statuses in marks.items():
            for session, status in zip(sessions, statuses, strict=True):
                if status:
                    db.session.add(
                        AttendanceMark(
                            session_id=session.id, participant_id=who[name].id, status=status
                        )
                    )
        db.session.commit()
        return cohort.id, {name: person.id for name, person in people.items()}


def test_rates_match_the_hand_count(app, term):
    cohort_id, ids = term
    with app.app_context():
        rates = attendance_rates(cohort_ids=[cohort_id], now=NOW)
    a, b, c = (rates[(ids[name], cohort_id)] for name in "ABC")
    # A: 1 Sep present, 8 Sep cancelled (its mark ignored), 15 late, 22 excused, 29 absent,
    # 6 Oct not taken, 13 Oct in the future (its mark ignored).
    assert (a.present, a.late, a.excused, a.absent, a.not_taken) == (1, 1, 1, 1, 1)
    assert a.counted == 3 and a.rate == pytest.approx(2 / 3)
    assert a.last_attended == date(2026, 9, 15)
    # B: enrolled 20-30 Sep, so only 22 Sep (present) and 29 Sep (not taken) count.
    assert (b.present, b.absent, b.not_taken, b.counted, b.rate) == (1, 0, 1, 1, 1.0)
    # C: five past sessions, none marked: not taken, never absences; no rate yet.
    assert (c.counted, c.not_taken, c.rate, c.last_attended) == (0, 5, None, None)


def test_rates_by_participant_and_in_one_query(app, term, count_queries):
    cohort_id, ids = term
    with app.app_context(), count_queries() as statements:
        rates = attendance_rates(participant_ids=[ids["A"]], now=NOW)
    assert list(rates) == [(ids["A"], cohort_id)]
    assert len(statements) == 1


def roster_cell(page: str, name: str) -> str:
    """The attendance cell of one name's row on a cohort page's roster."""
    row = next(row for row in page.split("<tr>") if f">{name}</a>" in row)
    return row.split("<td>")[-2 if "Change</a>" in row else -1]


def test_roster_counts_excused_as_a_mark_but_not_in_the_rate(app, client, make_user, login_as):
    """Excused only: no rate, but never "no marks yet"; excused beside a present mark
    leaves the rate at one of one."""
    people = {name: make_user("participant").participant_id for name in ("Ex", "Mixed", "Blank")}
    with app.app_context():
        for person, name in zip(people.values(), people, strict=True):
            db.session.get(Participant, person).preferred_name = name
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LELP),
            name="Excused",
            starts_on=date(2025, 3, 1),
            ends_on=date(2025, 6, 30),
        )
        sessions = class_series_create(
            cohort=cohort,
            first=date(2025, 3, 3),
            last=date(2025, 3, 10),
            weekdays=[0],
            local_start=time(10),
            duration_minutes=90,
            mode=SessionMode.IN_PERSON,
        )
        for person in people.values():
            enrollment_add(
                cohort=cohort,
                participant=db.session.get(Participant, person),
                enrolled_on=cohort.starts_on,
            )
        for name, statuses in {
            "Ex": ["excused", "excused"],
            "Mixed": ["present", "excused"],
        }.items():
            for session, status in zip(sessions, statuses, strict=True):
                db.session.add(
                    AttendanceMark(
                        session_id=session.id, participant_id=people[name], status=status
                    )
                )
        db.session.commit()
        cohort_id = cohort.id
    login_as(make_user("coordinator"))
    page = client.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    excused, mixed, blank = (roster_cell(page, name) for name in ("Ex", "Mixed", "Blank"))
    assert "no marks yet" not in excused and "2 excused" in excused and "%" not in excused
    assert "100%" in mixed and "(1 of 1)" in mixed and "1 excused" in mixed
    assert "no marks yet" in blank and "2 not taken" in blank
