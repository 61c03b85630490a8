"""Every edit form, saved unchanged the way a browser sends it, leaves the database as it was.

A form pre-filled from a stored row that fails to mark its stored option selected makes the
browser send the first option instead, and a plain Save then rewrites the row (issue 15: a
LIEP cohort taught by the British Council came back LELP, taught by LiNK, without teachers).
"""

from datetime import timedelta

import pytest
from form_replay import form_posting_to, submitted_pairs
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from linkenglish.auth.services import user_by_email
from linkenglish.extensions import db
from linkenglish.feedback.services import feedback_save
from linkenglish.models import (
    AttendanceMark,
    ClassSession,
    Cohort,
    CohortTeacher,
    Enrollment,
    EnrollmentStatus,
    Essay,
    EssayVersion,
    LevelAssessment,
    Participant,
    PartnerOrganisation,
    ProgramCode,
    VersionKind,
    WritingPrompt,
)
from linkenglish.models.base import CEFR
from linkenglish.prompts.services import extension_set

COORDINATOR = "coordinator@demo.linkenglish.example"
TEACHER = "teacher.one@britishcouncil.example"
PARTICIPANT = "participant03@demo.linkenglish.example"


def liep_cohort() -> Cohort:
    """The demo's current LIEP cohort: British Council teaches it, with a target level."""
    return db.session.scalar(
        select(Cohort).where(Cohort.partner_id.is_not(None)).order_by(Cohort.starts_on.desc())
    )


def marked_session() -> ClassSession:
    """A LIEP session with attendance marks and a teacher."""
    return db.session.scalar(
        select(ClassSession)
        .join(AttendanceMark, AttendanceMark.session_id == ClassSession.id)
        .where(ClassSession.cohort_id == liep_cohort().id, ClassSession.teacher_id.is_not(None))
        .order_by(ClassSession.starts_at)
        .limit(1)
    )


def cohort_edit():
    """The cohort of the issue: LIEP, British Council, a target level, teachers, enrollments."""
    cohort = liep_cohort()
    assert cohort.program.code is ProgramCode.LIEP and cohort.target_level_id is not None
    assert db.session.scalar(select(func.count()).where(CohortTeacher.cohort_id == cohort.id))
    assert cohort.enrollments
    return COORDINATOR, f"/cohorts/{cohort.id}/edit", f"/cohorts/{cohort.id}"


def lelp_cohort_edit():
    """A cohort LiNK teaches itself: no partner, so the first option of its select."""
    cohort = db.session.scalar(select(Cohort).where(Cohort.partner_id.is_(None)).limit(1))
    return COORDINATOR, f"/cohorts/{cohort.id}/edit", f"/cohorts/{cohort.id}"


def enrollment_of_status(status: EnrollmentStatus):
    """The edit form of an enrollment of this status in the LIEP cohort."""
    cohort = liep_cohort()
    enrollment = db.session.scalar(
        select(Enrollment).where(Enrollment.cohort_id == cohort.id, Enrollment.status == status)
    )
    return COORDINATOR, f"/cohorts/{cohort.id}/enrollments/{enrollment.id}", f"/cohorts/{cohort.id}"


def enrollment_edit():
    return enrollment_of_status(EnrollmentStatus.WITHDRAWN)


def active_enrollment_edit():
    return enrollment_of_status(EnrollmentStatus.ACTIVE)


def participant_edit():
    """The participant with the most sensitive terms, so the textarea carries several lines."""
    participant = max(
        db.session.scalars(select(Participant)), key=lambda p: len(p.sensitive_term_list)
    )
    url = f"/participants/{participant.id}"
    return COORDINATOR, url + "/edit", url


def level_edit():
    """An external test entry: method, test name, score and skill scores."""
    entry = db.session.scalar(
        select(LevelAssessment).where(LevelAssessment.external_test.is_not(None)).limit(1)
    )
    url = f"/participants/{entry.participant_id}"
    return COORDINATOR, f"{url}/levels/{entry.id}/edit", url + "#levels"


