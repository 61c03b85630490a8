"""Who may see which object.

Coarse access (every view is public or declares its roles with @role_required) is in
linkenglish.access; role_required and json_api are re-exported here for the views.
Per object: views load objects through get_<thing>_or_404(id, user), which answers 404
both when the object does not exist and when this user may not see it.
"""

from collections.abc import Iterable

from flask import abort
from sqlalchemy import select

from linkenglish.access import json_api, role_required
from linkenglish.extensions import db
from linkenglish.models import (
    ClassSession,
    Cohort,
    CohortTeacher,
    Enrollment,
    EnrollmentStatus,
    Essay,
    EssayVersion,
    Participant,
    Role,
    User,
    VersionKind,
    WritingPrompt,
)
from linkenglish.visibility import enrolled_on_day

__all__ = [
    "Role",
    "can_take_attendance",
    "can_teach_cohort",
    "can_view_cohort",
    "can_view_essay",
    "can_view_participant",
    "can_view_prompt",
    "can_view_session",
    "get_cohort_or_404",
    "get_essay_or_404",
    "get_login_or_404",
    "get_participant_or_404",
    "get_prompt_or_404",
    "get_session_or_404",
    "json_api",
    "role_required",
    "visible_versions",
]


def has_role(user: User, roles: Iterable[Role]) -> bool:
    """Tell whether a signed-in user has one of roles."""
    return bool(user and user.is_authenticated and user.role in set(roles))


def can_view_participant(user: User, participant: Participant) -> bool:
    """Coordinators see everyone; partner users, participants of cohorts their organisation
    teaches; a participant, only themselves."""
    if has_role(user, {Role.COORDINATOR}):
        return True
    if has_role(user, {Role.PARTICIPANT}):
        return user.participant_id == participant.id
    if has_role(user, {Role.PARTNER}):
        taught = (
            select(Enrollment.id)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .where(
                Enrollment.participant_id == participant.id,
                Cohort.partner_id == user.partner_id,
            )
            .exists()
        )
        return participant.erased_at is None and bool(db.session.scalar(select(taught)))
    return False


def get_participant_or_404(participant_id: int, user: User) -> Participant:
    """Load a participant this user may see, or answer 404."""
    participant = db.session.get(Participant, participant_id)
    if participant is None or not can_view_participant(user, participant):
        abort(404)
    return participant


def get_login_or_404(user_id: int, viewer: User) -> User:
    """Load a login that this viewer manages (coordinators manage all), or answer 404."""
    user = db.session.get(User, user_id)
    if user is None or not has_role(viewer, {Role.COORDINATOR}):
        abort(404)
    return user


def can_view_cohort(user: User, cohort: Cohort) -> bool:
    """Coordinators see every cohort; partner users those their organisation teaches or
    they were assigned to; a participant, the cohorts they were ever enrolled in."""
    if has_role(user, {Role.COORDINATOR}):
        return True
    if has_role(user, {Role.PARTNER}):
        if cohort.partner_id is not None and cohort.partner_id == user.partner_id:
            return True
        assigned = select(CohortTeacher.user_id).where(
            CohortTeacher.cohort_id == cohort.id, CohortTeacher.user_id == user.id
        )
        return db.session.scalar(assigned) is not None
    if has_role(user, {Role.PARTICIPANT}):
        enrolled = select(Enrollment.id).where(
            Enrollment.cohort_id == cohort.id, Enrollment.participant_id == user.participant_id
        )
        return db.session.scalar(enrolled) is not None
    return False


