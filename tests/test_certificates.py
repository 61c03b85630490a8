"""Certificates of completion: the PDF carries the chosen name in Hangul, the legal name is
audited without being written down, and only completed enrollments of live participants
earn one."""

import io
import logging
import pathlib
import tomllib
import unicodedata
from datetime import date
from types import SimpleNamespace

import pytest
from flask import render_template
from pypdf import PdfReader
from sqlalchemy import select

from linkenglish import ROOT
from linkenglish.certificates import pdf as certificate_pdf
from linkenglish.certificates.pdf import certificate_render
from linkenglish.cohorts.services import (
    cohort_create,
    enrollment_add,
    enrollment_end,
    program_by_code,
)
from linkenglish.extensions import db
from linkenglish.models import (
    AuditEvent,
    Enrollment,
    EnrollmentStatus,
    Participant,
    ProgramCode,
    Role,
    User,
)
from linkenglish.participants.rights import participant_erase
from linkenglish.partners.services import partner_organisation_get_or_create

PREFERRED = "하늘"
LEGAL = "김하늘별"
COHORT = "LIEP Spring 2026 봄"


def enroll(app, participant, *, program=ProgramCode.LIEP, partner=None, completed=True):
    """Enroll a participant in a new cohort, completed unless told otherwise; return its id."""
    with app.app_context():
        cohort = cohort_create(
            program=program_by_code(program),
            name=f"{COHORT} {participant.id}",
            starts_on=date(2026, 3, 2),
            ends_on=date(2026, 6, 26),
            partner=partner_organisation_get_or_create(name=partner) if partner else None,
        )
        enrollment = enrollment_add(
            cohort=cohort,
            participant=db.session.get(Participant, participant.id),
            enrolled_on=date(2026, 3, 2),
        )
        if completed:
            enrollment_end(
                enrollment=enrollment, status=EnrollmentStatus.COMPLETED, ended_on=date(2026, 6, 26)
            )
        db.session.commit()
        return enrollment.id


@pytest.fixture
def learner(make_participant):
    return make_participant(preferred_name=PREFERRED, legal_name=LEGAL)


@pytest.fixture
def coordinator(make_user, login_as):
    return login_as(make_user(Role.COORDINATOR))


def pdf_text(response) -> str:
    """The text of the certificate's one page."""
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def audit_events(app) -> list[AuditEvent]:
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        db.session.expunge_all()
        return events


