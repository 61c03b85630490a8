"""Writing prompts: who sets and reads them, submission with the own-work statement, late
and extension rules, drafts never shown to staff, and the overview's fixed query count."""

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from linkenglish.authz import can_view_essay, visible_versions
from linkenglish.cohorts.services import (
    cohort_create,
    cohort_teacher_assign,
    enrollment_add,
    program_by_code,
)
from linkenglish.extensions import db
from linkenglish.models import (
    Cohort,
    Essay,
    EssayStatus,
    EssayVersion,
    Extension,
    Participant,
    ProgramCode,
    Role,
    User,
    VersionKind,
    WritingPrompt,
)
from linkenglish.prompts.services import (
    essay_hand_in,
    extension_set,
    prompt_create,
    prompt_start,
)
from linkenglish.timeutil import from_local
from linkenglish.writing.services import draft_of, version_freeze

REVISION = re.compile(r'name="revision"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="revision"')
DUE = datetime(2026, 10, 5, 23, 59)  # typed in Asia/Seoul


@pytest.fixture
def world(app, make_user, make_participant):
    """A cohort with a prompt due 5 October 23:59 Seoul time, a participant with a login,
    an assigned teacher, an unassigned partner user of the same organisation, a coordinator."""
    writer = make_user(Role.PARTICIPANT)
    teacher = make_user(Role.PARTNER)
    stranger = make_user(Role.PARTNER)
    coordinator = make_user(Role.COORDINATOR)
    with app.app_context():
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LIEP),
            name="Autumn",
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 12, 1),
        )
        enrollment_add(
            cohort=cohort,
            participant=db.session.get(Participant, writer.participant_id),
            enrolled_on=date(2026, 9, 1),
        )
        cohort_teacher_assign(cohort=cohort, user=db.session.get(User, teacher.id), by=None)
        prompt = prompt_create(
            cohort=cohort,
            title="A place",
            instructions="Write about *a place*.",
            due_at=from_local(DUE),
            suggested_words=300,
            by=None,
        )
        db.session.commit()
        ids = {"cohort": cohort.id, "prompt": prompt.id}
    return {
        **ids,
        "writer": writer,
        "teacher": teacher,
        "stranger": stranger,
        "coordinator": coordinator,
    }


