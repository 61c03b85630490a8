"""Demo people: a coordinator, the British Council with two users, 30 participants.

Every name, e-mail and phone number here is invented.
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from linkenglish.auth.services import user_by_email, user_create
from linkenglish.extensions import db
from linkenglish.models import (
    Participant,
    ParticipantStatus,
    PartnerOrganisation,
    ProgramCode,
    Role,
    User,
)
from linkenglish.participants.services import participant_create, participants_by_legal_name
from linkenglish.partners.services import partner_organisation_get_or_create

DEMO_DOMAIN = "demo.linkenglish.example"
COORDINATOR = ("coordinator", f"coordinator@{DEMO_DOMAIN}", "demo-coordinator")
PARTNERS = [
    ("partner", "teacher.one@britishcouncil.example", "demo-partner"),
    ("partner", "teacher.two@britishcouncil.example", "demo-partner"),
]
# Made-up names staff and partner teachers are shown by.
DISPLAY_NAMES = {
    COORDINATOR[1]: "Demo Coordinator",
    PARTNERS[0][1]: "Emma Clarke (BC)",
    PARTNERS[1][1]: "Tom Hughes (BC)",
}
# (Hangul surname, romanised surname)
SURNAMES = [
    ("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"),
    ("강", "Kang"), ("조", "Cho"), ("윤", "Yoon"), ("장", "Jang"), ("한", "Han"),
]  # fmt: skip
# (Hangul given name, romanised given name, preferred name)
GIVEN_NAMES = [
    ("하늘", "Haneul", "Haneul"), ("서연", "Seoyeon", "Sophie"), ("민준", "Minjun", "Minjun"),
    ("지우", "Jiwoo", "Jiwoo"), ("은비", "Eunbi", "Ebby"), ("도윤", "Doyun", "Daniel"),
    ("수아", "Sua", "Sua"), ("예준", "Yejun", "Yejun"), ("하은", "Haeun", "Grace"),
    ("시우", "Siwoo", "Siwoo"), ("지민", "Jimin", "Jimin"), ("주원", "Juwon", "Joe"),
    ("유나", "Yuna", "Yuna"), ("건우", "Geonwoo", "Gunny"), ("채원", "Chaewon", "Chae"),
    ("현우", "Hyunwoo", "Hyun"), ("다은", "Daeun", "Dana"), ("선우", "Sunwoo", "Sunny"),
    ("소율", "Soyul", "Soyul"), ("우진", "Woojin", "Jin"), ("예린", "Yerin", "Rinn"),
    ("태윤", "Taeyun", "Tae"), ("나연", "Nayeon", "Nayeon"), ("승현", "Seunghyun", "Sam"),
    ("가은", "Gaeun", "Gaeun"), ("정훈", "Junghoon", "Hoon"), ("미래", "Mirae", "Mira"),
    ("영호", "Youngho", "Ho"), ("보람", "Boram", "Bora"), ("철민", "Cheolmin", "Chris"),
]  # fmt: skip
HOME_TOWNS = ["Hyesan", "Chongjin", "Musan", "Hoeryong", "Sinuiju", "Wonsan"]
PARTICIPANT_LOGIN_COUNT = 3
PARTICIPANT_PASSWORD = "demo-participant"


def participant_email(index: int) -> str:
    """The made-up e-mail of demo participant number index (from 1)."""
    return f"participant{index:02d}@{DEMO_DOMAIN}"


DEMO_LOGINS = [
    COORDINATOR,
    *PARTNERS,
    *[
        ("participant", participant_email(index), PARTICIPANT_PASSWORD)
        for index in range(1, PARTICIPANT_LOGIN_COUNT + 1)
    ],
]


def database_is_empty() -> bool:
    """Tell whether there is no login and no participant yet."""
    users = db.session.scalar(select(func.count()).select_from(User))
    participants = db.session.scalar(select(func.count()).select_from(Participant))
    return users == 0 and participants == 0


def demo_participant(index: int) -> Participant:
    """Return demo participant number index, creating it when missing."""
    surname, surname_roman = SURNAMES[index % len(SURNAMES)]
    given, given_roman, preferred = GIVEN_NAMES[(index - 1) % len(GIVEN_NAMES)]
    legal_name = surname + given
    existing = participants_by_legal_name(legal_name)
    if existing:
        return existing[0]
    return participant_create(
        legal_name=legal_name,
        preferred_name=preferred,
        # Every third participant is in LIEP (participant03 answers its prompt), and so is
        # the first: the sample essay's author, a LIEP participant (shared/samples/README.md).
        program=ProgramCode.LIEP if index == 1 or index % 3 == 0 else ProgramCode.LELP,
        email=participant_email(index),
        phone=f"010-5550-{index:04d}",
        notes="Made-up demo participant.",
        sensitive_terms=[
            surname,
            surname_roman,
            f"{given_roman} {surname_roman}",
            HOME_TOWNS[index % len(HOME_TOWNS)],
        ],
        status=(
            ParticipantStatus.WITHDRAWN
            if index == 30
            else ParticipantStatus.ALUMNI
            if index > 26
            else ParticipantStatus.ACTIVE
        ),
    )


def ensure_login(email: str, role: Role, password: str, **links) -> User:
    """Return the demo login with this e-mail, creating it when missing."""
    return user_by_email(email) or user_create(
        email=email, role=role, password=password, display_name=DISPLAY_NAMES.get(email), **links
    )


@dataclass
class DemoPeople:
    """The demo's people, for the other demo builders to use."""

    coordinator: User
    partner: PartnerOrganisation
    partner_users: list[User]
    participants: list[Participant]


def seed_people() -> DemoPeople:
    """Create whatever demo people are missing."""
    coordinator = ensure_login(COORDINATOR[1], Role.COORDINATOR, COORDINATOR[2])
    british_council = partner_organisation_get_or_create(name="British Council")
    partner_users = [
        ensure_login(email, Role.PARTNER, password, partner=british_council)
        for _role, email, password in PARTNERS
    ]
    participants = [demo_participant(index) for index in range(1, len(GIVEN_NAMES) + 1)]
    for index, participant in enumerate(participants[:PARTICIPANT_LOGIN_COUNT], start=1):
        ensure_login(
            participant_email(index),
            Role.PARTICIPANT,
            PARTICIPANT_PASSWORD,
            participant=participant,
        )
    return DemoPeople(coordinator, british_council, partner_users, participants)