def partner_edit():
    organisation = db.session.scalar(select(PartnerOrganisation).limit(1))
    return COORDINATOR, f"/partners/{organisation.id}/edit", f"/partners/{organisation.id}"


def prompt_edit():
    prompt = db.session.scalar(select(WritingPrompt).limit(1))
    return TEACHER, f"/prompts/{prompt.id}/edit", f"/prompts/{prompt.id}"


def extension_edit():
    """An extension given earlier, with a reason, on a prompt of the participant's cohort."""
    participant = user_by_email(PARTICIPANT).participant
    prompt = db.session.scalar(
        select(WritingPrompt)
        .join(Enrollment, Enrollment.cohort_id == WritingPrompt.cohort_id)
        .where(Enrollment.participant_id == participant.id)
        .limit(1)
    )
    extension_set(
        prompt=prompt,
        participant=participant,
        due_at=prompt.due_at + timedelta(days=3),
        reason="Moving house.",
        by=user_by_email(COORDINATOR),
    )
    url = f"/prompts/{prompt.id}"
    return COORDINATOR, f"{url}/extensions/{participant.id}", url


def session_edit():
    session = marked_session()
    return COORDINATOR, f"/sessions/{session.id}/edit", f"/sessions/{session.id}"


def in_person_session_edit():
    """A LELP session: in person, at a place, no teacher."""
    session = db.session.scalar(
        select(ClassSession).where(ClassSession.teacher_id.is_(None)).limit(1)
    )
    return COORDINATOR, f"/sessions/{session.id}/edit", f"/sessions/{session.id}"


def attendance_take():
    url = f"/sessions/{marked_session().id}/attendance"
    return TEACHER, url, url


def feedback_form():
    """A teacher's unreleased feedback with a comment and some bands."""
    version = db.session.scalar(
        select(EssayVersion)
        .join(Essay, Essay.id == EssayVersion.essay_id)
        .where(EssayVersion.kind == VersionKind.SUBMITTED, Essay.prompt_id.is_not(None))
        .limit(1)
    )
    feedback_save(
        version=version,
        by=user_by_email(TEACHER),
        comments="A clear picture of the library.\n\nSay more about what changed.",
        bands={"task": CEFR.B2, "grammar": CEFR.B1},
    )
    url = f"/feedback/versions/{version.id}"
    return TEACHER, url, url


def essay_edit():
    essay = db.session.scalar(
        select(Essay).where(Essay.participant_id == user_by_email(PARTICIPANT).participant_id)
    )
    url = f"/writing/{essay.id}"
    return PARTICIPANT, url, url


# endpoint: a function returning (login, form URL, where a successful save leads)
EDIT_FORMS = {
    "cohorts.edit": cohort_edit,
    "enrollments.edit": enrollment_edit,
    "participants.edit": participant_edit,
    "levels.edit": level_edit,
    "partners.edit": partner_edit,
    "prompts.edit": prompt_edit,
    "prompts.extension": extension_edit,
    "sessions.edit": session_edit,
    "attendance.take": attendance_take,
    "feedback.form": feedback_form,
    "writing.edit": essay_edit,
}

# Edit views that say so when a save changed nothing.
SAYS_NOTHING_CHANGED = {"cohorts.edit", "participants.edit", "levels.edit", "sessions.edit"}

