"""What the dashboard and a participant's page show, and that they cost a fixed number of
queries whatever the data size."""

from datetime import date, timedelta

from linkenglish.cohorts.services import cohort_create, enrollment_add, program_by_code
from linkenglish.extensions import db
from linkenglish.levels.services import level_assessment_record, level_by_code
from linkenglish.models import AssessmentMethod, Participant, ProgramCode, Role


def add_history(app, participant, entries, cohorts):
    with app.app_context():
        who = db.session.get(Participant, participant.id)
        for number in range(entries):
            level_assessment_record(
                participant=who,
                level=level_by_code("A2" if number % 2 else "B1"),
                assessed_on=date(2025, 1, 1) + timedelta(days=30 * number),
                method=AssessmentMethod.EXTERNAL_TEST,
                external_test="Aptis",
                skill_scores={"speaking": 30 + number},
                by=None,
            )
        for number in range(cohorts):
            cohort = cohort_create(
                program=program_by_code(ProgramCode.LELP),
                name=f"{participant.id}-{number}",
                starts_on=date(2025, 1, 1),
                ends_on=date(2025, 6, 1),
            )
            enrollment_add(cohort=cohort, participant=who, enrolled_on=date(2025, 1, 1))
        db.session.commit()


def test_participant_page_shows_history_in_fixed_queries(
    app, client, make_participant, make_user, login_as, count_queries
):
    login_as(make_user(Role.COORDINATOR))
    small, large = make_participant(), make_participant()
    add_history(app, small, entries=1, cohorts=1)
    add_history(app, large, entries=12, cohorts=6)
    costs = []
    for participant in (small, large):
        with count_queries() as statements:
            body = client.get(f"/participants/{participant.id}").get_data(as_text=True)
        costs.append(len(statements))
        assert "Aptis" in body and "B1" in body and f"{participant.id}-0" in body
    assert costs[0] == costs[1]


def test_dashboards_list_cohorts(app, client, make_user, login_as, runner, count_queries):
    runner.invoke(args=["seed-demo", "--force"])
    login_as(make_user(Role.COORDINATOR))
    with count_queries() as statements:
        body = client.get("/dashboard").get_data(as_text=True)
    assert "LIEP" in body and "LELP" in body
    assert len(statements) <= 9  # the last: consents waiting and essays public, one query
    login_as(make_user(Role.PARTNER))  # British Council teaches the LIEP cohort only
    body = client.get("/dashboard").get_data(as_text=True)
    assert "LIEP" in body and "LELP" not in body
