"""Feedback on submitted versions: who may give it, release, and what participants see."""

import re
from datetime import date

import pytest
from flask import render_template
from flask_login import login_user
from sqlalchemy import select

from linkenglish.cohorts.services import cohort_create, cohort_teacher_assign, program_by_code
from linkenglish.extensions import db
from linkenglish.models import (
    Essay,
    EssayStatus,
    EssayVersion,
    Feedback,
    Participant,
    ProgramCode,
    Role,
    User,
    VersionKind,
)
from linkenglish.writing.services import essay_create, essay_submit, version_freeze

BANDS = {
    "task_band": "B2",
    "organisation_band": "B1",
    "vocabulary_band": "B1",
    "grammar_band": "A2",
    "overall_band": "B1",
}


@pytest.fixture
def setting(app, make_user):
    """A participant's essay in a cohort with a saved and a submitted version; a teacher
    assigned to the cohort and one who is not."""
    writer = make_user(Role.PARTICIPANT)
    teacher = make_user(Role.PARTNER, display_name="Ms Teacher")
    stranger = make_user(Role.PARTNER, display_name="Not Assigned")
    with app.app_context():
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LELP),
            name="Feedback cohort",
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 12, 1),
        )
        cohort_teacher_assign(cohort=cohort, user=db.session.get(User, teacher.id), by=None)
        essay = essay_create(
            participant=db.session.get(Participant, writer.participant_id),
            by=None,
            title="My story",
            body="First words of my story.",
        )
        essay.cohort_id = cohort.id
        saved = version_freeze(essay=essay, kind=VersionKind.SAVED, by=None)
        essay.draft.body = "First words of my longer story."
        submitted = essay_submit(essay=essay, by=None)
        db.session.commit()
        return {
            "writer": writer,
            "teacher": teacher,
            "stranger": stranger,
            "essay": essay.id,
            "saved": saved.id,
            "submitted": submitted.id,
            "number": submitted.number,
        }


def give_feedback(client, csrf_token, version_id, **fields):
    """Post the feedback form as a teacher."""
    url = f"/feedback/versions/{version_id}"
    data = {"csrf_token": csrf_token(url), "comments": "Well done **here**.", **BANDS, **fields}
    return client.post(url, data=data)


def test_feedback_is_hidden_until_released(app, client, setting, login_as, csrf_token):
    login_as(setting["teacher"])
    assert give_feedback(client, csrf_token, setting["submitted"]).status_code == 302
    page = client.get(f"/feedback/versions/{setting['submitted']}").get_data(as_text=True)
    assert "Release feedback" in page
    version_url = f"/writing/{setting['essay']}/versions/{setting['number']}"

    login_as(setting["writer"])
    hidden = client.get(version_url).get_data(as_text=True)
    assert "Well done" not in hidden and "Ms Teacher" not in hidden
    assert "Rubric bands" not in client.get("/feedback/mine").get_data(as_text=True)

    login_as(setting["teacher"])
    with app.app_context():
        feedback_id = db.session.scalar(select(Feedback.id))
    token = csrf_token(f"/feedback/versions/{setting['submitted']}")
    assert (
        client.post(f"/feedback/{feedback_id}/release", data={"csrf_token": token}).status_code
        == 302
    )

    login_as(setting["writer"])
    shown = client.get(version_url).get_data(as_text=True)
    assert "Well done <strong>here</strong>." in shown
    assert "Ms Teacher" in shown
    assert "Covers the task fully, with relevant detail and reasons." in shown  # task B2
    mine = client.get("/feedback/mine").get_data(as_text=True)
    assert 'role="img"' in mine and "style=" not in mine
    with app.app_context():
        assert db.session.get(Essay, setting["essay"]).status is EssayStatus.FEEDBACK_RELEASED


