"""Demo writing: the sample essay "A Life With No Exit" and two made-up essays at other
stages, written through the writing services."""

from pathlib import Path

from sqlalchemy import func, select

from linkenglish.demo.people import DemoPeople
from linkenglish.extensions import db
from linkenglish.models import Essay, Participant, User, VersionKind
from linkenglish.writing.services import essay_create, essay_submit, version_freeze

SAMPLE = Path(__file__).parent / "samples" / "a-life-with-no-exit.md"

DRAFT_ONLY = (
    "My first winter in Seoul",
    "The first winter in Seoul was colder than I expected. The wind between the tall "
    "buildings was sharp, but the subway was warm.\n\nI bought my first *real* coat at a "
    "market near my home. The seller helped me choose one and smiled when I said thank you "
    "in English.",
)
SUBMITTED = (
    "A day I will remember",
    "Last spring I passed my driving test. I practised every weekend with a friend from my "
    "class.\n\nThree things helped me most:\n\n- practising early in the morning\n- "
    "learning the road signs by heart\n- staying calm\n\n> Slow is smooth, and smooth is "
    "fast.\n\nMy teacher said this, and it was true.",
)


def sample_essay() -> tuple[str, str]:
    """Read the sample essay as title and text, without the byline: the pen name is chosen
    at publication, never part of the text."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    title = lines[0].removeprefix("# ").strip()
    body = [line for line in lines[1:] if line.strip() != "*By Jane*"]
    return title, "\n".join(body).strip() + "\n"


def seed_writing(people: DemoPeople) -> str:
    """Write the demo essays of the first three participants, unless they have essays."""
    owners = people.participants[:3]
    existing = db.session.scalar(
        select(func.count(Essay.id)).where(Essay.participant_id.in_([p.id for p in owners]))
    )
    if existing:
        return "essays already there"
    first, second, third = owners
    title, body = sample_essay()
    sample = essay_create(participant=first, by=author(first), title=title, body=body)
    version_freeze(essay=sample, kind=VersionKind.SAVED, by=author(first))
    title, body = DRAFT_ONLY
    essay_create(participant=second, by=author(second), title=title, body=body)
    title, body = SUBMITTED
    handed_in = essay_create(participant=third, by=author(third), title=title, body=body)
    essay_submit(essay=handed_in, by=author(third))
    return "3 essays"


def author(participant: Participant) -> User | None:
    """The participant's login, if they have one."""
    return db.session.scalar(select(User).where(User.participant_id == participant.id))