def form_token(client, path):
    """Read the CSRF token of the form on a page."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).text)
    assert match, path
    return match.group(1)


def prompt_form(token, **fields):
    """A prompt form as a browser posts it."""
    return {
        "csrf_token": token,
        "title": "Letters home",
        "instructions": "Write a letter.",
        "due_on": "2026-10-12",
        "due_time": "18:00",
        "suggested_words": "250",
        **fields,
    }


@pytest.mark.parametrize("who", ["coordinator", "teacher"])
def test_coordinator_and_assigned_teacher_set_and_edit_prompts(app, client, login_as, world, who):
    login_as(world[who])
    path = f"/prompts/cohorts/{world['cohort']}/new"
    response = client.post(path, data=prompt_form(form_token(client, path)))
    assert response.status_code == 302
    with app.app_context():
        prompt = db.session.scalar(
            select(WritingPrompt).where(WritingPrompt.title == "Letters home")
        )
        # 18:00 in Seoul is 09:00 UTC.
        assert prompt.due_at == datetime(2026, 10, 12, 9, 0, tzinfo=UTC)
        assert prompt.suggested_words == 250
        prompt_id = prompt.id
    edit = f"/prompts/{prompt_id}/edit"
    assert "2026-10-12" in client.get(edit).text
    response = client.post(edit, data=prompt_form(form_token(client, edit), title="Letters"))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(WritingPrompt, prompt_id).title == "Letters"
    assert "Letters" in client.get(f"/prompts/{prompt_id}").text


def test_impossible_dates_are_refused_not_500(client, login_as, world):
    login_as(world["coordinator"])
    path = f"/prompts/cohorts/{world['cohort']}/new"
    response = client.post(path, data=prompt_form(form_token(client, path), due_on="2026-02-30"))
    assert response.status_code == 200
    assert "Enter a real date" in response.text
    response = client.post(path, data=prompt_form(form_token(client, path), due_time="25:99"))
    assert response.status_code == 200 and "Enter a time" in response.text


def test_unassigned_partner_gets_404_for_prompts_and_essays(app, client, login_as, world):
    essay_id = submitted_essay(app, world)
    login_as(world["stranger"])
    prompt = world["prompt"]
    for path in [
        f"/prompts/{prompt}",
        f"/prompts/{prompt}/edit",
        f"/prompts/cohorts/{world['cohort']}",
        f"/prompts/cohorts/{world['cohort']}/new",
        f"/prompts/{prompt}/essays/{essay_id}",
        f"/prompts/{prompt}/extensions/{world['writer'].participant_id}",
    ]:
        assert client.get(path).status_code == 404, path
    assert "A place" not in client.get("/prompts/").text
    login_as(world["teacher"])
    assert client.get(f"/prompts/{prompt}/essays/{essay_id}").status_code == 200


def test_participant_sees_cohort_prompts_and_starts_one_essay(
    app, client, login_as, world, make_user
):
    login_as(world["writer"])
    listing = client.get("/prompts/").text
    assert "A place" in listing
    page = client.get(f"/prompts/{world['prompt']}").text
    assert "<em>a place</em>" in page
    token = form_token(client, f"/prompts/{world['prompt']}")
    first = client.post(f"/prompts/{world['prompt']}/start", data={"csrf_token": token})
    again = client.post(f"/prompts/{world['prompt']}/start", data={"csrf_token": token})
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    with app.app_context():
        essay = db.session.scalar(select(Essay).where(Essay.prompt_id == world["prompt"]))
        assert essay.cohort_id == world["cohort"]
    # Another participant, not in the cohort, gets 404.
    login_as(make_user(Role.PARTICIPANT))
    assert client.get(f"/prompts/{world['prompt']}").status_code == 404
    assert client.post(f"/prompts/{world['prompt']}/start").status_code in {400, 404}


def hand_in_at(app, world, local_moment, extension=None):
    """Start, write and submit the writer's essay at a Seoul time; return its late flag."""
    with app.app_context():
        prompt = db.session.get(WritingPrompt, world["prompt"])
        participant = db.session.get(Participant, world["writer"].participant_id)
        if extension is not None:
            extension_set(
                prompt=prompt,
                participant=participant,
                due_at=from_local(extension),
                reason="Ill",
                by=None,
            )
        essay = prompt_start(prompt=prompt, participant=participant, by=None)
        draft_of(essay).body = f"Written for {local_moment}."
        version = essay_hand_in(essay=essay, by=None, at=from_local(local_moment))
        db.session.commit()
        return version.late


@pytest.mark.parametrize(
    ("moment", "extension", "late"),
    [
        (datetime(2026, 10, 5, 23, 59), None, False),
        (datetime(2026, 10, 5, 23, 59, 59), None, False),
        (datetime(2026, 10, 6, 0, 0), None, True),
        (datetime(2026, 10, 6, 0, 0), datetime(2026, 10, 6, 23, 59), False),
        (datetime(2026, 10, 7, 0, 0), datetime(2026, 10, 6, 23, 59), True),
        # An "extension" earlier than the prompt's due time never makes anyone late sooner.
        (datetime(2026, 10, 5, 23, 0), datetime(2026, 10, 1, 23, 59), False),
    ],
)
def test_late_and_extension_at_the_edges_of_the_due_day(app, world, moment, extension, late):
    assert app.config["APP_TIMEZONE"] == "Asia/Seoul"
    assert hand_in_at(app, world, moment, extension) is late


def test_submitting_in_the_editor_needs_the_own_work_statement(app, client, login_as, world):
    login_as(world["writer"])
    with app.app_context():
        essay = prompt_start(
            prompt=db.session.get(WritingPrompt, world["prompt"]),
            participant=db.session.get(Participant, world["writer"].participant_id),
            by=None,
        )
        db.session.commit()
        essay_id = essay.id
    path = f"/writing/{essay_id}"
    page = client.get(path).text
    assert 'name="own_work"' in page and 'name="cohort"' not in page
    data = {"title": "T", "body": "Mine.", "action": "submit"}
    revision = next(g for g in REVISION.search(page).groups() if g)
    client.post(path, data={**data, "revision": revision, "csrf_token": form_token(client, path)})
    with app.app_context():
        assert db.session.get(Essay, essay_id).status is EssayStatus.DRAFT
    page = client.get(path).text
    revision = next(g for g in REVISION.search(page).groups() if g)
    client.post(
        path,
        data={
            **data,
            "own_work": "y",
            "revision": revision,
            "csrf_token": form_token(client, path),
        },
    )
    with app.app_context():
        essay = db.session.get(Essay, essay_id)
        assert essay.status is EssayStatus.SUBMITTED
        assert [v.kind for v in essay.versions] == [VersionKind.SUBMITTED]


