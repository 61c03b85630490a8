"""The pages the accessibility and HTML sweeps visit: an explicit list per role, on the demo
data, with each page's expected status. Ids are looked up in the database, never written in.

Every GET route is either reached by some page here or excused with a reason in EXCUSED;
tests/test_sweep_pages.py checks both ways.
"""

from sqlalchemy import select

from linkenglish.accounts.services import account_link_create
from linkenglish.consent.services import consent_give, publication_publish, publication_take_down
from linkenglish.demo.people import DEMO_LOGINS
from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceMark,
    ClassSession,
    Cohort,
    CohortTeacher,
    ConsentKind,
    ConsentRecord,
    Enrollment,
    EnrollmentStatus,
    Essay,
    EssayStatus,
    EssayVersion,
    Language,
    LevelAssessment,
    PartnerOrganisation,
    Publication,
    User,
    VersionKind,
    WritingPrompt,
)
from linkenglish.prompts.services import prompt_create

ROLES = ("coordinator", "partner", "participant", "public")
# The demo login (e-mail, password) each signed-in role's sweep uses.
SWEEP_LOGINS = {
    role: next((email, password) for kind, email, password in DEMO_LOGINS if kind == role)
    for role in ROLES[:3]
}
# A page and the status it answers with.
Page = tuple[str, int]

# GET endpoints no sweep visits, and why.
EXCUSED = {
    "static": "files, not pages",
    "main.index": "redirects to the dashboard or the sign-in page",
    "me.calendar_feed": "an iCalendar feed, not HTML",
    "gallery.feed": "an Atom feed, not HTML",
    "gallery.sitemap": "XML for search engines",
    "gallery.robots": "plain text for search engines",
    "certificates.download": "a PDF download",
    "exports.cohort_roster": "a CSV or XLSX download",
    "exports.participant_list": "a CSV or XLSX download",
    "imports.template": "a CSV download",
    "participants.export": "a JSON download",
    "reports.at_risk_download": "a CSV or XLSX download",
    "reports.cohort_matrix_download": "a CSV or XLSX download",
    "reports.participant_attendance_download": "a CSV or XLSX download",
    "reports.partner_summary_download": "a CSV or XLSX download",
    "checkin.code": "JSON for the check-in screen's script",
}


def first(statement):
    """The first row's value of a select, which the demo data must have."""
    value = db.session.scalar(statement.limit(1))
    assert value is not None, f"the demo data has no row for {statement}"
    return value


def login(email_start: str) -> User:
    """The login whose e-mail starts so (e-mails are encrypted: compared in Python)."""
    return next(
        user for user in db.session.scalars(select(User)) if user.email.startswith(email_start)
    )


def own_cohort(participant_id: int) -> int:
    """The cohort of the participant's latest active enrollment."""
    return first(
        select(Enrollment.cohort_id)
        .where(
            Enrollment.participant_id == participant_id,
            Enrollment.status == EnrollmentStatus.ACTIVE,
        )
        .order_by(Enrollment.enrolled_on.desc())
    )


def sweep_extras() -> str:
    """Add to the demo data what no seeded page shows: a publication taken down (its address
    answers 410), a prompt in participant01's cohort and a set-password link. Return the
    link's token."""
    coordinator = login(SWEEP_LOGINS["coordinator"][0])
    learner = login(SWEEP_LOGINS["participant"][0])
    prompt_create(
        cohort=db.session.get(Cohort, own_cohort(learner.participant_id)),
        title="My favourite season",
        instructions="Write about the season you like best, and why.",
        due_at=None,
        suggested_words=200,
        by=coordinator,
    )
    essay = first(
        select(Essay)
        .where(Essay.prompt_id.is_(None), Essay.status == EssayStatus.SUBMITTED)
        .order_by(Essay.id.desc())
    )
    version = first(
        select(EssayVersion)
        .where(EssayVersion.essay_id == essay.id, EssayVersion.kind == VersionKind.SUBMITTED)
        .order_by(EssayVersion.number.desc())
    )
    # Handed in to the writer's cohort, as free writing may be, so its teachers read it too.
    essay.cohort_id = essay.cohort_id or own_cohort(essay.participant_id)
    consent = consent_give(
        essay=essay,
        version=version,
        pen_name="Min",
        author_note=None,
        language=Language.ENGLISH,
        by=db.session.scalar(select(User).where(User.participant_id == essay.participant_id)),
    )
    publication = publication_publish(consent=consent, by=coordinator)
    publication_take_down(publication=publication, by=coordinator, reason="Sweep")
    link = account_link_create(user=login("participant03@"), by=coordinator)
    db.session.commit()
    return link.token


