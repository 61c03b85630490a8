"""Add the benchmark's volume (issue 17) through the app's own services, bulk where a service
takes lists: SCALE times 2,030 participants, 63 cohorts, 2,458 sessions, 107,033 attendance
marks, 5,024 essays and 2,001 publications, plus one login per role."""

import time
from dataclasses import dataclass
from datetime import time as clock_time
from datetime import timedelta
from unittest.mock import patch

from linkenglish.auth.services import user_create
from linkenglish.classes.attendance import MarkChoice, attendance_marks_save
from linkenglish.classes.services import class_series_create
from linkenglish.cohorts.services import (
    cohort_create,
    cohort_teacher_assign,
    enrollment_add,
    program_by_code,
)
from linkenglish.consent.lookalike import name_keys
from linkenglish.consent.services import consent_give, publication_publish
from linkenglish.extensions import db
from linkenglish.levels.services import level_by_code
from linkenglish.models import AttendanceStatus, Language, ProgramCode, Role, SessionMode, utcnow
from linkenglish.participants.services import participants_create
from linkenglish.partners.services import partner_organisation_get_or_create
from linkenglish.timeutil import to_local
from linkenglish.writing.services import essay_create, essay_submit

ONE_X = {
    "participants": 2030,
    "cohorts": 63,
    "sessions": 2458,
    "marks": 107033,
    "essays": 5024,
    "publications": 2001,
}
PASSWORD = "bench-password-not-secret"
LOGINS = {
    "coordinator": "coordinator@bench.example",
    "partner": "partner@bench.example",
    "participant": "participant@bench.example",
}
STATUSES = [AttendanceStatus.PRESENT] * 8 + [AttendanceStatus.LATE, AttendanceStatus.ABSENT]
PEN_LETTERS = "abcdefghjkopqstuxyz"
BODY = (
    "When I first came to Seoul I could not read the signs in the subway. My teacher said "
    "that every word is a door. Now I read the news every morning before work.\n\n"
    "I want to study nursing, because a nurse helped my mother when we arrived.\n"
)


@dataclass
class Made:
    """Ids the benchmark needs to build its URLs."""

    partner_id: int
    cohort_id: int
    participant_id: int
    essay_id: int
    session_id: int
    slug: str


class Phases:
    """Say how long each phase took, to see which one grows faster than the volume."""

    def __init__(self):
        self.last = time.perf_counter()

    def done(self, name: str) -> None:
        """Print the time since the previous phase ended."""
        now = time.perf_counter()
        print(f"  {name}: {now - self.last:.1f} s", flush=True)
        self.last = now


def generate(*, scale: int = 1) -> Made:
    """Add scale times the 1x volume; commit and return the ids the pages need."""
    phase = Phases().done
    want = {name: count * scale for name, count in ONE_X.items()}
    coordinator = user_create(email=LOGINS["coordinator"], role=Role.COORDINATOR, password=PASSWORD)
    partner = partner_organisation_get_or_create(name="Bench Partner")
    teacher = user_create(
        email=LOGINS["partner"], role=Role.PARTNER, password=PASSWORD, partner=partner
    )
    people = participants_create(
        people=[
            {
                "legal_name": f"Kim Bench{index}",
                "preferred_name": f"Bench{index}",
                "program": ProgramCode.LIEP if index % 3 == 0 else ProgramCode.LELP,
                "email": f"p{index}@bench.example",
                "sensitive_terms": ["Hyesan"],
            }
            for index in range(want["participants"])
        ]
    )
    user_create(
        email=LOGINS["participant"], role=Role.PARTICIPANT, password=PASSWORD, participant=people[0]
    )
    phase("people")
    cohorts, members = build_cohorts(people, want, partner, teacher, coordinator)
    phase("cohorts, enrollments, sessions")
    session = mark_attendance(cohorts, members, want["marks"], teacher)
    phase("attendance marks")
    essay_id, slug = write_essays(people, want, coordinator)
    phase("essays, consents, publications")
    db.session.commit()
    return Made(
        partner_id=partner.id,
        cohort_id=cohorts[-1][0].id,
        participant_id=people[0].id,
        essay_id=essay_id,
        session_id=session.id,
        slug=slug,
    )


