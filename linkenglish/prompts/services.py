"""Writing prompts, starting and handing in essays for them, extensions and the overview."""

from datetime import datetime, timedelta

from sqlalchemy import or_, select

from linkenglish.extensions import db
from linkenglish.models import (
    Cohort,
    CohortTeacher,
    Enrollment,
    EnrollmentStatus,
    Essay,
    EssayStatus,
    EssayVersion,
    Extension,
    Participant,
    Role,
    User,
    VersionKind,
    WritingPrompt,
)
from linkenglish.models.base import utcnow
from linkenglish.visibility import participant_listed
from linkenglish.writing.services import WritingError, essay_create, essay_submit

READING_STATUSES = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)
ONE_MINUTE = timedelta(minutes=1)


def prompt_create(
    *,
    cohort: Cohort,
    title: str,
    instructions: str,
    due_at: datetime | None,
    suggested_words: int | None,
    by: User | None,
) -> WritingPrompt:
    """Set a writing prompt for a cohort."""
    prompt = WritingPrompt(cohort_id=cohort.id, created_by_id=by.id if by else None)
    prompt_update(
        prompt=prompt,
        title=title,
        instructions=instructions,
        due_at=due_at,
        suggested_words=suggested_words,
    )
    db.session.add(prompt)
    db.session.flush()
    return prompt


def prompt_update(
    *,
    prompt: WritingPrompt,
    title: str,
    instructions: str,
    due_at: datetime | None,
    suggested_words: int | None,
) -> WritingPrompt:
    """Change a prompt's title, instructions, due time and suggested length."""
    prompt.title = title.strip()
    prompt.instructions = instructions or ""
    prompt.due_at = due_at
    prompt.suggested_words = suggested_words
    return prompt


def prompts_of_cohort(*, cohort_id: int) -> list[WritingPrompt]:
    """A cohort's prompts, the soonest due first (those without a due time last)."""
    return list(
        db.session.scalars(
            select(WritingPrompt)
            .where(WritingPrompt.cohort_id == cohort_id)
            .order_by(WritingPrompt.due_at.is_(None), WritingPrompt.due_at, WritingPrompt.id)
        )
    )


def essay_of(*, prompt: WritingPrompt, participant_id: int) -> Essay | None:
    """The participant's essay for a prompt, if they started one."""
    return db.session.scalar(
        select(Essay).where(Essay.prompt_id == prompt.id, Essay.participant_id == participant_id)
    )


def prompt_start(*, prompt: WritingPrompt, participant: Participant, by: User | None) -> Essay:
    """Start the participant's essay for a prompt, or return the one already started."""
    essay = essay_of(prompt=prompt, participant_id=participant.id)
    if essay is None:
        essay = essay_create(participant=participant, by=by, prompt=prompt)
    return essay


def due_for(*, prompt: WritingPrompt, participant_id: int) -> datetime | None:
    """When this participant's essay is due: their extension's time, else the prompt's."""
    extension = db.session.scalar(
        select(Extension).where(
            Extension.prompt_id == prompt.id, Extension.participant_id == participant_id
        )
    )
    if extension is not None and (prompt.due_at is None or extension.due_at > prompt.due_at):
        return extension.due_at
    return prompt.due_at


def is_late(*, essay: Essay, at: datetime) -> bool:
    """Tell whether handing in the essay at this moment is after its due time. Due times
    are typed to the minute, so "due 23:59" lasts until that minute ends."""
    if essay.prompt_id is None:
        return False
    prompt = db.session.get(WritingPrompt, essay.prompt_id)
    due = due_for(prompt=prompt, participant_id=essay.participant_id)
    return due is not None and at >= due.replace(second=0, microsecond=0) + ONE_MINUTE


def submit_cohorts(*, participant_id: int) -> list[Cohort]:
    """The cohorts a participant may send free writing to (active or completed)."""
    return list(
        db.session.scalars(
            select(Cohort)
            .join(Enrollment, Enrollment.cohort_id == Cohort.id)
            .where(
                Enrollment.participant_id == participant_id,
                Enrollment.status.in_(READING_STATUSES),
            )
            .order_by(Cohort.starts_on.desc(), Cohort.id)
        )
    )


