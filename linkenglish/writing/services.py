"""Essays, their working draft and their frozen versions."""

import re
from dataclasses import dataclass

from sqlalchemy import func, select, update

from linkenglish.extensions import db
from linkenglish.models import Participant, User
from linkenglish.models.base import utcnow
from linkenglish.models.writing import (
    Essay,
    EssayDraft,
    EssayStatus,
    EssayVersion,
    VersionKind,
    WritingPrompt,
)

# Letters and digits, joined by apostrophes or hyphens ("couldn't", "well-known"); dashes,
# Markdown marks and punctuation between words are not words.
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


class WritingError(ValueError):
    """A writing action that cannot be done; the message is for the writer."""


def word_count(text: str | None) -> int:
    """Count the words of a text as a reader would."""
    return len(WORD.findall(text or ""))


def essay_create(
    *,
    participant: Participant,
    by: User | None,
    title: str = "",
    body: str = "",
    prompt: WritingPrompt | None = None,
) -> Essay:
    """Start an essay (free writing without a prompt) with its working draft."""
    essay = Essay(
        participant_id=participant.id,
        prompt_id=prompt.id if prompt else None,
        cohort_id=prompt.cohort_id if prompt else None,
        status=EssayStatus.DRAFT,
    )
    essay.draft = EssayDraft(title=title, body=body, revision=1, saved_at=utcnow())
    db.session.add(essay)
    db.session.flush()
    return essay


@dataclass(frozen=True)
class AutosaveResult:
    """What an autosave did: the draft as it now is, and a version made from a stale save."""

    draft: EssayDraft
    changed: bool
    conflict: bool = False
    version: EssayVersion | None = None


def draft_of(essay: Essay) -> EssayDraft:
    """The essay's working draft; one that went missing is rebuilt from the latest version."""
    if essay.draft is None:
        latest = essay.versions[-1] if essay.versions else None
        essay.draft = EssayDraft(
            title=latest.title if latest else "",
            body=latest.body if latest else "",
            revision=1,
            saved_at=utcnow(),
        )
        db.session.flush()
    return essay.draft


def draft_autosave(
    *, essay: Essay, title: str, body: str, revision: int, by: User | None
) -> AutosaveResult:
    """Overwrite the working draft, unless the save comes from an out-of-date revision:
    then keep the newer draft and freeze the posted text as a version instead."""
    draft = draft_of(essay)
    if draft.title == title and draft.body == body:
        return AutosaveResult(draft=draft, changed=False)
    # Compare and set in one statement, so two workers cannot both write revision n + 1.
    now = utcnow()
    written = db.session.execute(
        update(EssayDraft)
        .where(EssayDraft.id == draft.id, EssayDraft.revision == revision)
        .values(title=title, body=body, revision=EssayDraft.revision + 1, saved_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(draft)
    if written:
        essay.updated_at = now
        return AutosaveResult(draft=draft, changed=True)
    if draft.title == title and draft.body == body:
        return AutosaveResult(draft=draft, changed=False)
    version = version_add(essay=essay, kind=VersionKind.SAVED, title=title, body=body, by=by)
    return AutosaveResult(draft=draft, changed=False, conflict=True, version=version)


def latest_version(essay: Essay) -> EssayVersion | None:
    """Return the essay's newest version, if any."""
    return db.session.scalar(
        select(EssayVersion)
        .where(EssayVersion.essay_id == essay.id)
        .order_by(EssayVersion.number.desc())
        .limit(1)
    )


def version_add(
    *, essay: Essay, kind: VersionKind, title: str, body: str, by: User | None, late: bool = False
) -> EssayVersion:
    """Freeze a title and text as the essay's next version, unless the newest version
    already holds exactly that text (and, for a submission, was itself submitted)."""
    latest = latest_version(essay)
    if (
        latest is not None
        and latest.title == title
        and latest.body == body
        and (kind is VersionKind.SAVED or latest.kind is VersionKind.SUBMITTED)
    ):
        return latest
    return version_create(essay=essay, kind=kind, title=title, body=body, by=by, late=late)


def version_create(
    *, essay: Essay, kind: VersionKind, title: str, body: str, by: User | None, late: bool = False
) -> EssayVersion:
    """Freeze a title and text as the essay's next version, always a new one."""
    number = db.session.scalar(
        select(func.coalesce(func.max(EssayVersion.number), 0)).where(
            EssayVersion.essay_id == essay.id
        )
    )
    version = EssayVersion(
        essay_id=essay.id,
        number=number + 1,
        kind=kind,
        title=title,
        body=body,
        late=late,
        created_by_id=by.id if by is not None else None,
        created_at=utcnow(),
    )
    db.session.add(version)
    db.session.flush()
    return version


def version_freeze(
    *, essay: Essay, kind: VersionKind, by: User | None, late: bool = False
) -> EssayVersion:
    """Freeze the working draft as a version (the newest one when the text is unchanged)."""
    draft = draft_of(essay)
    if not draft.body.strip():
        raise WritingError("empty")
    return version_add(essay=essay, kind=kind, title=draft.title, body=draft.body, by=by, late=late)


def essay_submit(*, essay: Essay, by: User | None, late: bool = False) -> EssayVersion:
    """Freeze the working draft as a submitted version and mark the essay submitted
    (late is decided by the caller, who knows the due date: a version never changes)."""
    version = version_freeze(essay=essay, kind=VersionKind.SUBMITTED, by=by, late=late)
    if essay.status is EssayStatus.FEEDBACK_RELEASED:
        essay.status = EssayStatus.RESUBMITTED
    elif essay.status is EssayStatus.DRAFT:
        essay.status = EssayStatus.SUBMITTED
    essay.updated_at = utcnow()
    return version


@dataclass(frozen=True)
class EssayRow:
    """One line of "My writing"."""

    essay: Essay
    title: str
    saved_at: object
    words: int
    versions: list[EssayVersion]


def essays_of(*, participant_id: int) -> list[EssayRow]:
    """List a participant's essays, newest first, with drafts and versions (three queries)."""
    essays = db.session.scalars(
        select(Essay)
        .where(Essay.participant_id == participant_id)
        .order_by(Essay.updated_at.desc(), Essay.id.desc())
    ).all()
    ids = [essay.id for essay in essays]
    drafts = {
        draft.essay_id: draft
        for draft in db.session.scalars(select(EssayDraft).where(EssayDraft.essay_id.in_(ids)))
    }
    versions: dict[int, list[EssayVersion]] = {essay_id: [] for essay_id in ids}
    for version in db.session.scalars(
        select(EssayVersion)
        .where(EssayVersion.essay_id.in_(ids))
        .order_by(EssayVersion.essay_id, EssayVersion.number)
    ):
        versions[version.essay_id].append(version)
    rows = []
    for essay in essays:
        draft = drafts.get(essay.id)
        rows.append(
            EssayRow(
                essay=essay,
                title=draft.title if draft else "",
                saved_at=draft.saved_at if draft else essay.updated_at,
                words=word_count(draft.body) if draft else 0,
                versions=versions[essay.id],
            )
        )
    return rows
