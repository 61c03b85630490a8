"""Translated labels for enumerated values, shared by templates and forms."""

from datetime import date

from flask_babel import format_date, format_decimal, format_percent
from flask_babel import lazy_gettext as _l

from linkenglish.dates import localdate
from linkenglish.models import (
    AssessmentMethod,
    EnrollmentStatus,
    LevelAssessment,
    ParticipantStatus,
    ProgramCode,
    Role,
    SessionMode,
)
from linkenglish.models.programs import SKILLS

PROGRAM_LABELS = {
    ProgramCode.LELP: _l("LELP — LiNK English Language Program"),
    ProgramCode.LIEP: _l("LIEP — LiNK Intensive English Program"),
}
STATUS_LABELS = {
    ParticipantStatus.ACTIVE: _l("Active"),
    ParticipantStatus.ALUMNI: _l("Alumni"),
    ParticipantStatus.WITHDRAWN: _l("Withdrawn"),
}
ROLE_LABELS = {
    Role.COORDINATOR: _l("Coordinator"),
    Role.PARTNER: _l("Partner"),
    Role.PARTICIPANT: _l("Participant"),
}


ENROLLMENT_STATUS_LABELS = {
    EnrollmentStatus.ACTIVE: _l("enrolled"),
    EnrollmentStatus.COMPLETED: _l("completed"),
    EnrollmentStatus.WITHDRAWN: _l("withdrawn"),
}
ASSESSMENT_METHOD_LABELS = {
    AssessmentMethod.PLACEMENT_TEST: _l("Placement test"),
    AssessmentMethod.COURSE_COMPLETION: _l("Course completion"),
    AssessmentMethod.TEACHER_ASSESSMENT: _l("Teacher assessment"),
    AssessmentMethod.EXTERNAL_TEST: _l("External test"),
}
SESSION_MODE_LABELS = {
    SessionMode.ONLINE: _l("Online"),
    SessionMode.IN_PERSON: _l("In person"),
}
SKILL_LABELS = {
    "speaking": _l("Speaking"),
    "listening": _l("Listening"),
    "reading": _l("Reading"),
    "writing": _l("Writing"),
}

# What a correction of a level entry lists: each earlier value under its field's name.
LEVEL_FIELD_LABELS = {
    "level": _l("Level"),
    "assessed_on": _l("Date"),
    "method": _l("How it was reached"),
    "external_test": _l("External test"),
    "external_score": _l("External test score"),
    **{f"{skill}_score": label for skill, label in SKILL_LABELS.items()},
    "note": _l("Note"),
    "void_reason": _l("Reason for voiding"),
}


def program_label(program: ProgramCode) -> str:
    """The program's translated name."""
    return PROGRAM_LABELS[ProgramCode(program)]


def status_label(status: ParticipantStatus) -> str:
    """The participant status, translated."""
    return STATUS_LABELS[ParticipantStatus(status)]


def role_label(role: Role) -> str:
    """The role, translated."""
    return ROLE_LABELS[Role(role)]


def enrollment_status_label(status: EnrollmentStatus) -> str:
    """The enrollment status, translated."""
    return ENROLLMENT_STATUS_LABELS[EnrollmentStatus(status)]


def assessment_method_label(method: AssessmentMethod) -> str:
    """How a level was reached, translated."""
    return ASSESSMENT_METHOD_LABELS[AssessmentMethod(method)]


def skill_scores(entry: LevelAssessment) -> list[tuple[str, object]]:
    """The skill scores an entry has, as (translated skill, score) pairs."""
    pairs = [(SKILL_LABELS[skill], getattr(entry, f"{skill}_score")) for skill in SKILLS]
    return [(label, score) for label, score in pairs if score is not None]


def level_change_items(previous: dict) -> list[tuple[str, str]]:
    """List a level entry's earlier values from a change record as (field, value) to read."""
    items = []
    for field, label in LEVEL_FIELD_LABELS.items():
        if field not in previous:
            continue
        value = previous[field]
        if value is None or value == "":
            value = "—"
        elif field == "method" and value in set(AssessmentMethod):
            value = assessment_method_label(value)
        elif field == "assessed_on":
            value = format_date(date.fromisoformat(value))
        items.append((label, value))
    return items


def session_mode_label(mode: SessionMode) -> str:
    """Online or in person, translated."""
    return SESSION_MODE_LABELS[SessionMode(mode)]


TEMPLATE_GLOBALS = {
    "program_label": program_label,
    "status_label": status_label,
    "role_label": role_label,
    "enrollment_status_label": enrollment_status_label,
    "assessment_method_label": assessment_method_label,
    "skill_scores": skill_scores,
    "level_change_items": level_change_items,
    "session_mode_label": session_mode_label,
}
TEMPLATE_FILTERS = {
    "localdate": localdate,
    "decimal": format_decimal,
    "percent": format_percent,
}
