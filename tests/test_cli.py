"""flask create-user and flask seed-demo."""

from sqlalchemy import func, select

from linkenglish.demo import DEMO_LOGINS
from linkenglish.extensions import db
from linkenglish.models import Participant, PartnerOrganisation, Role, User


def create_user(runner, *args, password="a long enough password"):
    """Run create-user with the password on standard input."""
    return runner.invoke(args=["create-user", *args, "--password-stdin"], input=password + "\n")


def counts(app):
    with app.app_context():
        return {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (User, Participant, PartnerOrganisation)
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
    assert short.exit_code != 0 and "at least 10" in short.output


def test_seed_demo_needs_debug_or_force(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "--force" in result.output
    assert counts(app) == {"User": 0, "Participant": 0, "PartnerOrganisation": 0}


def test_seed_demo_is_idempotent_and_its_logins_work(app, runner, client, csrf_token):
    first = runner.invoke(args=["seed-demo", "--force"])
    assert first.exit_code == 0, first.output
    after_first = counts(app)
    assert after_first == {"User": 6, "Participant": 30, "PartnerOrganisation": 1}
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
