"""flask create-user and flask seed-demo."""

from sqlalchemy import func, select

from linkenglish.demo import DEMO_LOGINS
from linkenglish.extensions import db
from linkenglish.models import Enrollment, EnrollmentStatus, Essay, Role, User


def create_user(runner, *args, password="a long enough password"):
    """Run create-user with the password on standard input."""
    return runner.invoke(args=["create-user", *args, "--password-stdin"], input=password + "\n")


def counts(app):
    """Rows in every table."""
    with app.app_context():
        return {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


def test_create_user_reads_the_password_from_stdin(app, runner, client, csrf_token):
    result = create_user(runner, "--role", "coordinator", "--email", "new@example.org")
    assert result.exit_code == 0, result.output
    response = client.post(
        "/sign-in",
        data={"csrf_token": csrf_token(), "email": "new@example.org",
              "password": "a long enough password"},
    )  # fmt: skip
    assert response.status_code == 302


def test_create_user_checks_its_links(app, runner, make_participant):
    partner = create_user(
        runner, "--role", "partner", "--email", "p@example.org", "--partner", "Nobody Org"
    )
    assert partner.exit_code != 0 and "No partner organisation" in partner.output
    missing_link = create_user(runner, "--role", "participant", "--email", "q@example.org")
    assert missing_link.exit_code != 0 and "needs a participant" in missing_link.output
    participant = make_participant()
    linked = create_user(
        runner,
        "--role",
        "participant",
        "--email",
        "q@example.org",
        "--participant",
        str(participant.id),
    )
    assert linked.exit_code == 0, linked.output
    short = create_user(
        runner, "--role", "coordinator", "--email", "s@example.org", password="short"
    )
    assert short.exit_code != 0 and "10 to 1024 characters" in short.output


def test_seed_demo_needs_debug_or_force(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "--force" in result.output
    assert counts(app)["users"] == counts(app)["participants"] == 0


def test_seed_demo_is_idempotent_and_its_logins_work(app, runner, client, csrf_token):
    first = runner.invoke(args=["seed-demo", "--force"])
    assert first.exit_code == 0, first.output
    after_first = counts(app)
    assert {name: after_first[name] for name in ("users", "participants", "partner_organisations",
            "cohorts", "cohort_teachers")} == {"users": 6, "participants": 30,
            "partner_organisations": 1, "cohorts": 3, "cohort_teachers": 2}  # fmt: skip
    for table in ("enrollments", "class_sessions", "attendance_marks", "attendance_mark_changes",
                  "level_assessments"):  # fmt: skip
        assert after_first[table] > 0, table
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0
    assert counts(app) == after_first
    skipped = runner.invoke(args=["seed-demo", "--force", "--if-empty"])
    assert "demo data not loaded" in skipped.output
    for role, email, password in DEMO_LOGINS:
        assert email in first.output and password in first.output
        response = client.post(
            "/sign-in", data={"csrf_token": csrf_token(), "email": email, "password": password}
        )
        assert response.status_code == 302, (role, email)
        assert client.get("/dashboard").status_code == 200
        client.post("/sign-out", data={"csrf_token": csrf_token("/dashboard")})
    with app.app_context():
        roles = db.session.execute(select(User.role, func.count()).group_by(User.role)).all()
    assert dict(roles) == {Role.COORDINATOR: 1, Role.PARTNER: 2, Role.PARTICIPANT: 3}
    with app.app_context():
        names = db.session.scalars(select(User.display_name).where(User.role == Role.PARTNER))
        assert sorted(names) == ["Emma Clarke (BC)", "Tom Hughes (BC)"]


def test_demo_essays_are_written_in_cohorts_their_writers_study_in(app, runner):
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0
    with app.app_context():
        essays = db.session.execute(
            select(Essay.participant_id, Essay.cohort_id, Enrollment.status)
            .outerjoin(
                Enrollment,
                (Enrollment.cohort_id == Essay.cohort_id)
                & (Enrollment.participant_id == Essay.participant_id),
            )
            .where(Essay.cohort_id.is_not(None))
        ).all()
        logins = db.session.scalars(
            select(User.participant_id).where(User.participant_id.is_not(None))
        ).all()
        left = db.session.scalars(
            select(Enrollment.participant_id).where(Enrollment.status == EnrollmentStatus.WITHDRAWN)
        ).all()
    assert len(essays) >= 2
    assert [status for *_ids, status in essays] == [EnrollmentStatus.ACTIVE] * len(essays)
    # The demo logins study on: whoever left a cohort has no login to show it with.
    assert set(left).isdisjoint(logins)
