"""Data for the recount tests: cohorts of every kind (open, closed, another organisation's,
LiNK's own) with enrollments that start late, end, are withdrawn; archived and erased people;
cancelled and upcoming sessions; marks of every status, missing ones and marks outside an
enrollment. Statuses are drawn from a seeded random generator, so nobody counts them by hand:
the tests recount them from the raw rows instead."""

import random
from datetime import UTC, datetime, time, timedelta

from report_data import local_today, new_cohort, people_with_canaries
from sqlalchemy import insert, update

from linkenglish.classes.services import class_series_create
from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceMark,
    ClassSession,
    Cohort,
    Enrollment,
    Participant,
    SessionMode,
)

STATUSES = ["present", "present", "present", "late", "absent", "absent", "excused", None]
COHORTS = [  # name, partner, closed
    ("BC Open A", "British Council", False),
    ("BC Open B", "British Council", False),
    ("BC Closed", "British Council", True),
    ("LiNK Open", None, False),
    ("Other Open", "Other Organisation", False),
]


def mixed_volume(app, *, people: int = 60, weeks: int = 20, seed: int = 17) -> None:
    """Build the cohorts of COHORTS, each with about half of the people, three sessions a week."""
    rng = random.Random(seed)
    with app.app_context():
        today = local_today()
        start = today - timedelta(weeks=weeks)
        everyone = people_with_canaries([f"R{n:03d}" for n in range(people)])
        for hour, (name, partner, closed) in enumerate(COHORTS, start=9):
            cohort = new_cohort(name, start, partner_name=partner, days=weeks * 7 + 30)
            sessions = class_series_create(
                cohort=cohort, first=start, last=today + timedelta(days=14), weekdays=[0, 2, 4],
                local_start=time(hour), duration_minutes=60, mode=SessionMode.IN_PERSON,
            )  # fmt: skip
            for session in rng.sample(sessions, 4):
                session.cancelled, session.cancellation_reason = True, "Holiday"
            members = everyone[:2] + rng.sample(everyone[2:], people // 2)  # archived, erased
            db.session.execute(insert(Enrollment), [enrollment(rng, cohort, p, start, today)
                                                    for p in members])  # fmt: skip
            marks = [
                {"session_id": s.id, "participant_id": p.id, "status": status}
                for s in sessions
                if s.local_date < today
                for p in members
                if (status := rng.choice(STATUSES))
            ]
            db.session.execute(insert(AttendanceMark), marks)
            if closed:
                cohort.closed_at = datetime.now(UTC)
        db.session.flush()
        for index, column in ((0, Participant.archived_at), (1, Participant.erased_at)):
            db.session.execute(
                update(Participant)
                .where(Participant.id == everyone[index].id)
                .values({column: datetime.now(UTC)})
            )
        db.session.commit()


def enrollment(rng, cohort: Cohort, person: Participant, start, today) -> dict:
    """An enrollment row: mostly active from the start, some late, withdrawn or completed."""
    enrolled_on = start + timedelta(days=rng.choice([0, 0, 0, 10, 40]))
    kind = rng.choice(["active", "active", "active", "withdrawn", "completed"])
    ended_on = None if kind == "active" else enrolled_on + timedelta(days=rng.randint(0, 100))
    return {
        "cohort_id": cohort.id,
        "participant_id": person.id,
        "status": kind,
        "enrolled_on": enrolled_on,
        "ended_on": min(ended_on, today) if ended_on else None,
    }


def raw_rows() -> dict:
    """Every row the reports read, as plain tuples, for a recount in Python."""
    return {
        "cohorts": {c.id: c for c in db.session.execute(db.select(Cohort.__table__)).all()},
        "people": {p.id: p for p in db.session.execute(db.select(Participant.__table__)).all()},
        "enrollments": db.session.execute(db.select(Enrollment.__table__)).all(),
        "sessions": db.session.execute(db.select(ClassSession.__table__)).all(),
        "marks": {
            (m.session_id, m.participant_id): m.status
            for m in db.session.execute(db.select(AttendanceMark.__table__)).all()
        },
    }