def sweep_pages(token: str) -> dict[str, list[Page]]:
    """Every page type each role reaches on the demo data, with its expected status."""
    me = login(SWEEP_LOGINS["participant"][0])
    own = me.participant_id
    my_cohort = own_cohort(own)
    my_prompt = first(select(WritingPrompt.id).where(WritingPrompt.cohort_id == my_cohort))
    my_session = first(
        select(ClassSession.id).where(ClassSession.cohort_id == my_cohort).order_by(ClassSession.id)
    )
    teacher = login(SWEEP_LOGINS["partner"][0])
    partner_id = teacher.partner_id
    cohort = first(select(Cohort.id).order_by(Cohort.starts_on.desc()))
    taught = first(
        select(CohortTeacher.cohort_id)
        .where(CohortTeacher.user_id == teacher.id)
        .order_by(CohortTeacher.cohort_id.desc())
    )
    session = first(
        select(ClassSession.id).where(ClassSession.cohort_id == taught).order_by(ClassSession.id)
    )
    enrollment, pupil = db.session.execute(
        select(Enrollment.id, Enrollment.participant_id)
        .where(Enrollment.cohort_id == taught)
        .order_by(Enrollment.id)
        .limit(1)
    ).one()
    prompt = first(select(WritingPrompt.id).order_by(WritingPrompt.id))
    prompt_essay = first(select(Essay.id).where(Essay.prompt_id == prompt))
    prompt_writer = db.session.get(Essay, prompt_essay).participant_id
    free_essay = first(
        select(Essay.id).where(Essay.prompt_id.is_(None), Essay.status != EssayStatus.DRAFT)
    )
    taught_free_essay = first(
        select(Essay.id).where(Essay.prompt_id.is_(None), Essay.cohort_id == taught)
    )
    submitted = first(
        select(EssayVersion.id).where(
            EssayVersion.essay_id == prompt_essay, EssayVersion.kind == VersionKind.SUBMITTED
        )
    )
    my_essay = first(select(Essay.id).where(Essay.participant_id == own).order_by(Essay.id))
    my_consent = first(
        select(ConsentRecord.id).where(
            ConsentRecord.essay_id == my_essay, ConsentRecord.kind == ConsentKind.GIVEN
        )
    )
    live = first(select(Publication).where(Publication.live))
    gone = first(select(Publication.slug).where(~Publication.live))
    unconsented = first(
        select(Essay.id)
        .where(Essay.status == EssayStatus.SUBMITTED, Essay.id != my_essay)
        .where(~Essay.id.in_(select(ConsentRecord.essay_id)))
        .order_by(Essay.id)
    )
    levelled = first(select(LevelAssessment.participant_id).order_by(LevelAssessment.id))
    level = first(
        select(LevelAssessment.id)
        .where(LevelAssessment.participant_id == levelled, LevelAssessment.voided_at.is_(None))
        .order_by(LevelAssessment.id.desc())
    )
    organisation = first(select(PartnerOrganisation.id).order_by(PartnerOrganisation.id))
    unlinked = first(
        select(Enrollment.participant_id)
        .where(
            ~Enrollment.participant_id.in_(
                select(User.participant_id).where(User.participant_id.is_not(None))
            )
        )
        .order_by(Enrollment.participant_id)
    )
    assert db.session.scalar(select(AttendanceMark.id).where(AttendanceMark.session_id == session))
    missing = [("/no-such-page", 404)]
    return {
        "public": [
            ("/sign-in", 200),
            ("/gallery/", 200),
            (f"/essays/{live.slug}", 200),
            (f"/essays/{gone}", 410),
            ("/essays/no-such-essay", 404),
            (f"/set-password/{token}", 200),
            *missing,
        ],
        "coordinator": [
            ("/dashboard", 200),
            ("/participants/", 200),
            ("/participants/new", 200),
            (f"/participants/{levelled}", 200),
            (f"/participants/{levelled}/edit", 200),
            (f"/participants/{levelled}/erase", 200),
            (f"/participants/{levelled}/levels/new", 200),
            (f"/participants/{levelled}/levels/{level}/edit", 200),
            ("/participants/import/", 200),
            ("/levels/report", 200),
            ("/levels/scale", 200),
            ("/cohorts/", 200),
            ("/cohorts/new", 200),
            (f"/cohorts/{taught}", 200),
            (f"/cohorts/{taught}/edit", 200),
            (f"/cohorts/{taught}/enroll", 200),
            (f"/cohorts/{taught}/enrollments/{enrollment}", 200),
            (f"/cohorts/{taught}/sessions", 200),
            (f"/cohorts/{taught}/sessions/new", 200),
            (f"/cohorts/{taught}/sessions/series", 200),
            ("/sessions/", 200),
            (f"/sessions/{session}", 200),
            (f"/sessions/{session}/edit", 200),
            (f"/sessions/{session}/cancel", 200),
            (f"/sessions/{session}/attendance", 200),
            (f"/sessions/{session}/checkin", 200),
            ("/partners/", 200),
            ("/partners/new", 200),
            (f"/partners/{organisation}", 200),
            (f"/partners/{organisation}/edit", 200),
            ("/accounts/", 200),
            (f"/accounts/{teacher.id}", 200),
            ("/accounts/invite/partner", 200),
            ("/accounts/invite/coordinator", 200),
            (f"/accounts/participants/{unlinked}/login", 200),
            ("/reports/", 200),
            ("/reports/at-risk", 200),
            (f"/reports/cohorts/{cohort}/attendance", 200),
            (f"/reports/participants/{pupil}/attendance", 200),
            (f"/reports/partners/{organisation}/summary", 200),
            ("/prompts/", 200),
            (f"/prompts/cohorts/{taught}", 200),
            (f"/prompts/cohorts/{taught}/new", 200),
            (f"/prompts/{prompt}", 200),
            (f"/prompts/{prompt}/edit", 200),
            (f"/prompts/{prompt}/essays/{prompt_essay}", 200),
            (f"/prompts/{prompt}/extensions/{prompt_writer}", 200),
            (f"/prompts/free-writing/{free_essay}", 200),
            (f"/feedback/versions/{submitted}", 200),
            ("/consent/", 200),
            (f"/consent/{my_consent}", 200),
            (f"/consent/{my_consent}/redact", 200),
            (f"/consent/essays/{unconsented}/record", 200),
            ("/audit/", 200),
            *missing,
        ],
        "partner": [
            ("/dashboard", 200),
            ("/cohorts/", 200),
            (f"/cohorts/{taught}", 200),
            ("/sessions/", 200),
            (f"/sessions/{session}", 200),
            (f"/sessions/{session}/attendance", 200),
            (f"/sessions/{session}/checkin", 200),
            (f"/participants/{pupil}", 200),
            ("/reports/", 200),
            ("/reports/at-risk", 200),
            (f"/reports/cohorts/{taught}/attendance", 200),
            (f"/reports/participants/{pupil}/attendance", 200),
            (f"/reports/partners/{partner_id}/summary", 200),
            ("/prompts/", 200),
            (f"/prompts/cohorts/{taught}", 200),
            (f"/prompts/{prompt}", 200),
            (f"/prompts/{prompt}/essays/{prompt_essay}", 200),
            (f"/feedback/versions/{submitted}", 200),
            (f"/cohorts/{taught}/sessions", 200),
            (f"/prompts/cohorts/{taught}/new", 200),
            (f"/prompts/{prompt}/edit", 200),
            (f"/prompts/{prompt}/extensions/{prompt_writer}", 200),
            (f"/prompts/free-writing/{taught_free_essay}", 200),
            *missing,
        ],
        "participant": [
            ("/dashboard", 200),
            ("/cohorts/", 200),
            ("/sessions/", 200),
            ("/me/attendance", 200),
            ("/me/calendar", 200),
            ("/checkin", 200),
            (f"/participants/{own}", 200),
            (f"/reports/participants/{own}/attendance", 200),
            ("/writing/", 200),
            (f"/writing/{my_essay}", 200),
            (f"/writing/{my_essay}/versions/1", 200),
            (f"/writing/{my_essay}/publish", 200),
            (f"/writing/{my_essay}/consents/{my_consent}/withdraw", 200),
            ("/writing/publications", 200),
            ("/feedback/mine", 200),
            (f"/feedback/essays/{my_essay}/compare", 200),
            ("/prompts/", 200),
            (f"/cohorts/{my_cohort}", 200),
            (f"/cohorts/{my_cohort}/sessions", 200),
            (f"/sessions/{my_session}", 200),
            (f"/prompts/cohorts/{my_cohort}", 200),
            (f"/prompts/{my_prompt}", 200),
            *missing,
        ],
    }


def seeded_pages(app, runner) -> dict[str, list[Page]]:
    """Seed the demo data and the extras; return the pages of every role."""
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0
    with app.app_context():
        return sweep_pages(sweep_extras())


def signed_in_client(app, role: str):
    """A test client signed in as the role's demo login (signed out for the public)."""
    client = app.test_client()
    if role != "public":
        with app.app_context():
            user_id = login(SWEEP_LOGINS[role][0]).get_id()
        with client.session_transaction() as session:
            session["_user_id"] = user_id
            session["_fresh"] = True
    return client
