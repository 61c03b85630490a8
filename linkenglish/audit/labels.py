"""Readable, translated names for the actions and objects the audit log records.

Codes are what audit_record() is called with across the app; a code missing here is shown
as recorded, so a new action is never hidden, only less readable until it is added.
"""

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    # Signing in
    "login": _l("Signed in"),
    "login.failed": _l("Failed sign-in"),
    "login.throttled": _l("Sign-in refused: too many wrong passwords"),
    # Personal data
    "participant.personal_data.view": _l("Viewed personal data"),
    "participant.personal_data.certificate": _l("Put the legal name on a certificate"),
    "participant.lookup": _l("Looked up a legal name or e-mail"),
    "participant.export": _l("Exported a participant's data"),
    "participant.erase": _l("Erased a participant's personal data"),
    "participant.create": _l("Added a participant"),
    "participant.update": _l("Changed a participant's details"),
    "participant.archive": _l("Archived a participant"),
    "participant.unarchive": _l("Brought a participant back"),
    "participants.export_list": _l("Downloaded the participant list"),
    "participants.import": _l("Imported participants"),
    "participants.import.preview": _l("Previewed a participant import"),
    # Logins
    "user.create": _l("Created a login"),
    "user.invitation.create": _l("Made an invitation link"),
    "user.password_reset.create": _l("Made a password reset link"),
    "user.password.set": _l("Set a password"),
    "user.disable": _l("Disabled a login"),
    "user.enable": _l("Enabled a login"),
    "user.email.view": _l("Viewed a login's e-mail"),
    "calendar_link.create": _l("Made a calendar link"),
    "calendar_link.reset": _l("Reset a calendar link"),
    # Consent and publication
    "consent.given": _l("Consent given"),
    "consent.withdrawn": _l("Consent withdrawn"),
    "consent.identity_check.view": _l("Opened the identity check"),
    "essay.redacted": _l("Redacted an essay"),
    "publication.published": _l("Published an essay"),
    "publication.taken_down": _l("Took an essay down"),
    # Levels
    "level_assessment.record": _l("Recorded a level"),
    "level_assessment.correct": _l("Corrected a level entry"),
    "level_assessment.void": _l("Voided a level entry"),
    "proficiency_level.create": _l("Added a program sub-level"),
    # Cohorts and partners
    "cohort.create": _l("Created a cohort"),
    "cohort.update": _l("Changed a cohort"),
    "cohort.dates.move": _l("Moved a cohort's dates"),
    "cohort.close": _l("Closed a cohort"),
    "cohort.reopen": _l("Reopened a cohort"),
    "cohort.teachers.set": _l("Assigned a cohort's teachers"),
    "cohort.roster.export": _l("Downloaded a cohort roster"),
    "enrollment.add": _l("Enrolled participants"),
    "enrollment.update": _l("Changed an enrollment"),
    "certificate.download": _l("Downloaded a certificate"),
    "partner.create": _l("Added a partner organisation"),
    "partner.update": _l("Changed a partner organisation"),
    # Sessions and attendance
    "class_session.create": _l("Added a session"),
    "class_session.series_create": _l("Added a weekly series of sessions"),
    "class_session.update": _l("Changed a session"),
    "class_session.cancel": _l("Cancelled a session"),
    "class_session.restore": _l("Restored a cancelled session"),
    "attendance.take": _l("Took attendance"),
    "checkin.open": _l("Opened self check-in"),
    "checkin.close": _l("Closed self check-in"),
    "checkin.lockout": _l("Self check-in locked after wrong codes"),
    "report.download": _l("Downloaded a report"),
}

OBJECT_TYPE_LABELS = {
    "participant": _l("Participant"),
    "user": _l("Login"),
    "cohort": _l("Cohort"),
    "class_session": _l("Session"),
    "consent": _l("Consent"),
    "publication": _l("Publication"),
    "essay": _l("Essay"),
    "enrollment": _l("Cohort enrollment"),
    "level_assessment": _l("Level entry"),
    "proficiency_level": _l("Level"),
    "partner_organisation": _l("Partner organisation"),
}


def action_label(code: str) -> str:
    """The action's translated name, or its code when it has none yet."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def object_type_label(code: str) -> str:
    """The object type's translated name, or its code when it has none."""
    label = OBJECT_TYPE_LABELS.get(code)
    return str(label) if label is not None else code
