"""The overview of a prompt, and what awaits feedback, in a fixed number of queries."""

from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from linkenglish.extensions import db
from linkenglish.models import (
    CohortTeacher,
    Enrollment,
    Essay,
    EssayStatus,
    EssayVersion,
    Extension,
    Feedback,
    Participant,
    Role,
    User,
    VersionKind,
    WritingPrompt,
)
from linkenglish.prompts.services import READING_STATUSES
from linkenglish.visibility import essay_listed, participant_listed


def awaiting_feedback_condition():
    """A WHERE condition on Essay: its newest submitted version has no released feedback, and
    its author is not erased."""
    submitted = aliased(EssayVersion)
    newest = (
        select(func.max(submitted.number))
        .where(submitted.essay_id == Essay.id, submitted.kind == VersionKind.SUBMITTED)
        .correlate(Essay)
        .scalar_subquery()
    )
    released = (
        select(Feedback.id)
        .join(EssayVersion, EssayVersion.id == Feedback.version_id)
        .where(
            EssayVersion.essay_id == Essay.id,
            EssayVersion.number == newest,
            Feedback.released_at.is_not(None),
        )
        .correlate(Essay)
        .exists()
    )
    return and_(newest.is_not(None), ~released, Essay.status != EssayStatus.FINAL, essay_listed())


def awaiting_feedback_count(*, user: User) -> int:
    """How many essays this coordinator or teacher could give feedback on now."""
    query = select(func.count(Essay.id)).where(awaiting_feedback_condition())
    if user.role is Role.PARTNER:
        taught = select(CohortTeacher.cohort_id).where(CohortTeacher.user_id == user.id)
        query = query.where(Essay.cohort_id.in_(taught))
    elif user.role is not Role.COORDINATOR:
        return 0
    return db.session.scalar(query) or 0


@dataclass(frozen=True)
class OverviewRow:
    """One participant's standing on a prompt."""

    participant: Participant
    essay: Essay | None
    submitted: EssayVersion | None
    extension: Extension | None
    awaiting: bool

    @property
    def states(self) -> set[str]:
        """The filter names this row matches."""
        states = set()
        if self.essay is None:
            states.add("not_started")
        elif self.submitted is None:
            states.add("draft")
        else:
            states.add("late" if self.submitted.late else "on_time")
            states.add("submitted")
        if self.extension is not None:
            states.add("extension")
        if self.awaiting:
            states.add("awaiting")
        if self.essay is not None and self.essay.status is EssayStatus.FINAL:
            states.add("final")
        return states


OVERVIEW_FILTERS = (
    "not_started",
    "draft",
    "submitted",
    "on_time",
    "late",
    "extension",
    "awaiting",
    "final",
)


def prompt_overview(*, prompt: WritingPrompt) -> list[OverviewRow]:
    """Every enrolled participant with their essay's state (five queries, any class size)."""
    participants = db.session.scalars(
        select(Participant)
        .join(Enrollment, Enrollment.participant_id == Participant.id)
        .where(
            Enrollment.cohort_id == prompt.cohort_id,
            Enrollment.status.in_(READING_STATUSES),
            participant_listed(),
        )
        .order_by(Participant.preferred_name, Participant.id)
    ).all()
    essays = {
        essay.participant_id: essay
        for essay in db.session.scalars(select(Essay).where(Essay.prompt_id == prompt.id))
    }
    newest: dict[int, EssayVersion] = {}
    for version in db.session.scalars(
        select(EssayVersion)
        .join(Essay, Essay.id == EssayVersion.essay_id)
        .where(Essay.prompt_id == prompt.id, EssayVersion.kind == VersionKind.SUBMITTED)
        .order_by(EssayVersion.essay_id, EssayVersion.number)
    ):
        newest[version.essay_id] = version
    awaiting = set(
        db.session.scalars(
            select(Essay.id).where(Essay.prompt_id == prompt.id, awaiting_feedback_condition())
        )
    )
    extensions = {
        extension.participant_id: extension
        for extension in db.session.scalars(
            select(Extension).where(Extension.prompt_id == prompt.id)
        )
    }
    rows = []
    for participant in participants:
        essay = essays.get(participant.id)
        rows.append(
            OverviewRow(
                participant=participant,
                essay=essay,
                submitted=newest.get(essay.id) if essay else None,
                extension=extensions.get(participant.id),
                awaiting=essay is not None and essay.id in awaiting,
            )
        )
    return rows