def test_free_writing_goes_to_a_chosen_cohort_of_the_writer(app, world):
    with app.app_context():
        from linkenglish.writing.services import essay_create

        participant = db.session.get(Participant, world["writer"].participant_id)
        essay = essay_create(participant=participant, by=None, body="Free words.")
        other = cohort_create(
            program=program_by_code(ProgramCode.LELP),
            name="Not theirs",
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 12, 1),
        )
        from linkenglish.writing.services import WritingError

        with pytest.raises(WritingError):
            essay_hand_in(essay=essay, by=None, cohort_id=other.id)
        essay_hand_in(essay=essay, by=None, cohort_id=world["cohort"])
        assert essay.cohort_id == world["cohort"]
        teacher = db.session.get(User, world["teacher"].id)
        stranger = db.session.get(User, world["stranger"].id)
        assert can_view_essay(teacher, essay) and not can_view_essay(stranger, essay)


def submitted_essay(app, world):
    """The writer's essay with a draft, a saved version and then one submitted version."""
    with app.app_context():
        essay = prompt_start(
            prompt=db.session.get(WritingPrompt, world["prompt"]),
            participant=db.session.get(Participant, world["writer"].participant_id),
            by=None,
        )
        draft_of(essay).body = "Secret saved words."
        version_freeze(essay=essay, kind=VersionKind.SAVED, by=None)
        draft_of(essay).body = "Submitted words."
        essay_hand_in(essay=essay, by=None)
        draft_of(essay).body = "Private draft words."
        db.session.commit()
        return essay.id


def test_drafts_and_saved_versions_are_never_shown_to_staff(app, client, login_as, world):
    with app.app_context():
        essay = prompt_start(
            prompt=db.session.get(WritingPrompt, world["prompt"]),
            participant=db.session.get(Participant, world["writer"].participant_id),
            by=None,
        )
        draft_of(essay).body = "Only a draft."
        version_freeze(essay=essay, kind=VersionKind.SAVED, by=None)
        db.session.commit()
        unsubmitted = essay.id
    login_as(world["coordinator"])
    path = f"/prompts/{world['prompt']}/essays/{unsubmitted}"
    assert client.get(path).status_code == 404
    essay_id = unsubmitted
    with app.app_context():
        essay = db.session.get(Essay, essay_id)
        draft_of(essay).body = "Submitted words."
        essay_hand_in(essay=essay, by=None)
        draft_of(essay).body = "Private draft words."
        db.session.commit()
    for who in ("coordinator", "teacher"):
        login_as(world[who])
        page = client.get(path).text
        assert "Submitted words." in page
        assert "Only a draft." not in page and "Private draft words." not in page
        with app.app_context():
            user = db.session.get(User, world[who].id)
            shown = visible_versions(db.session.get(Essay, essay_id), user)
            assert [v.kind for v in shown] == [VersionKind.SUBMITTED]
    with app.app_context():
        writer = db.session.get(User, world["writer"].id)
        assert len(visible_versions(db.session.get(Essay, essay_id), writer)) == 2
    # Staff never reach the editor or the participant's version pages.
    assert client.get(f"/writing/{essay_id}").status_code == 404
    assert client.get(f"/writing/{essay_id}/versions/1").status_code == 404


def test_extension_is_given_and_changed(app, client, login_as, world):
    login_as(world["teacher"])
    path = f"/prompts/{world['prompt']}/extensions/{world['writer'].participant_id}"
    for day in ("2026-10-08", "2026-10-09"):
        data = {"csrf_token": form_token(client, path), "due_on": day, "reason": "Family"}
        assert client.post(path, data=data).status_code == 302
    assert "2026-10-09" in client.get(path).text and "Family" in client.get(path).text
    bad = {"csrf_token": form_token(client, path), "due_on": "2026-02-30"}
    assert client.post(path, data=bad).status_code == 200
    with app.app_context():
        extensions = db.session.scalars(select(Extension)).all()
        assert len(extensions) == 1
        assert extensions[0].due_at == from_local(datetime(2026, 10, 9, 23, 59))
    assert "Has extension" in client.get(f"/prompts/{world['prompt']}?state=extension").text