def essay_hand_in(
    *, essay: Essay, by: User | None, cohort_id: int | None = None, at: datetime | None = None
) -> EssayVersion:
    """Submit an essay with the own-work statement given: late is decided now, as the
    version never changes. Free writing may be sent to one of the writer's cohorts."""
    if essay.status is EssayStatus.FINAL:
        raise WritingError("final")
    if essay.prompt_id is None and cohort_id is not None:
        allowed = {cohort.id for cohort in submit_cohorts(participant_id=essay.participant_id)}
        if cohort_id not in allowed:
            raise WritingError("cohort")
        essay.cohort_id = cohort_id
    at = at or utcnow()
    return essay_submit(essay=essay, by=by, late=is_late(essay=essay, at=at))


def essay_mark_final(*, essay: Essay, by: User | None) -> Essay:
    """Mark a submitted essay final: the teacher closes its feedback cycle."""
    if essay.status is EssayStatus.DRAFT:
        raise WritingError("draft")
    essay.status = EssayStatus.FINAL
    essay.updated_at = utcnow()
    return essay


def extension_set(
    *,
    prompt: WritingPrompt,
    participant: Participant,
    due_at: datetime,
    reason: str | None,
    by: User | None,
) -> Extension:
    """Give a participant a later due time for a prompt, or change the one given."""
    extension = db.session.scalar(
        select(Extension).where(
            Extension.prompt_id == prompt.id, Extension.participant_id == participant.id
        )
    )
    reason = (reason or "").strip() or None
    if extension is None:
        extension = Extension(prompt_id=prompt.id, participant_id=participant.id)
        db.session.add(extension)
    elif (extension.due_at, extension.reason) == (due_at, reason):
        return extension  # saved unchanged: who granted it and when stay as they were
    extension.due_at = due_at
    extension.reason = reason
    extension.granted_by_id = by.id if by else None
    extension.granted_at = utcnow()
    db.session.flush()
    return extension


def visible_prompts(*, user: User) -> list[WritingPrompt]:
    """The prompts this user may see, newest cohort first."""
    query = select(WritingPrompt).join(Cohort, Cohort.id == WritingPrompt.cohort_id)
    if user.role is Role.PARTNER:
        taught = select(CohortTeacher.cohort_id).where(CohortTeacher.user_id == user.id)
        query = query.where(WritingPrompt.cohort_id.in_(taught))
    elif user.role is Role.PARTICIPANT:
        enrolled = select(Enrollment.cohort_id).where(
            Enrollment.participant_id == user.participant_id,
            Enrollment.status.in_(READING_STATUSES),
        )
        query = query.where(WritingPrompt.cohort_id.in_(enrolled))
    return list(
        db.session.scalars(
            query.order_by(
                Cohort.starts_on.desc(), or_(WritingPrompt.due_at.is_(None)), WritingPrompt.due_at
            )
        )
    )


def free_essays_submitted(*, user: User, cohort_id: int | None = None) -> list[tuple]:
    """Submitted essays written without a prompt that this user may read, newest first,
    with their authors' preferred names; one query. Coordinators see them all; teachers
    those sent to a cohort they teach."""
    submitted = (
        select(EssayVersion.essay_id)
        .where(EssayVersion.kind == VersionKind.SUBMITTED)
        .scalar_subquery()
    )
    query = (
        select(Essay, Participant.preferred_name)
        .join(Participant, Participant.id == Essay.participant_id)
        .where(Essay.prompt_id.is_(None), Essay.id.in_(submitted), participant_listed())
        .order_by(Essay.updated_at.desc())
    )
    if cohort_id is not None:
        query = query.where(Essay.cohort_id == cohort_id)
    if user.role is not Role.COORDINATOR:
        taught = select(CohortTeacher.cohort_id).where(CohortTeacher.user_id == user.id)
        query = query.where(Essay.cohort_id.in_(taught))
    return [tuple(row) for row in db.session.execute(query)]