def build_cohorts(people, want, partner, teacher, coordinator):
    """Cohorts one after another up to today, each with its members and weekly sessions."""
    count = want["cohorts"]
    per_cohort = -(-want["marks"] // want["sessions"])  # members, so marks fit the sessions
    sessions_left = want["sessions"]
    today = to_local(utcnow()).date()
    cohorts, members = [], []
    lelp, liep = program_by_code(ProgramCode.LELP), program_by_code(ProgramCode.LIEP)
    for number in range(count):
        sessions = sessions_left // (count - number)
        sessions_left -= sessions
        # Tuesdays and Thursdays; the newest cohorts' last class is a week from now.
        last = today + timedelta(days=7 - 7 * ((count - 1 - number) // 2))
        last -= timedelta(days=(last.weekday() - 3) % 7)  # back to a Thursday
        starts_on = last - timedelta(days=3 + 7 * ((sessions - 1) // 2))  # a Monday
        ends_on = last
        cohort = cohort_create(
            program=liep if number % 3 == 0 else lelp,
            name=f"Bench cohort {number + 1}",
            starts_on=starts_on,
            ends_on=ends_on,
            target_level=level_by_code("B1"),
            partner=partner if number % 2 == 0 else None,
        )
        if cohort.partner_id:
            cohort_teacher_assign(cohort=cohort, user=teacher, by=coordinator)
        group = [people[(number * per_cohort + k) % len(people)] for k in range(per_cohort)]
        for participant in group:
            enrollment_add(cohort=cohort, participant=participant, enrolled_on=starts_on)
        series = class_series_create(
            cohort=cohort,
            first=starts_on + timedelta(days=3 * (sessions % 2)),  # odd: from a Thursday
            last=last,
            weekdays=[1, 3],
            local_start=clock_time(19, 30),
            duration_minutes=90,
            mode=SessionMode.ONLINE,
            meeting_url="https://meet.example.org/bench",
        )
        cohorts.append((cohort, series))
        members.append(group)
    return cohorts, members


def mark_attendance(cohorts, members, total: int, teacher):
    """Spread the marks over the sessions already held, one bulk save per session."""
    now = utcnow()
    held = [
        (cohort, session, group)
        for (cohort, series), group in zip(cohorts, members, strict=True)
        for session in series
        if session.starts_at < now
    ]
    for index, (_cohort, session, group) in enumerate(held):
        size = (index + 1) * total // len(held) - index * total // len(held)
        choices = {
            participant.id: MarkChoice(STATUSES[(index + k) % len(STATUSES)], None)
            for k, participant in enumerate(group[:size])
        }
        attendance_marks_save(session=session, choices=choices, by=teacher)
    # The partner's attendance screen: the latest session of a cohort the partner teaches.
    return next(session for cohort, session, _ in reversed(held) if cohort.partner_id)


def pen_name(index: int) -> str:
    """A pen name of its own for each publication, in letters no skeleton confuses (rn, vv)."""
    word = ""
    while True:
        index, digit = divmod(index, len(PEN_LETTERS))
        word = PEN_LETTERS[digit] + word
        if index == 0:
            return f"Writer {word.capitalize()}"


def pen_names_distinct(count: int) -> None:
    """Check up front that no two pen names look alike, as pen_name_check would one by one."""
    seen = set()
    for index in range(count):
        keys = name_keys(pen_name(index))
        if not seen.isdisjoint(keys):
            raise ValueError(f"pen name {pen_name(index)!r} looks like an earlier one")
        seen |= keys


def write_essays(people, want, coordinator) -> tuple[int, str]:
    """Essays round the participants; the first ones submitted, consented to and published.

    pen_name_check compares each new pen name with every live one (quadratic over a
    generation: 78 of 150 s at 1x, hours at 10x), so that scan is checked once for all the
    names first and left out below; every other rule of consent and publishing applies."""
    pen_names_distinct(want["publications"])
    with patch("linkenglish.consent.services.pen_names_public", return_value=[]):
        return essays_add(people, want, coordinator)


def essays_add(people, want, coordinator) -> tuple[int, str]:
    """Add the essays, consents and publications; return the login's draft id and a slug."""
    slug, draft_id = "", None
    for index in range(want["essays"]):
        participant = people[index % len(people)]
        essay = essay_create(
            participant=participant, by=None, title=f"My story {index}", body=BODY * (1 + index % 3)
        )
        if index >= want["publications"] and participant is people[0] and draft_id is None:
            draft_id = essay.id  # the participant login's draft, for the autosave POST
        if index < want["publications"]:
            version = essay_submit(essay=essay, by=None)
            consent = consent_give(
                essay=essay,
                version=version,
                pen_name=pen_name(index),
                author_note=None,
                language=Language.ENGLISH,
                by=coordinator,
            )
            slug = publication_publish(consent=consent, by=coordinator).slug
    return draft_id, slug
