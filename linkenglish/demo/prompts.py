"""Demo prompts: one writing prompt in this term's LIEP cohort, with participant03's essay
submitted to it through the prompt services (it then awaits feedback)."""

from datetime import datetime, time, timedelta

from sqlalchemy import select

from linkenglish.demo.people import DemoPeople
from linkenglish.extensions import db
from linkenglish.models import Cohort, Program, ProgramCode, User, WritingPrompt, utcnow
from linkenglish.prompts.services import essay_hand_in, prompt_create, prompt_start
from linkenglish.timeutil import from_local, to_local
from linkenglish.writing.services import draft_of

PROMPT_TITLE = "A place that changed me"
INSTRUCTIONS = (
    "Write about a place that changed how you see yourself or the world.\n\n"
    "- Describe the place so a reader can see it.\n"
    "- Say what happened there and what changed.\n\n"
    "Aim for **about 300 words**."
)
ESSAY = (
    "The library in my town",
    "When I arrived in Seoul, the small library near my home was the first place where I "
    "felt calm. It was quiet, warm and full of light.\n\nI went there every evening to "
    "read children's books in English. Slowly the words became easier, and I began to "
    "believe that I could learn anything if I kept going.",
)


def seed_prompts(people: DemoPeople) -> str:
    """Set the demo prompt in the current LIEP cohort and submit participant03's essay to it."""
    cohort = db.session.scalar(
        select(Cohort)
        .join(Program, Program.id == Cohort.program_id)
        .where(Program.code == ProgramCode.LIEP)
        .order_by(Cohort.starts_on.desc())
        .limit(1)
    )
    if cohort is None:
        return "no LIEP cohort for a prompt"
    if db.session.scalar(
        select(WritingPrompt.id).where(
            WritingPrompt.cohort_id == cohort.id, WritingPrompt.title == PROMPT_TITLE
        )
    ):
        return "prompt already there"
    due_day = to_local(utcnow()).date() + timedelta(days=14)
    prompt = prompt_create(
        cohort=cohort,
        title=PROMPT_TITLE,
        instructions=INSTRUCTIONS,
        due_at=from_local(datetime.combine(due_day, time(23, 59))),
        suggested_words=300,
        by=people.coordinator,
    )
    writer = people.participants[2]  # participant03, who studies in the LIEP cohort
    login = db.session.scalar(select(User).where(User.participant_id == writer.id))
    essay = prompt_start(prompt=prompt, participant=writer, by=login)
    draft = draft_of(essay)
    draft.title, draft.body = ESSAY
    essay_hand_in(essay=essay, by=login)
    return "1 prompt with 1 essay submitted"