def test_preferred_name_certificate(app, client, coordinator, learner):
    enrollment_id = enroll(app, learner)
    response = client.get(f"/certificates/enrollments/{enrollment_id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="certificate-{enrollment_id}.pdf"'
    text = pdf_text(response)
    assert PREFERRED in text
    assert LEGAL not in text
    assert "Certificate of Completion" in text
    assert "LiNK Intensive English Program (LIEP)" in text
    assert f"{COHORT} {learner.id}" in text
    assert "LiNK English — Liberty in North Korea" in text
    assert "Taught with the British Council" in text
    assert "Completed on June 26, 2026" in text
    assert "March 2, 2026" in text
    assert "Attendance" not in text  # no rate until the attendance reports give one
    assert [(e.action, e.object_type, e.object_id, e.detail) for e in audit_events(app)] == [
        ("certificate.download", "enrollment", enrollment_id, {"name": "preferred"})
    ]


def test_legal_name_certificate_is_audited_without_the_name(app, client, coordinator, learner):
    enrollment_id = enroll(app, learner)
    response = client.get(f"/certificates/enrollments/{enrollment_id}.pdf?name=legal")
    assert response.status_code == 200
    text = pdf_text(response)
    assert LEGAL in text
    assert f"{COHORT} {learner.id}" in text
    assert "LiNK Intensive English Program (LIEP)" in text
    assert LEGAL not in str(response.headers) and PREFERRED not in str(response.headers)
    events = audit_events(app)
    assert [(e.action, e.object_type, e.object_id, e.detail) for e in events] == [
        ("participant.personal_data.certificate", "participant", learner.id, None),
        ("certificate.download", "enrollment", enrollment_id, {"name": "legal"}),
    ]
    assert all(e.actor_id == coordinator.id for e in events)
    for event in events:
        written = repr([getattr(event, c.key) for c in AuditEvent.__table__.columns])
        assert LEGAL not in written and PREFERRED not in written


def test_partner_organisation_is_named(app, client, coordinator, make_participant):
    learner = make_participant(preferred_name="Mina", program=ProgramCode.LELP)
    enrollment_id = enroll(app, learner, program=ProgramCode.LELP, partner="Seoul Volunteers")
    text = pdf_text(client.get(f"/certificates/enrollments/{enrollment_id}.pdf"))
    assert "Mina" in text
    assert "LiNK English Language Program (LELP)" in text
    assert "Taught with Seoul Volunteers" in text


def test_lelp_without_partner_names_none(app, client, coordinator, make_participant):
    learner = make_participant(program=ProgramCode.LELP)
    enrollment_id = enroll(app, learner, program=ProgramCode.LELP)
    text = pdf_text(client.get(f"/certificates/enrollments/{enrollment_id}.pdf"))
    assert "Taught with" not in text


def test_attendance_rate_hook(app):
    with app.test_request_context():
        body = certificate_render(
            name=PREFERRED,
            program_name="LiNK English Language Program (LELP)",
            cohort_name=COHORT,
            starts_on=date(2026, 3, 2),
            ends_on=date(2026, 6, 26),
            completed_on=date(2026, 6, 26),
            attendance_rate=0.92,
        )
        with pytest.raises(ValueError):
            certificate_render(
                name=PREFERRED, program_name="P", cohort_name="C", starts_on=date(2026, 3, 2),
                ends_on=date(2026, 6, 26), completed_on=date(2026, 6, 26), attendance_rate=92,
            )  # fmt: skip
    assert "Attendance: 92%" in PdfReader(io.BytesIO(body)).pages[0].extract_text()


def test_long_names_stay_on_one_page(app):
    with app.test_request_context():
        body = certificate_render(
            name="가" * 100, program_name="P" * 100, cohort_name="나" * 120,
            starts_on=date(2026, 3, 2), ends_on=date(2026, 6, 26), completed_on=date(2026, 6, 26),
        )  # fmt: skip
    reader = PdfReader(io.BytesIO(body))
    assert len(reader.pages) == 1
    assert "가" * 20 in reader.pages[0].extract_text()


def render(name: str) -> bytes:
    """A certificate for name, with made-up course details."""
    return certificate_render(
        name=name, program_name="LiNK English Language Program (LELP)", cohort_name=COHORT,
        starts_on=date(2026, 3, 2), ends_on=date(2026, 6, 26), completed_on=date(2026, 6, 26),
    )  # fmt: skip


def test_decomposed_hangul_is_printed_composed(app):
    with app.test_request_context():
        body = render(unicodedata.normalize("NFD", PREFERRED))
    assert PREFERRED in PdfReader(io.BytesIO(body)).pages[0].extract_text()


def test_missing_glyphs_are_not_logged(app, caplog):
    with app.test_request_context(), caplog.at_level(logging.WARNING):
        render(f"{PREFERRED}\U0001f54a")  # a dove: not in Nanum Gothic
    assert "missing" in caplog.text
    assert "\U0001f54a" not in caplog.text and "1f54a" not in caplog.text
    assert "NOT subset" not in caplog.text


def test_certificate_is_small(app, client, coordinator, learner):
    body = client.get(f"/certificates/enrollments/{enroll(app, learner)}.pdf").data
    assert len(body) < 60_000  # the fonts are subset: about 20 KB, not 9 MB


def test_active_enrollment_has_no_certificate(app, client, coordinator, learner):
    enrollment_id = enroll(app, learner, completed=False)
    assert client.get(f"/certificates/enrollments/{enrollment_id}.pdf").status_code == 404
    assert audit_events(app) == []


def test_withdrawn_enrollment_has_no_certificate(app, client, coordinator, learner):
    enrollment_id = enroll(app, learner, completed=False)
    with app.app_context():
        enrollment_end(
            enrollment=db.session.get(Enrollment, enrollment_id),
            status=EnrollmentStatus.WITHDRAWN,
            ended_on=date(2026, 4, 1),
        )
        db.session.commit()
    assert client.get(f"/certificates/enrollments/{enrollment_id}.pdf").status_code == 404


def test_erased_participant_has_no_certificate(app, client, coordinator, learner):
    enrollment_id = enroll(app, learner)
    with app.app_context():
        participant_erase(
            participant=db.session.get(Participant, learner.id),
            by=db.session.get(User, coordinator.id),
        )
        db.session.commit()
    for query in ("", "?name=legal"):
        response = client.get(f"/certificates/enrollments/{enrollment_id}.pdf{query}")
        assert response.status_code == 404
    assert not any(e.action.startswith(("certificate", "participant.personal")) for e in
                   audit_events(app))  # fmt: skip


@pytest.mark.parametrize("name", ["", "Legal", "other", "legal name"])
def test_unknown_name_choice_is_404(app, client, coordinator, learner, name):
    enrollment_id = enroll(app, learner)
    response = client.get(
        f"/certificates/enrollments/{enrollment_id}.pdf", query_string={"name": name}
    )
    assert response.status_code == 404
    assert audit_events(app) == []


@pytest.mark.parametrize("role", [Role.PARTNER, Role.PARTICIPANT])
def test_partners_and_participants_get_404(app, client, make_user, login_as, learner, role):
    enrollment_id = enroll(app, learner, partner="British Council")
    user = make_user(role, participant=learner if role is Role.PARTICIPANT else None)
    login_as(user)
    for query in ("", "?name=legal"):
        response = client.get(f"/certificates/enrollments/{enrollment_id}.pdf{query}")
        assert response.status_code == 404
    assert audit_events(app) == []


def test_links_only_for_coordinators_and_completed(app):
    completed = SimpleNamespace(id=7, status=EnrollmentStatus.COMPLETED)
    active = SimpleNamespace(id=8, status=EnrollmentStatus.ACTIVE)
    coordinator = SimpleNamespace(role=Role.COORDINATOR)
    with app.test_request_context():
        shown = render_template(
            "certificates/_links.html", enrollment=completed, current_user=coordinator
        )
        assert "/certificates/enrollments/7.pdf?name=legal" in shown
        assert "Certificate (preferred name)" in shown
        assert "Certificate (legal name)" in shown
        for enrollment, user in [
            (active, coordinator),
            (completed, SimpleNamespace(role=Role.PARTNER)),
            (completed, SimpleNamespace(role=Role.PARTICIPANT)),
        ]:
            hidden = render_template(
                "certificates/_links.html", enrollment=enrollment, current_user=user
            )
            assert "certificates" not in hidden
        erased = SimpleNamespace(erased_at=date(2026, 7, 1))
        hidden = render_template(
            "certificates/_links.html",
            enrollment=completed,
            current_user=coordinator,
            participant=erased,
        )
        assert "certificates" not in hidden


def test_fonts_and_licence_ship_in_the_package():
    package = pathlib.Path(ROOT, "linkenglish")
    fonts = package / "static" / "fonts"
    assert certificate_pdf.FONT_DIR.resolve() == fonts.resolve()
    for name in certificate_pdf.FONT_FILES.values():
        assert (fonts / name).stat().st_size > 1_000_000
    licence = (fonts / "OFL-Nanum.txt").read_text(encoding="utf-8")
    assert "Copyright (c) 2010, NAVER Corporation" in licence
    assert "SIL OPEN FONT LICENSE" in licence and "Version 1.1" in licence
    assert "OTHER DEALINGS IN THE FONT SOFTWARE" in licence  # the whole text, to the end
    pyproject = tomllib.loads(pathlib.Path(ROOT, "pyproject.toml").read_text(encoding="utf-8"))
    assert "static/**/*" in pyproject["tool"]["setuptools"]["package-data"]["linkenglish"]
