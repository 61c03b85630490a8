"""Who may give feedback, saving and releasing it, and reading what was released."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from linkenglish.extensions import db
from linkenglish.feedback.rubric import CRITERIA, band_field
from linkenglish.models import CEFR, CohortTeacher, Role, User
from linkenglish.models.base import utcnow
from linkenglish.models.writing import Essay, EssayStatus, EssayVersion, Feedback, VersionKind


class FeedbackError(ValueError):
    """A feedback action that cannot be done."""


def can_give_feedback(user: User, essay: Essay) -> bool:
    """Coordinators, and partner users assigned to teach the essay's cohort."""
    if not (user and user.is_authenticated):
        return False
    if user.role is Role.COORDINATOR:
        return True
    if user.role is not Role.PARTNER or essay.cohort_id is None:
        return False
    assigned = select(CohortTeacher.user_id).where(
        CohortTeacher.cohort_id == essay.cohort_id, CohortTeacher.user_id == user.id
    )
    return db.session.scalar(assigned) is not None


def submitted_version_for(*, version_id: int, user: User) -> EssayVersion | None:
    """Load a submitted version this user may give feedback on, else None."""
    version = db.session.get(EssayVersion, version_id)
    if version is None or version.kind is not VersionKind.SUBMITTED:
        return None
    essay = db.session.get(Essay, version.essay_id)
    return version if can_give_feedback(user, essay) else None


def feedback_of(*, version: EssayVersion, author: User) -> Feedback | None:
    """The author's feedback on a version, if they started one."""
    return db.session.scalar(
        select(Feedback).where(Feedback.version_id == version.id, Feedback.author_id == author.id)
    )


def feedback_save(
    *, version: EssayVersion, by: User, comments: str, bands: dict[str, CEFR | None]
) -> Feedback:
    """Write (or rewrite) the author's unreleased feedback on a submitted version."""
    if version.kind is not VersionKind.SUBMITTED:
        raise FeedbackError("not submitted")
    feedback = feedback_of(version=version, author=by)
    if feedback is None:
        feedback = Feedback(version_id=version.id, author_id=by.id, created_at=utcnow())
        db.session.add(feedback)
    elif feedback.released_at is not None:
        raise FeedbackError("released")
    wanted = {"comments": comments}
    wanted |= {band_field(criterion): bands.get(criterion) for criterion in CRITERIA}
    if feedback.id is not None and all(getattr(feedback, k) == v for k, v in wanted.items()):
        return feedback  # saved unchanged: it was not updated
    for name, value in wanted.items():
        setattr(feedback, name, value)
    feedback.updated_at = utcnow()
    db.session.flush()
    return feedback


def feedback_release(*, feedback: Feedback, essay: Essay) -> None:
    """Show the feedback to the participant; the essay's status says so unless it is final."""
    if feedback.released_at is not None:
        raise FeedbackError("released")
    bands = (feedback.task_band, feedback.organisation_band, feedback.vocabulary_band,
             feedback.grammar_band, feedback.overall_band)  # fmt: skip
    if not (feedback.comments or "").strip() and all(band is None for band in bands):
        raise FeedbackError("empty")  # nothing for the participant to read
    feedback.released_at = utcnow()
    if essay.status is not EssayStatus.FINAL:
        essay.status = EssayStatus.FEEDBACK_RELEASED
    essay.updated_at = feedback.released_at
    db.session.flush()


@dataclass(frozen=True)
class FeedbackRow:
    """Feedback with the name of who gave it."""

    feedback: Feedback
    author_name: str | None


def feedback_rows(*, version: EssayVersion, released_only: bool) -> list[FeedbackRow]:
    """The feedback on a version with its authors' names, oldest first (one query)."""
    query = (
        select(Feedback, User.display_name)
        .outerjoin(User, User.id == Feedback.author_id)
        .where(Feedback.version_id == version.id)
        .order_by(Feedback.created_at, Feedback.id)
    )
    if released_only:
        query = query.where(Feedback.released_at.is_not(None))
    return [FeedbackRow(feedback, name) for feedback, name in db.session.execute(query)]


def released_feedback(version: EssayVersion) -> list[FeedbackRow]:
    """The released feedback on a version, for its author's pages."""
    return feedback_rows(version=version, released_only=True)


@dataclass(frozen=True)
class BandsRow:
    """One released piece of feedback on a participant's essay, for the bands over time."""

    released_at: datetime
    essay_id: int
    title: str
    number: int
    bands: dict[str, CEFR | None]


def bands_over_time(*, participant_id: int) -> list[BandsRow]:
    """A participant's released rubric bands, oldest first (one query)."""
    rows = db.session.execute(
        select(Feedback, EssayVersion.essay_id, EssayVersion.title, EssayVersion.number)
        .join(EssayVersion, EssayVersion.id == Feedback.version_id)
        .join(Essay, Essay.id == EssayVersion.essay_id)
        .where(Essay.participant_id == participant_id, Feedback.released_at.is_not(None))
        .order_by(Feedback.released_at, Feedback.id)
    )
    return [
        BandsRow(
            released_at=feedback.released_at,
            essay_id=essay_id,
            title=title,
            number=number,
            bands={c: getattr(feedback, band_field(c)) for c in CRITERIA},
        )
        for feedback, essay_id, title, number in rows
    ]