NEW_OBJECT = "creates something new: nothing stored is pre-filled"
EXCUSED = {
    "accounts.invite_coordinator": NEW_OBJECT,
    "accounts.invite_partner": NEW_OBJECT,
    "accounts.participant_login": NEW_OBJECT + " (a login; only the e-mail is suggested)",
    "accounts.set_password": "sets a new password from a one-time link; nothing to replay",
    "auth.login": "signs in; stores nothing editable",
    "checkin.enter": "a participant types a session code; nothing pre-filled",
    "cohorts.create": NEW_OBJECT,
    "enrollments.add": NEW_OBJECT + " (enrollments)",
    "sessions.create": NEW_OBJECT,
    "sessions.series": NEW_OBJECT + " (a series)",
    "sessions.cancel": "the submission itself is the change: cancelling the session",
    "imports.upload": NEW_OBJECT + " (an uploaded file)",
    "levels.new": NEW_OBJECT + " (a level entry)",
    "levels.scale": NEW_OBJECT + " (a sub-level); the scale is listed, not edited",
    "participants.create": NEW_OBJECT,
    "participants.erase": "the submission itself is the change: erasing personal data",
    "partners.create": NEW_OBJECT,
    "prompts.create": NEW_OBJECT,
    "review.record": NEW_OBJECT + " (a consent record)",
    "review.redact": "saving the text unchanged is refused on purpose: a redaction removes text",
    "consent.give": NEW_OBJECT + " (a consent)",
    "consent.withdraw": "the submission itself is the change: withdrawing a consent",
}

# What only records that something happened, and no form edits.
LOG_TABLES = {"audit_events"}


def database_rows() -> dict[str, list[tuple]]:
    """Every row of every table but the logs, in a fixed order, every column."""
    snapshot = {}
    for table in db.metadata.sorted_tables:
        if table.name not in LOG_TABLES:
            rows = db.session.execute(select(table)).all()
            snapshot[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return snapshot


@pytest.fixture
def demo(app, runner):
    """The demo data, as `flask seed-demo` writes it."""
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0


# More objects for some forms, whose stored values pick other options.
CASES = [
    *EDIT_FORMS.items(),
    ("cohorts.edit", lelp_cohort_edit),
    ("enrollments.edit", active_enrollment_edit),
    ("sessions.edit", in_person_session_edit),
]


@pytest.mark.parametrize(
    ("endpoint", "case"), CASES, ids=[f"{endpoint}-{case.__name__}" for endpoint, case in CASES]
)
def test_saving_an_edit_form_unchanged_changes_nothing(app, client, login_as, demo, endpoint, case):
    with app.app_context():
        email, url, success = case()
        db.session.commit()
        user = user_by_email(email)
        db.session.expunge(user)
    login_as(user)
    page = client.get(url)
    assert page.status_code == 200
    form = form_posting_to(page.get_data(as_text=True), url)
    with app.app_context():
        before = database_rows()
    response = client.post(url, data=MultiDict(submitted_pairs(form)))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == success
    with client.session_transaction() as session:
        flashes = session.get("_flashes", [])
    assert "error" not in [category for category, _message in flashes]
    if endpoint in SAYS_NOTHING_CHANGED:
        assert ("success", "Nothing changed.") in flashes
    with app.app_context():
        after = database_rows()
    changed = {
        name: {
            "before": [row for row in before[name] if row not in after[name]],
            "after": [row for row in after[name] if row not in before[name]],
        }
        for name in before
        if before[name] != after[name]
    }
    assert not changed


def test_every_get_and_post_view_is_replayed_or_excused(app):
    both = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if {"GET", "POST"} <= (rule.methods or set())
    }
    assert both - set(EDIT_FORMS) - set(EXCUSED) == set()
    assert set(EDIT_FORMS) | set(EXCUSED) <= both
    assert not set(EDIT_FORMS) & set(EXCUSED)


def test_a_redaction_saved_unchanged_is_refused_and_stores_nothing(
    app, client, login_as, make_publication
):
    made = make_publication(publish=False)
    login_as(made.coordinator)
    url = f"/consent/{made.consent_id}/redact"
    form = form_posting_to(client.get(url).get_data(as_text=True), url)
    pairs = [(name, value) for name, value in submitted_pairs(form) if name != "reason"]
    with app.app_context():
        before = database_rows()
    # The body's blank line arrives as CRLF, as from a browser: still the same text.
    response = client.post(url, data=MultiDict([*pairs, ("reason", "Nothing, by mistake")]))
    assert "Change the text first: nothing was removed." in response.get_data(as_text=True)
    with app.app_context():
        assert database_rows() == before
