"""Data for the attendance report tests: a small cohort whose rates are counted by hand, and
cohorts of any size for counting queries. Dates are relative to today, since the reports
compare sessions with the current time."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert

from linkenglish.classes.services import class_series_create, class_session_create
from linkenglish.cohorts.management import enrollments_add
from linkenglish.cohorts.services import cohort_create, program_by_code
from linkenglish.extensions import db
from linkenglish.models import AttendanceMark, Cohort, ProgramCode, SessionMode
from linkenglish.participants.services import participants_create
from linkenglish.partners.services import partner_organisation_get_or_create
from linkenglish.timeutil import app_timezone, from_local

CANARIES = ("CANARY-LEGAL", "canary-mail", "010-7777")
STATUS = {"P": "present", "L": "late", "E": "excused", "A": "absent"}
# Four past weekly sessions; "-" means no mark (not taken), " " outside the enrollment.
HAND_COUNTED = {
    "Ana": "PPLA",  # 3 of 4: 75%
    "Ben": "PAP-",  # 2 of 3: 67%, one not taken
    "Cy": "PPEP",  # 3 of 3: 100%, one excused
    "Dee": "  PA",  # enrolled after the second session: 1 of 2, 50%
}


def local_today() -> date:
    """Today in the app's time zone (call inside an app context)."""
    return datetime.now(app_timezone()).date()


def at_ten(day: date) -> datetime:
    """10:00 local on a day, in UTC."""
    return from_local(datetime.combine(day, time(10)))


def people_with_canaries(names, prefix=""):
    """Add participants whose legal name, e-mail and phone carry canary strings."""
    return participants_create(
        people=[
            {
                "preferred_name": f"{prefix}{name}",
                "legal_name": f"{CANARIES[0]}-{prefix}{name}",
                "email": f"{CANARIES[1]}-{index}-{len(prefix)}@example.org",
                "phone": f"{CANARIES[2]}-{index:04d}",
                "program": ProgramCode.LIEP,
            }
            for index, name in enumerate(names)
        ]
    )


def new_cohort(name, start, *, partner_name=None, days=120) -> Cohort:
    """A LIEP cohort from start, taught by the named partner (or LiNK)."""
    partner = partner_organisation_get_or_create(name=partner_name) if partner_name else None
    return cohort_create(
        program=program_by_code(ProgramCode.LIEP),
        name=name,
        starts_on=start,
        ends_on=start + timedelta(days=days),
        partner=partner,
    )


@dataclass
class HandCounted:
    """Ids of the hand-counted cohort and its people; the other organisation's cohort."""

    cohort_id: int
    people: dict
    sessions: list
    linkcohort_id: int
    other_cohort_id: int
    other_person_id: int
    organisation_id: int
    other_organisation_id: int


def hand_counted(app, cohort_name="LIEP Spring") -> HandCounted:
    """Build the British Council cohort of HAND_COUNTED (four past sessions, one cancelled,
    one upcoming), Ana also in a LiNK cohort, and Eve in another organisation's cohort."""
    with app.app_context():
        today = local_today()
        start = today - timedelta(days=35)
        cohort = new_cohort(cohort_name, start, partner_name="British Council")
        people = people_with_canaries(list(HAND_COUNTED))
        ids = {person.preferred_name: person.id for person in people}
        enrollments_add(cohort=cohort, participants=people[:3], enrolled_on=start, by=None)
        enrollments_add(
            cohort=cohort, participants=people[3:], enrolled_on=today - timedelta(days=15), by=None
        )
        days = [today - timedelta(days=n) for n in (28, 21, 14, 7)]
        sessions = [
            class_session_create(
                cohort=cohort, starts_at=at_ten(day), duration_minutes=90,
                mode=SessionMode.IN_PERSON, topic=f"Week {index}",
            )
            for index, day in enumerate(days, start=1)
        ]  # fmt: skip
        for offset, cancelled in ((-10, True), (7, False)):
            extra = class_session_create(
                cohort=cohort, starts_at=at_ten(today + timedelta(days=offset)),
                duration_minutes=90, mode=SessionMode.ONLINE,
            )  # fmt: skip
            if cancelled:
                extra.cancelled, extra.cancellation_reason = True, "Typhoon"
        marks = [
            {"session_id": session.id, "participant_id": ids[name], "status": STATUS[letter]}
            for name, letters in HAND_COUNTED.items()
            for session, letter in zip(sessions, letters, strict=True)
            if letter in STATUS
        ]
        db.session.execute(insert(AttendanceMark), marks)

        linkcohort = new_cohort("LELP Evening", start)
        enrollments_add(cohort=linkcohort, participants=people[:1], enrolled_on=start, by=None)
        class_session_create(
            cohort=linkcohort, starts_at=at_ten(days[0]), duration_minutes=60,
            mode=SessionMode.ONLINE,
        )  # fmt: skip

        other = new_cohort("Other Org Cohort", start, partner_name="Other Organisation")
        [eve] = people_with_canaries(["Eve"], prefix="x")
        enrollments_add(cohort=other, participants=[eve], enrolled_on=start, by=None)
        other_session = class_session_create(
            cohort=other, starts_at=at_ten(days[0]), duration_minutes=60, mode=SessionMode.ONLINE
        )
        db.session.execute(
            insert(AttendanceMark),
            [{"session_id": other_session.id, "participant_id": eve.id, "status": "absent"}],
        )
        db.session.commit()
        return HandCounted(
            cohort.id, ids, [s.id for s in sessions], linkcohort.id, other.id, eve.id,
            cohort.partner_id, other.partner_id,
        )  # fmt: skip


def sized_cohort(app, *, participants: int, sessions: int, name: str, partner_name=None) -> int:
    """A cohort of this many participants and past sessions (three a week), every cell marked
    in a repeating pattern; return its id."""
    with app.app_context():
        today = local_today()
        weeks = sessions // 3 + 2
        start = today - timedelta(weeks=weeks)
        cohort = new_cohort(name, start, partner_name=partner_name, days=weeks * 7 + 30)
        people = people_with_canaries([f"{n:03d}" for n in range(participants)], prefix=name)
        enrollments_add(cohort=cohort, participants=people, enrolled_on=start, by=None)
        days = [start + timedelta(days=n) for n in range(weeks * 7)]
        last = [day for day in days if day.weekday() in (0, 2, 4)][sessions - 1]
        assert last < today
        made = class_series_create(
            cohort=cohort, first=start, last=last, weekdays=[0, 2, 4], local_start=time(10),
            duration_minutes=60, mode=SessionMode.IN_PERSON,
        )  # fmt: skip
        assert len(made) == sessions
        cycle = ["present", "present", "late", "absent", "excused"]
        db.session.execute(
            insert(AttendanceMark),
            [
                {
                    "session_id": session.id,
                    "participant_id": person.id,
                    "status": cycle[(i + j) % len(cycle)],
                }
                for i, person in enumerate(people)
                for j, session in enumerate(made)
            ],
        )
        db.session.commit()
        return cohort.id
