"""All models, behind one import for Alembic and for the features."""

from linkenglish.models.audit import AuditEvent
from linkenglish.models.base import CEFR, Base, EncryptedText, ProgramCode, UTCDateTime, utcnow
from linkenglish.models.classes import (
    AttendanceMark,
    AttendanceMarkChange,
    AttendanceStatus,
    CheckinAttempt,
    ClassSession,
    SessionMode,
)
from linkenglish.models.cohorts import Cohort, CohortTeacher, Enrollment, EnrollmentStatus
from linkenglish.models.consent import (
    ConsentKind,
    ConsentMethod,
    ConsentRecord,
    ConsentText,
    Language,
    Publication,
    Redaction,
)
from linkenglish.models.immutable import AppendOnly, ImmutableRowError
from linkenglish.models.participants import Participant, ParticipantStatus
from linkenglish.models.programs import (
    AssessmentMethod,
    LevelAssessment,
    LevelAssessmentChange,
    ProficiencyLevel,
    Program,
)
from linkenglish.models.uploads import PendingUpload
from linkenglish.models.users import (
    AccountToken,
    PartnerOrganisation,
    Role,
    SignInFailure,
    TokenPurpose,
    User,
)
from linkenglish.models.writing import (
    Essay,
    EssayDraft,
    EssayStatus,
    EssayVersion,
    Extension,
    Feedback,
    VersionKind,
    WritingPrompt,
)

__all__ = [
    "CEFR",
    "AccountToken",
    "AppendOnly",
    "AssessmentMethod",
    "AttendanceMark",
    "AttendanceMarkChange",
    "AttendanceStatus",
    "AuditEvent",
    "Base",
    "CheckinAttempt",
    "ClassSession",
    "Cohort",
    "CohortTeacher",
    "ConsentKind",
    "ConsentMethod",
    "ConsentRecord",
    "ConsentText",
    "EncryptedText",
    "Enrollment",
    "EnrollmentStatus",
    "Essay",
    "EssayDraft",
    "EssayStatus",
    "EssayVersion",
    "Extension",
    "Feedback",
    "ImmutableRowError",
    "Language",
    "LevelAssessment",
    "LevelAssessmentChange",
    "Participant",
    "ParticipantStatus",
    "PartnerOrganisation",
    "PendingUpload",
    "ProficiencyLevel",
    "Program",
    "ProgramCode",
    "Publication",
    "Redaction",
    "Role",
    "SessionMode",
    "SignInFailure",
    "TokenPurpose",
    "UTCDateTime",
    "User",
    "VersionKind",
    "WritingPrompt",
    "utcnow",
]
