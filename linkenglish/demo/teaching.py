"""Demo teaching: cohorts this term and last, enrollments, level histories, weekly sessions
and attendance, all written through the services so that their rules apply.

Dates are relative to today, so the demo always has a term in progress.
"""

import random
from datetime import date, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from linkenglish.classes.holidays import HOLIDAYS
from linkenglish.classes.services import (
    attendance_mark_set,
    class_series_create,
    class_session_cancel,
    enrollment_on,
)
from linkenglish.cohorts.services import (
    cohort_create,
    cohort_teacher_assign,
    enrollment_add,
    enrollment_end,
    program_by_code,
)
from linkenglish.demo.people import DemoPeople
from linkenglish.extensions import db
from linkenglish.levels.services import level_assessment_record, level_by_code
from linkenglish.models import (
    AssessmentMethod,
    AttendanceStatus,
    ClassSession,
    Cohort,
    EnrollmentStatus,
    Participant,
    ParticipantStatus,
    ProgramCode,
    SessionMode,
    utcnow,
)
from linkenglish.timeutil import to_local

SEASONS = ["Winter"] * 2 + ["Spring"] * 3 + ["Summer"] * 3 + ["Autumn"] * 3 + ["Winter"]
# Chance of each mark: mostly present, as in a real class.
MARK_WEIGHTS = {
    AttendanceStatus.PRESENT: 80,
    AttendanceStatus.LATE: 8,
    AttendanceStatus.EXCUSED: 5,
    AttendanceStatus.ABSENT: 7,
}


def term_name(program: str, starts_on: date) -> str:
    """A cohort name such as "LIEP Autumn 2026"."""
    return f"{program} {SEASONS[starts_on.month - 1]} {starts_on.year}"


def monday_of(day: date) -> date:
    """The Monday of day's week."""
    return day - timedelta(days=day.weekday())


def seed_teaching(people: DemoPeople) -> str:
    """Create the demo cohorts and all that hangs off them, unless cohorts exist already."""
    if db.session.scalar(select(func.count()).select_from(Cohort)):
        return "cohorts already there"
    today = to_local(utcnow()).date()
    this_term = monday_of(today) - timedelta(weeks=10)
    last_term = this_term - timedelta(weeks=20)
    by_track = {
        code: [
            participant
            for participant in people.participants
            if participant.program is code
            and participant.status is not ParticipantStatus.WITHDRAWN
        ]
        for code in ProgramCode
    }  # fmt: skip
    liep = [p for p in by_track[ProgramCode.LIEP] if p.status is ParticipantStatus.ACTIVE]
    lelp_now = [p for p in by_track[ProgramCode.LELP] if p.status is ParticipantStatus.ACTIVE][:12]
    lelp_before = [p for p in by_track[ProgramCode.LELP] if p not in lelp_now]

    # LELP meets in person on Saturday mornings; LIEP online on Tuesday and Thursday evenings.
    lelp = {"weekdays": [5], "start": time(10), "minutes": 120, "mode": SessionMode.IN_PERSON,
            "place": "LiNK Seoul office, room 2"}  # fmt: skip
    liep_schedule = {"weekdays": [1, 3], "start": time(19, 30), "minutes": 90,
                     "mode": SessionMode.ONLINE,
                     "meeting_url": "https://meet.example.org/liep"}  # fmt: skip
    lelp_code = ProgramCode.LELP
    cohorts = [
        build_cohort(people, lelp_code, lelp_before, last_term, weeks=14, level="A2", **lelp),
        build_cohort(people, lelp_code, lelp_now, this_term, weeks=16, level="B1", **lelp),
        build_cohort(people, ProgramCode.LIEP, liep, this_term, weeks=16, level="B2",
                     partner=True, **liep_schedule),
    ]  # fmt: skip
    seed_level_histories(people, today)
    sessions = sum(count for _cohort, count in cohorts)
    return f"{len(cohorts)} cohorts with {sessions} sessions"


