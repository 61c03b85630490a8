"""Test data for a participant's own view: a participant, a classmate and a teacher with
canary names, in cohorts the participant is in, left, or never joined."""

import itertools
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from linkenglish.classes.services import attendance_mark_set, class_session_cancel
from linkenglish.cohorts.services import (
    cohort_create,
    enrollment_add,
    enrollment_end,
    program_by_code,
)
from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceStatus,
    ClassSession,
    EnrollmentStatus,
    Participant,
    ProgramCode,
    Role,
    SessionMode,
    User,
    utcnow,
)
from linkenglish.partners.services import partner_organisation_get_or_create
from linkenglish.schedule.services import calendar_link_create

# Ids far from any the database hands out, so the feed can be searched for them.
SESSION_IDS = itertools.count(1_987_654_301)
CANARIES = ["Canaryowner", "Canaryclassmate", "Canaryteacher", "카나리주인", "카나리친구"]
PLACE = "Room 3, Main Hall; Gangnam \\ Seoul"
TOPIC = "Opinions, reasons; a \\ backslash\nand a second line — " + "한국어 " * 30
ONLINE_URL = "https://meet.example.org/liep?room=1,2;3"


@dataclass
class World:
    """Who is who, and the ids of the sessions by what they test."""

    owner: User
    classmate: User
    sessions: dict = field(default_factory=dict)


def add_session(cohort, teacher, days, **details):
    """A 90-minute session `days` from now (to the hour), taught by teacher."""
    starts_at = utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(days=days)
    session = ClassSession(
        id=next(SESSION_IDS),
        cohort_id=cohort.id,
        partner_id=cohort.partner_id,
        teacher_id=teacher.id,
        starts_at=starts_at,
        duration_minutes=90,
        mode=details.pop("mode", SessionMode.IN_PERSON),
        **details,
    )
    db.session.add(session)
    db.session.flush()
    return session


def build_world(app, make_user, make_participant) -> World:
    """The owner and a classmate in one cohort; the classmate alone in another; the owner
    also in a cohort they left; canary names on everyone, the teacher too."""
    teacher = make_user(Role.PARTNER, display_name="Canaryteacher Zebulon")
    owner_p = make_participant(preferred_name="Canaryowner Quill", legal_name="카나리주인")
    classmate_p = make_participant(preferred_name="Canaryclassmate Wren", legal_name="카나리친구")
    world = World(
        make_user(Role.PARTICIPANT, participant=owner_p, email="owner.login@example.org"),
        make_user(Role.PARTICIPANT, participant=classmate_p, email="mate.login@example.org"),
    )
    with app.app_context():
        today = utcnow().astimezone(ZoneInfo(app.config["APP_TIMEZONE"])).date()
        owner, mate = (db.session.get(Participant, p.id) for p in (owner_p, classmate_p))
        teacher = db.session.get(User, teacher.id)

        def cohort(name):
            return cohort_create(
                program=program_by_code(ProgramCode.LIEP),
                name=name,
                starts_on=today - timedelta(days=400),
                ends_on=today + timedelta(days=200),
                partner=partner_organisation_get_or_create(name="British Council"),
            )

        own, others, left = cohort("LIEP Own"), cohort("LIEP Others"), cohort("LIEP Left")
        for which, who, days in [(own, owner, 30), (own, mate, 60), (others, mate, 60)]:
            enrollment_add(cohort=which, participant=who, enrolled_on=today - timedelta(days))
        leaving = enrollment_add(cohort=left, participant=owner, enrolled_on=today - timedelta(150))
        enrollment_end(
            enrollment=leaving, status=EnrollmentStatus.WITHDRAWN, ended_on=today - timedelta(20)
        )
        plan = {
            "before_joining": (own, -40, {}),
            "absent": (own, -20, {}),
            "present": (own, -10, {}),
            "cancelled": (own, -5, {}),
            "late": (own, -3, {}),
            "in_person": (own, 2, {"place": PLACE, "topic": TOPIC}),
            "online": (own, 5, {"mode": SessionMode.ONLINE, "meeting_url": ONLINE_URL}),
            "others_past": (others, -10, {}),
            "others_next": (others, 3, {}),
            "long_ago": (left, -120, {}),
            "before_leaving": (left, -60, {}),
            "after_leaving": (left, 4, {}),
        }
        made = {}
        for name, (which, days, details) in plan.items():
            made[name] = add_session(which, teacher, days, **{"topic": f"Topic {name}", **details})
        for name, who, status in [
            ("absent", owner, AttendanceStatus.ABSENT),
            ("present", owner, AttendanceStatus.PRESENT),
            ("late", owner, AttendanceStatus.LATE),
            ("long_ago", owner, AttendanceStatus.PRESENT),
            ("present", mate, AttendanceStatus.ABSENT),
            ("late", mate, AttendanceStatus.EXCUSED),
            ("others_past", mate, AttendanceStatus.PRESENT),
        ]:
            attendance_mark_set(session=made[name], participant=who, status=status, by=teacher)
        class_session_cancel(session=made["cancelled"], reason="The room flooded, sorry")
        db.session.commit()
        world.sessions = {name: session.id for name, session in made.items()}
    return world


def link_for(app, user) -> str:
    """Create a login's calendar link and return its feed path."""
    with app.app_context():
        token = calendar_link_create(user=db.session.get(User, user.id))
        db.session.commit()
    return f"/calendar/{token}.ics"


def many_sessions(app, make_user, make_participant, *, cohorts, past, upcoming) -> User:
    """A participant in `cohorts` cohorts, each with past sessions (all marked) and coming
    ones; return their login."""
    teacher = make_user(Role.PARTNER)
    user = make_user(Role.PARTICIPANT)
    with app.app_context():
        who, teacher = (
            db.session.get(Participant, user.participant_id),
            db.session.get(User, teacher.id),
        )
        today = utcnow().date()
        for number in range(cohorts):
            cohort = cohort_create(
                program=program_by_code(ProgramCode.LELP),
                name=f"Load {user.id}-{number}",
                starts_on=today - timedelta(days=120),
                ends_on=today + timedelta(days=120),
                partner=partner_organisation_get_or_create(name="British Council"),
            )
            enrollment_add(cohort=cohort, participant=who, enrolled_on=cohort.starts_on)
            for day in range(1, past + 1):
                session = add_session(cohort, teacher, -day, place="Room 1")
                attendance_mark_set(
                    session=session, participant=who, status=AttendanceStatus.LATE, by=teacher
                )
            for day in range(1, upcoming + 1):
                add_session(cohort, teacher, day, mode=SessionMode.ONLINE, meeting_url=ONLINE_URL)
        db.session.commit()
    return user
