"""Translated labels for enumerated values, shared by templates and forms."""

from flask_babel import lazy_gettext as _l

from linkenglish.models import ParticipantStatus, ProgramCode, Role

PROGRAM_LABELS = {
    ProgramCode.LELP: _l("LELP — LiNK English Language ProgramCode"),
    ProgramCode.LIEP: _l("LIEP — LiNK Intensive English ProgramCode"),
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


def program_label(program: ProgramCode) -> str:
    """The program's translated name."""
    return PROGRAM_LABELS[ProgramCode(program)]


def status_label(status: ParticipantStatus) -> str:
    """The participant status, translated."""
    return STATUS_LABELS[ParticipantStatus(status)]


def role_label(role: Role) -> str:
    """The role, translated."""
    return ROLE_LABELS[Role(role)]


TEMPLATE_GLOBALS = {
    "program_label": program_label,
    "status_label": status_label,
    "role_label": role_label,
}