def get_cohort_or_404(cohort_id: int, user: User) -> Cohort:
    """Load a cohort this user may see, or answer 404."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not can_view_cohort(user, cohort):
        abort(404)
    return cohort


def can_view_session(user: User, session: ClassSession) -> bool:
    """Coordinators see every session; partner users the sessions their organisation
    teaches; a participant, sessions on days their enrollment in its cohort covers."""
    if has_role(user, {Role.COORDINATOR}):
        return True
    if has_role(user, {Role.PARTNER}):
        return session.partner_id is not None and session.partner_id == user.partner_id
    if has_role(user, {Role.PARTICIPANT}):
        enrolled = select(Enrollment.id).where(
            enrolled_on_day(session), Enrollment.participant_id == user.participant_id
        )
        return db.session.scalar(enrolled) is not None
    return False


def can_take_attendance(user: User, session: ClassSession) -> bool:
    """Coordinators, and users of the partner organisation teaching the session."""
    if has_role(user, {Role.COORDINATOR}):
        return True
    return (
        has_role(user, {Role.PARTNER})
        and session.partner_id is not None
        and session.partner_id == user.partner_id
    )


def get_session_or_404(session_id: int, user: User) -> ClassSession:
    """Load a class session this user may see, or answer 404."""
    session = db.session.get(ClassSession, session_id)
    if session is None or not can_view_session(user, session):
        abort(404)
    return session


def can_teach_cohort(user: User, cohort_id: int | None) -> bool:
    """Coordinators, and partner users a coordinator assigned to teach this cohort."""
    if has_role(user, {Role.COORDINATOR}):
        return True
    if cohort_id is None or not has_role(user, {Role.PARTNER}):
        return False
    assigned = select(CohortTeacher.user_id).where(
        CohortTeacher.cohort_id == cohort_id, CohortTeacher.user_id == user.id
    )
    return db.session.scalar(assigned) is not None


def can_view_prompt(user: User, prompt: WritingPrompt) -> bool:
    """Those who teach the prompt's cohort, and its participants (active or completed)."""
    if has_role(user, {Role.PARTICIPANT}):
        enrolled = select(Enrollment.id).where(
            Enrollment.cohort_id == prompt.cohort_id,
            Enrollment.participant_id == user.participant_id,
            Enrollment.status.in_([EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED]),
        )
        return db.session.scalar(enrolled.limit(1)) is not None
    return can_teach_cohort(user, prompt.cohort_id)


def get_prompt_or_404(prompt_id: int, user: User) -> WritingPrompt:
    """Load a writing prompt this user may see, or answer 404."""
    prompt = db.session.get(WritingPrompt, prompt_id)
    if prompt is None or not can_view_prompt(user, prompt):
        abort(404)
    return prompt


def has_submitted_version(essay: Essay) -> bool:
    """Tell whether an essay was ever submitted (has a submitted version)."""
    submitted = select(EssayVersion.id).where(
        EssayVersion.essay_id == essay.id, EssayVersion.kind == VersionKind.SUBMITTED
    )
    return db.session.scalar(submitted.limit(1)) is not None


def can_view_essay(user: User, essay: Essay) -> bool:
    """Its author always; coordinators, and teachers assigned to its cohort, once it has
    been submitted (and then only its submitted versions: see visible_versions)."""
    if has_role(user, {Role.PARTICIPANT}):
        return user.participant_id == essay.participant_id
    if has_role(user, {Role.COORDINATOR}):
        return has_submitted_version(essay)
    if has_role(user, {Role.PARTNER}):
        return can_teach_cohort(user, essay.cohort_id) and has_submitted_version(essay)
    return False


def get_essay_or_404(essay_id: int, user: User) -> Essay:
    """Load an essay this user may see, or answer 404."""
    essay = db.session.get(Essay, essay_id)
    if essay is None or not can_view_essay(user, essay):
        abort(404)
    return essay


def visible_versions(essay: Essay, user: User) -> list[EssayVersion]:
    """The versions of an essay this user may read, oldest first: all for its author,
    submitted ones for staff. Drafts and saved versions belong to the participant."""
    if not can_view_essay(user, essay):
        return []
    if has_role(user, {Role.PARTICIPANT}):
        return list(essay.versions)
    return [version for version in essay.versions if version.kind is VersionKind.SUBMITTED]
