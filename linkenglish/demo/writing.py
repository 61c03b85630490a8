"""Demo writing: the sample essay "A Life With No Exit" and two made-up essays at other
stages, written through the writing services."""

from pathlib import Path

from sqlalchemy import func, select

from linkenglish.demo.people import DemoPeople
from linkenglish.extensions import db
from linkenglish.feedback.services import feedback_of, feedback_release, feedback_save
from linkenglish.models import (
    CEFR,
    Enrollment,
    EnrollmentStatus,
    Essay,
    EssayStatus,
    Participant,
    User,
    VersionKind,
)
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
    """Write the demo essays, then release feedback on the sample (both only once)."""
    return f"{write_essays(people)}; {sample_feedback(people)}"


def write_essays(people: DemoPeople) -> str:
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


SAMPLE_FEEDBACK = (
    "A moving, well-told story. Your paragraphs follow the journey clearly, and the ending "
    "stays with the reader.\n\nNext time:\n\n- vary how sentences begin\n- check the past "
    "tense in the second paragraph\n- try one or two linking words such as *however*"
)
SAMPLE_BANDS = {
    "task": CEFR.B2,
    "organisation": CEFR.B1,
    "vocabulary": CEFR.B1,
    "grammar": CEFR.B1,
    "overall": CEFR.B1,
}


def sample_feedback(people: DemoPeople) -> str:
    """Submit the sample essay to its writer's cohort and release the coordinator's feedback
    on it, unless that was done."""
    owner = people.participants[0]
    essay = db.session.scalar(
        select(Essay).where(Essay.participant_id == owner.id).order_by(Essay.id).limit(1)
    )
    if essay is None:
        return "no sample essay"
    if essay.cohort_id is None:
        essay.cohort_id = db.session.scalar(
            select(Enrollment.cohort_id)
            .where(
                Enrollment.participant_id == owner.id,
                Enrollment.status == EnrollmentStatus.ACTIVE,
            )
            .order_by(Enrollment.enrolled_on.desc())
            .limit(1)
        )
    submitted = [v for v in essay.versions if v.kind is VersionKind.SUBMITTED]
    if submitted:
        version = submitted[-1]
    elif essay.status is EssayStatus.DRAFT:
        version = essay_submit(essay=essay, by=author(owner))
    else:
        return "sample essay not submitted"
    feedback = feedback_of(version=version, author=people.coordinator)
    if feedback is not None and feedback.released_at is not None:
        return "sample feedback already released"
    if feedback is None:
        feedback = feedback_save(
            version=version, by=people.coordinator, comments=SAMPLE_FEEDBACK, bands=SAMPLE_BANDS
        )
    feedback_release(feedback=feedback, essay=essay)
    return "feedback released on the sample essay"
