"""Certificates of completion: which enrollments earn one, and issuing it with its audit trail."""

import enum

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from linkenglish.audit.services import audit_record
from linkenglish.certificates.pdf import certificate_render
from linkenglish.extensions import db
from linkenglish.models import (
    Cohort,
    Enrollment,
    EnrollmentStatus,
    PartnerOrganisation,
    ProgramCode,
    User,
)

BRITISH_COUNCIL = "British Council"


class NameChoice(enum.StrEnum):
    """Which of the participant's names the certificate carries."""

    PREFERRED = "preferred"
    LEGAL = "legal"


class CertificateError(ValueError):
    """A certificate the rules do not allow; the message says why."""


def certificate_refusal(*, enrollment: Enrollment) -> str | None:
    """Say why an enrollment earns no certificate, or None when it earns one."""
    if enrollment.status is not EnrollmentStatus.COMPLETED:
        return "Only a completed enrollment earns a certificate."
    if enrollment.participant.erased_at is not None:
        return "The participant's personal data is erased."
    return None


def certifiable_enrollment(*, enrollment_id: int) -> Enrollment | None:
    """Load a completed enrollment of a participant who is not erased, or None."""
    enrollment = db.session.scalar(
        select(Enrollment)
        .options(
            joinedload(Enrollment.cohort).joinedload(Cohort.program),
            joinedload(Enrollment.participant),
        )
        .where(Enrollment.id == enrollment_id)
    )
    if enrollment is None or certificate_refusal(enrollment=enrollment):
        return None
    return enrollment


def certificate_partner_line(*, cohort: Cohort) -> str | None:
    """Name who taught with us: the cohort's partner, or for LIEP the British Council."""
    partner = db.session.get(PartnerOrganisation, cohort.partner_id) if cohort.partner_id else None
    # The British Council takes "the" in running text; other names are printed as stored.
    if partner is not None and partner.name.strip().casefold() != BRITISH_COUNCIL.casefold():
        return _("Taught with %(partner)s", partner=partner.name)
    if partner is not None or cohort.program.code is ProgramCode.LIEP:
        return _("Taught with the British Council")
    return None


def certificate_issue(
    *,
    enrollment: Enrollment,
    name_choice: NameChoice,
    by: User,
    attendance_rate: float | None = None,
) -> bytes:
    """Render the certificate of a completed enrollment and record who downloaded it."""
    # The legal name is a view of personal data and audited as one. The audit events say
    # which name was used, never the name. attendance_rate: a fraction (0.92 for 92%), for
    # the attendance reports to pass once they exist.
    refusal = certificate_refusal(enrollment=enrollment)
    if refusal:
        raise CertificateError(refusal)
    participant = enrollment.participant
    if name_choice is NameChoice.LEGAL:
        name = participant.legal_name
        if not name:
            raise CertificateError("The participant has no legal name on record.")
        audit_record(
            action="participant.personal_data.certificate",
            actor=by,
            object_type="participant",
            object_id=participant.id,
        )
    else:
        name = participant.preferred_name
    cohort = enrollment.cohort
    pdf = certificate_render(
        name=name,
        program_name=cohort.program.name,
        cohort_name=cohort.name,
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        completed_on=enrollment.ended_on,
        partner_line=certificate_partner_line(cohort=cohort),
        attendance_rate=attendance_rate,
    )
    audit_record(
        action="certificate.download",
        actor=by,
        object_type="enrollment",
        object_id=enrollment.id,
        detail={"name": name_choice.value},
    )
    return pdf
