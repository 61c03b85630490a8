"""Certificates of completion: the coordinator's PDF download."""

from flask import Blueprint, Response, abort, request
from flask_login import current_user

from linkenglish.authz import has_role, role_required
from linkenglish.certificates.services import (
    CertificateError,
    NameChoice,
    certifiable_enrollment,
    certificate_issue,
)
from linkenglish.classes.rates import attendance_rates
from linkenglish.extensions import db
from linkenglish.models import Enrollment, Role, User

bp = Blueprint("certificates", __name__, url_prefix="/certificates")


def get_certifiable_enrollment_or_404(enrollment_id: int, user: User) -> Enrollment:
    """Load a completed enrollment this user may certify (coordinators only), or answer 404."""
    enrollment = certifiable_enrollment(enrollment_id=enrollment_id)
    if enrollment is None or not has_role(user, {Role.COORDINATOR}):
        abort(404)
    return enrollment


def name_choice_or_404() -> NameChoice:
    """Read ?name=preferred|legal (preferred when absent); anything else answers 404."""
    try:
        return NameChoice(request.args.get("name", NameChoice.PREFERRED))
    except ValueError:
        abort(404)


@bp.route("/enrollments/<int:enrollment_id>.pdf")
@role_required(Role.COORDINATOR)
def download(enrollment_id: int):
    """Download the certificate of completion of a completed enrollment as PDF."""
    name_choice = name_choice_or_404()
    enrollment = get_certifiable_enrollment_or_404(enrollment_id, current_user)
    rates = attendance_rates(
        cohort_ids=[enrollment.cohort_id], participant_ids=[enrollment.participant_id]
    )
    rate = rates.get((enrollment.participant_id, enrollment.cohort_id))
    try:
        pdf = certificate_issue(
            enrollment=enrollment,
            name_choice=name_choice,
            by=current_user,
            attendance_rate=rate.rate if rate else None,
        )
    except CertificateError:
        abort(404)
    db.session.commit()
    # The file name carries the enrollment id only: never a name.
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="certificate-{enrollment.id}.pdf"'},
    )