def build_cohort(
    people, code, members, starts_on, *, weeks, level, weekdays, start, minutes, mode,
    partner=False, **details,
) -> tuple[Cohort, int]:  # fmt: skip
    """One cohort: enrollments, a weekly series, attendance for what has happened."""
    ends_on = starts_on + timedelta(weeks=weeks, days=-2)
    cohort = cohort_create(
        program=program_by_code(code),
        name=term_name(code.value.upper(), starts_on),
        starts_on=starts_on,
        ends_on=ends_on,
        target_level=level_by_code(level),
        capacity=16,
        partner=people.partner if partner else None,
    )
    if partner:
        for user in people.partner_users:
            cohort_teacher_assign(cohort=cohort, user=user, by=people.coordinator)
    enrollments = [
        # The last one joins in week 4: sessions before that do not count against them.
        enrollment_add(
            cohort=cohort,
            participant=participant,
            enrolled_on=starts_on + timedelta(weeks=3 if index == len(members) - 1 else 0),
        )
        for index, participant in enumerate(members)
    ]
    finished = ends_on < to_local(utcnow()).date()
    if not finished and len(enrollments) > 3:
        # Someone left in week 7: their enrollment ends, and its history stays. Not one of
        # the first members, who have the demo logins and write its essays.
        enrollment_end(
            enrollment=enrollments[-2],
            status=EnrollmentStatus.WITHDRAWN,
            ended_on=starts_on + timedelta(weeks=6),
        )
    sessions = class_series_create(
        cohort=cohort,
        first=starts_on,
        last=ends_on,
        weekdays=weekdays,
        local_start=start,
        duration_minutes=minutes,
        mode=mode,
        skip=HOLIDAYS,
        teacher=people.partner_users[0] if partner else None,
        **details,
    )
    for session in sessions:
        session.topic = f"Week {1 + (to_local(session.starts_at).date() - starts_on).days // 7}"
    take_attendance(people, cohort, members, sessions, partner)
    if finished:
        for enrollment in enrollments:
            enrollment_end(
                enrollment=enrollment, status=EnrollmentStatus.COMPLETED, ended_on=ends_on
            )
    return cohort, len(sessions)


def take_attendance(people, cohort, members, sessions: list[ClassSession], partner: bool):
    """Marks for every past session but the last; one session cancelled; one mark changed."""
    now = utcnow()
    past = [session for session in sessions if session.starts_at < now]
    if len(past) > 3:
        class_session_cancel(session=past[2], reason="Typhoon warning: class called off.")
    rng = random.Random(cohort.name)
    taker = people.partner_users[0] if partner else people.coordinator
    # The most recent session is left "not taken", as happens when a teacher is late with it.
    for session in past[:-1]:
        if session.cancelled:
            continue
        for index, participant in enumerate(members):
            if enrollment_on(session, participant) is None or (session, index) == (past[0], 0):
                continue
            # The third participant struggles to come, so the at-risk list has someone on it.
            weights = dict(MARK_WEIGHTS)
            if index == 2:
                weights[AttendanceStatus.ABSENT] = 45
            status = rng.choices(list(weights), weights=list(weights.values()))[0]
            attendance_mark_set(session=session, participant=participant, status=status, by=taker)
    if len(past) > 2 and members:
        # A correction: absent, then excused once the reason was known; history keeps both.
        first = past[0]
        attendance_mark_set(
            session=first, participant=members[0], status=AttendanceStatus.ABSENT, by=taker
        )
        attendance_mark_set(
            session=first,
            participant=members[0],
            status=AttendanceStatus.EXCUSED,
            remark="Hospital appointment (told us afterwards).",
            by=people.coordinator,
        )


def seed_level_histories(people: DemoPeople, today: date) -> None:
    """A placement for everyone; later steps for some; an Aptis test for LIEP learners."""
    ladder = ["A1", "A2", "B1", "B2", "C1"]
    for index, participant in enumerate(people.participants, start=1):
        liep = participant.program is ProgramCode.LIEP
        start = 2 if liep else index % 3
        placed_on = today - timedelta(days=400 - index * 3)
        record(people, participant, ladder[start], placed_on, AssessmentMethod.PLACEMENT_TEST)
        if index % 2 == 0:
            record(
                people,
                participant,
                ladder[start + 1],
                placed_on + timedelta(days=150),
                AssessmentMethod.COURSE_COMPLETION,
            )
        if liep:
            scores = {
                skill: Decimal(30 + (index + offset) % 15)
                for offset, skill in enumerate(("speaking", "listening", "reading", "writing"))
            }
            record(
                people,
                participant,
                ladder[start + 1],
                today - timedelta(days=30),
                AssessmentMethod.EXTERNAL_TEST,
                external_test="Aptis",
                external_score=Decimal(sum(scores.values())),
                skill_scores=scores,
            )
        elif index % 4 == 1:
            record(
                people,
                participant,
                ladder[start],
                today - timedelta(days=60),
                AssessmentMethod.TEACHER_ASSESSMENT,
                note="Speaking more confidently.",
            )


def record(people: DemoPeople, participant: Participant, code: str, on: date, method, **extra):
    """Add one level entry, recorded by the demo coordinator."""
    level_assessment_record(
        participant=participant,
        level=level_by_code(code),
        assessed_on=on,
        method=method,
        by=people.coordinator,
        **extra,
    )