def test_released_feedback_cannot_be_changed(app, client, setting, login_as, csrf_token):
    login_as(setting["teacher"])
    give_feedback(client, csrf_token, setting["submitted"])
    with app.app_context():
        feedback_id = db.session.scalar(select(Feedback.id))
    token = csrf_token(f"/feedback/versions/{setting['submitted']}")
    client.post(f"/feedback/{feedback_id}/release", data={"csrf_token": token})
    again = client.post(f"/feedback/{feedback_id}/release", data={"csrf_token": token})
    assert again.status_code == 302
    response = give_feedback(client, csrf_token, setting["submitted"], comments="Changed")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Feedback, feedback_id).comments == "Well done **here**."


def test_empty_feedback_is_not_released(app, client, setting, login_as, csrf_token):
    login_as(setting["teacher"])
    url = f"/feedback/versions/{setting['submitted']}"
    client.post(url, data={"csrf_token": csrf_token(url), "comments": "  "})
    with app.app_context():
        feedback_id = db.session.scalar(select(Feedback.id))
    response = client.post(
        f"/feedback/{feedback_id}/release", data={"csrf_token": csrf_token(url)},
        follow_redirects=True,
    )  # fmt: skip
    assert "Write a comment or choose a band" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Feedback, feedback_id).released_at is None


def test_unassigned_partner_gets_404(client, setting, login_as, csrf_token):
    login_as(setting["stranger"])
    url = f"/feedback/versions/{setting['submitted']}"
    assert client.get(url).status_code == 404
    token = csrf_token("/dashboard")
    assert client.post(url, data={"csrf_token": token, **BANDS}).status_code == 404


def test_unassigned_partner_cannot_release(app, client, setting, login_as, csrf_token):
    login_as(setting["teacher"])
    give_feedback(client, csrf_token, setting["submitted"])
    with app.app_context():
        feedback_id = db.session.scalar(select(Feedback.id))
    login_as(setting["stranger"])
    token = csrf_token("/dashboard")
    response = client.post(f"/feedback/{feedback_id}/release", data={"csrf_token": token})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Feedback, feedback_id).released_at is None


def test_saved_versions_and_drafts_get_no_feedback(client, setting, make_user, login_as):
    login_as(make_user(Role.COORDINATOR))
    assert client.get(f"/feedback/versions/{setting['saved']}").status_code == 404
    assert client.get(f"/feedback/versions/{setting['submitted']}").status_code == 200


def test_a_bad_band_is_a_400_not_a_500(client, setting, login_as, csrf_token):
    login_as(setting["teacher"])
    response = give_feedback(client, csrf_token, setting["submitted"], task_band="Z9")
    assert response.status_code == 400


def test_form_descriptors_and_fixed_queries(app, client, setting, login_as, count_queries):
    login_as(setting["teacher"])
    url = f"/feedback/versions/{setting['submitted']}"
    with count_queries() as statements:
        page = client.get(url).get_data(as_text=True)
    assert "A2 — Uses simple structures correctly but makes basic mistakes." in page
    assert len(statements) <= 6


def test_panel_shows_staff_feedback_and_nothing_to_participants(app, setting, make_user):
    coordinator = make_user(Role.COORDINATOR)
    with app.test_request_context():
        version = db.session.get(EssayVersion, setting["submitted"])
        login_user(db.session.get(User, setting["writer"].id))
        assert render_template("feedback/_panel.html", version=version).strip() == ""
        login_user(db.session.get(User, setting["stranger"].id))
        assert render_template("feedback/_panel.html", version=version).strip() == ""
        login_user(db.session.get(User, coordinator.id))
        panel = render_template("feedback/_panel.html", version=version)
        assert re.search(rf'href="/feedback/versions/{version.id}"', panel)


def test_seed_demo_releases_feedback_on_the_sample_once(app, runner):
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0
    with app.app_context():
        feedback = db.session.scalars(select(Feedback)).all()
        assert len(feedback) == 1 and feedback[0].released_at is not None
        essay = db.session.get(Essay, feedback[0].version.essay_id)
        assert essay.status is EssayStatus.FEEDBACK_RELEASED and essay.cohort_id is not None
        assert feedback[0].version.kind is VersionKind.SUBMITTED
