"""All models, behind one import for Alembic and for the features."""

from linkenglish.models.audit import AuditEvent
from linkenglish.models.base import Base, EncryptedText, UTCDateTime, utcnow
from linkenglish.models.participants import Participant, ParticipantStatus, Program
from linkenglish.models.users import PartnerOrganisation, Role, User

__all__ = [
    "AuditEvent",
    "Base",
    "EncryptedText",
    "Participant",
    "ParticipantStatus",
    "PartnerOrganisation",
    "Program",
    "Role",
    "UTCDateTime",
    "User",
    "utcnow",
]