def test_marking_final_and_the_dashboard_count(app, client, login_as, world):
    essay_id = submitted_essay(app, world)
    login_as(world["teacher"])
    assert "Essays awaiting feedback: 1" in client.get("/dashboard").text
    overview = client.get(f"/prompts/{world['prompt']}?state=awaiting").text
    assert f"/essays/{essay_id}" in overview
    path = f"/prompts/{world['prompt']}/essays/{essay_id}"
    response = client.post(path + "/final", data={"csrf_token": form_token(client, path)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Essay, essay_id).status is EssayStatus.FINAL
    assert "Essays awaiting feedback: 0" in client.get("/dashboard").text
    login_as(world["stranger"])
    assert "Essays awaiting feedback: 0" in client.get("/dashboard").text


def add_writers(app, world, count):
    """Enroll count more participants, each with a submitted essay for the prompt."""
    with app.app_context():
        cohort = db.session.get(Cohort, world["cohort"])
        prompt = db.session.get(WritingPrompt, world["prompt"])
        for number in range(count):
            from linkenglish.participants.services import participant_create

            participant = participant_create(
                legal_name=f"참가자{number}",
                preferred_name=f"Writer {number}",
                program=ProgramCode.LIEP,
            )
            enrollment_add(cohort=cohort, participant=participant, enrolled_on=date(2026, 9, 1))
            essay = prompt_start(prompt=prompt, participant=participant, by=None)
            draft_of(essay).body = "Words."
            essay_hand_in(essay=essay, by=None)
            if number % 2:
                extension_set(
                    prompt=prompt,
                    participant=participant,
                    due_at=from_local(DUE),
                    reason=None,
                    by=None,
                )
        db.session.commit()


def test_overview_runs_a_fixed_number_of_queries(app, client, login_as, world, count_queries):
    login_as(world["coordinator"])
    path = f"/prompts/{world['prompt']}"
    costs = []
    for more in (1, 29):
        add_writers(app, world, more)
        client.get(path)  # warm up
        with count_queries() as statements:
            page = client.get(path).text
        costs.append(len(statements))
    assert page.count("Writer ") == 30
    assert costs[0] == costs[1]
    with app.app_context():
        versions = db.session.scalars(select(EssayVersion)).all()
        assert len(versions) == 30


def test_seed_demo_sets_a_prompt_with_a_submitted_essay(app, runner):
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0
    with app.app_context():
        prompts = db.session.scalars(select(WritingPrompt)).all()
        assert len(prompts) == 1 and prompts[0].due_at is not None
        essays = db.session.scalars(select(Essay).where(Essay.prompt_id == prompts[0].id)).all()
        assert [e.status for e in essays] == [EssayStatus.SUBMITTED]
        assert essays[0].cohort_id == prompts[0].cohort_id


def test_teachers_read_free_writing_sent_to_their_cohort(app, client, login_as, world):
    """Free writing sent to a cohort is listed and readable for its teachers, submitted
    versions only; an unassigned partner gets 404."""
    from linkenglish.writing.services import essay_create, version_add

    with app.app_context():
        participant = db.session.get(Participant, world["writer"].participant_id)
        essay = essay_create(participant=participant, by=None, body="Handed-in words.")
        version_add(
            essay=essay, kind=VersionKind.SAVED, title="T", body="Private saved words.", by=None
        )
        essay_hand_in(essay=essay, by=None, cohort_id=world["cohort"])
        db.session.commit()
        essay_id = essay.id
    login_as(world["teacher"])
    listing = client.get(f"/prompts/cohorts/{world['cohort']}").text
    assert f"/prompts/free-writing/{essay_id}" in listing
    page = client.get(f"/prompts/free-writing/{essay_id}").text
    assert "Handed-in words." in page and "Private saved words." not in page
    login_as(world["coordinator"])
    assert f"/prompts/free-writing/{essay_id}" in client.get("/prompts/").text
    login_as(world["stranger"])
    assert client.get(f"/prompts/free-writing/{essay_id}").status_code == 404
