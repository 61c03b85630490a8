"""Writing: the working draft, autosave, frozen versions, submission and who sees them."""

import re

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from linkenglish.demo.writing import sample_essay
from linkenglish.extensions import db
from linkenglish.models import (
    Essay,
    EssayDraft,
    EssayStatus,
    EssayVersion,
    Participant,
    Role,
    VersionKind,
)
from linkenglish.writing.forms import BODY_LENGTH
from linkenglish.writing.services import essay_create, version_add, word_count

REVISION = re.compile(r'name="revision"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="revision"')


@pytest.fixture
def writer(make_user, login_as):
    """A participant, signed in."""
    return login_as(make_user(Role.PARTICIPANT))


@pytest.fixture
def make_essay(app):
    """Return a factory for an essay of a participant (its id)."""

    def make(participant_id, title="A title", body="Some words here."):
        with app.app_context():
            essay = essay_create(
                participant=db.session.get(Participant, participant_id),
                by=None,
                title=title,
                body=body,
            )
            db.session.commit()
            return essay.id

    return make


def state(app, essay_id):
    """The essay's status, draft (title, body, revision) and versions (number, kind, body)."""
    with app.app_context():
        essay = db.session.get(Essay, essay_id)
        draft = essay.draft
        versions = [(v.number, v.kind, v.title, v.body) for v in essay.versions]
        return essay.status, (draft.title, draft.body, draft.revision), versions


def autosave(client, csrf_token, essay_id, revision, body, title="A title", token=None):
    """Post an autosave as the editor's script does."""
    token = token or csrf_token(f"/writing/{essay_id}")
    return client.post(
        f"/writing/{essay_id}/autosave",
        data={"csrf_token": token, "title": title, "body": body, "revision": str(revision)},
    )


def press(client, csrf_token, essay_id, action, body, revision, title="A title"):
    """Press one of the editor's buttons, as a browser without JavaScript does."""
    return client.post(
        f"/writing/{essay_id}",
        data={
            "csrf_token": csrf_token(f"/writing/{essay_id}"),
            "title": title,
            "body": body,
            "revision": str(revision),
            "action": action,
            "own_work": "y",  # the statement submitting asks for; ignored by other buttons
        },
    )


def test_new_essay_opens_the_editor_with_the_contract(app, client, writer, csrf_token):
    response = client.post("/writing/new", data={"csrf_token": csrf_token("/writing/")})
    assert response.status_code == 302
    essay_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    page = client.get(f"/writing/{essay_id}").get_data(as_text=True)
    for needle in (
        'id="essay-form"',
        f'data-autosave-url="/writing/{essay_id}/autosave"',
        'data-storage-key="essay-draft-',
        'id="autosave-status" role="status" aria-live="polite"',
        'id="word-count"',
        'id="title"',
        'id="body"',
        'name="action" value="save"',
        'name="action" value="version"',
        'name="action" value="submit"',
        "js/autosave.js",
        "Only you can read your drafts.",
    ):
        assert needle in page, needle
    assert f'essay-draft-{essay_id}"' not in page
    assert REVISION.search(page)
    status, draft, versions = state(app, essay_id)
    assert status is EssayStatus.DRAFT and draft == ("", "", 1) and versions == []


def test_saving_the_same_draft_twice_creates_no_version(
    app, client, writer, csrf_token, make_essay
):
    essay_id = make_essay(writer.participant_id)
    first = autosave(client, csrf_token, essay_id, 1, "New words, typed.")
    assert first.status_code == 200
    answer = first.get_json()
    assert answer["revision"] == 2 and answer["words"] == 3
    assert answer["warning"] is None and answer["version"] is None
    assert answer["saved_at"].endswith("Z")
    again = autosave(client, csrf_token, essay_id, 2, "New words, typed.").get_json()
    assert again["revision"] == 2 and again["version"] is None
    assert press(client, csrf_token, essay_id, "save", "New words, typed.", 2).status_code == 302
    assert state(app, essay_id)[1:] == (("A title", "New words, typed.", 2), [])


def test_save_version_freezes_one_and_only_one(app, client, writer, csrf_token, make_essay):
    essay_id = make_essay(writer.participant_id)
    response = press(client, csrf_token, essay_id, "version", "Frozen text.", 1)
    assert response.status_code == 302
    assert "Saved as version 1" in client.get(f"/writing/{essay_id}").get_data(as_text=True)
    press(client, csrf_token, essay_id, "version", "Frozen text.", 2)
    _status, draft, versions = state(app, essay_id)
    assert draft == ("A title", "Frozen text.", 2)
    assert versions == [(1, VersionKind.SAVED, "A title", "Frozen text.")]
    page = client.get(f"/writing/{essay_id}/versions/1").get_data(as_text=True)
    assert "Frozen text." in page and "2 words" in page


def test_autosave_from_an_old_revision_keeps_newer_text(
    app, client, writer, csrf_token, make_essay
):
    essay_id = make_essay(writer.participant_id)
    assert autosave(client, csrf_token, essay_id, 1, "Newer text from tab one.").status_code == 200
    stale = autosave(client, csrf_token, essay_id, 1, "Older text from tab two.")
    assert stale.status_code == 200
    answer = stale.get_json()
    assert answer["warning"] and answer["version"] == 1 and answer["revision"] == 2
    _status, draft, versions = state(app, essay_id)
    assert draft == ("A title", "Newer text from tab one.", 2)
    assert versions == [(1, VersionKind.SAVED, "A title", "Older text from tab two.")]
    # The button without JavaScript does the same, with a message.
    press(client, csrf_token, essay_id, "save", "Another old text.", 1)
    assert "changed in another window" in client.get(f"/writing/{essay_id}").get_data(as_text=True)
    assert state(app, essay_id)[1][1] == "Newer text from tab one."


def test_autosave_after_submission_leaves_the_submitted_version(
    app, client, writer, csrf_token, make_essay
):
    essay_id = make_essay(writer.participant_id)
    assert press(client, csrf_token, essay_id, "submit", "Handed in.", 1).status_code == 302
    status, _draft, versions = state(app, essay_id)
    assert status is EssayStatus.SUBMITTED
    assert versions == [(1, VersionKind.SUBMITTED, "A title", "Handed in.")]
    answer = autosave(client, csrf_token, essay_id, 2, "Edited after handing in.").get_json()
    assert answer["revision"] == 3 and answer["version"] is None
    status, draft, versions = state(app, essay_id)
    assert status is EssayStatus.SUBMITTED and draft[1] == "Edited after handing in."
    assert versions == [(1, VersionKind.SUBMITTED, "A title", "Handed in.")]
    with app.app_context(), pytest.raises(DBAPIError):
        db.session.execute(
            text("UPDATE essay_versions SET body = 'changed' WHERE essay_id = :id"),
            {"id": essay_id},
        )
    with app.app_context():
        db.session.rollback()


def test_signed_out_autosave_is_401_json(app, client, make_user, make_essay, csrf_token):
    essay_id = make_essay(make_user(Role.PARTICIPANT).participant_id)
    response = autosave(client, csrf_token, essay_id, 1, "text", token=csrf_token("/sign-in"))
    assert response.status_code == 401
    assert response.get_json()["error"] == "signed_out"
    assert response.get_json()["message"]
    assert "Location" not in response.headers


def test_bad_csrf_is_400_json(app, client, writer, make_essay, csrf_token):
    essay_id = make_essay(writer.participant_id)
    response = autosave(client, csrf_token, essay_id, 1, "text", token="forged")
    assert response.status_code == 400 and response.get_json() == {"error": "csrf"}
    assert state(app, essay_id)[1][2] == 1


@pytest.mark.parametrize(
    ("revision", "body"),
    [("abc", "text"), ("", "text"), ("0", "text"), ("99999999999", "text"), ("1", "a\x00b"),
     ("1", "x" * (BODY_LENGTH + 1))],
)  # fmt: skip
def test_bad_input_is_a_400_with_a_message(
    app, client, writer, make_essay, csrf_token, revision, body
):
    essay_id = make_essay(writer.participant_id)
    response = autosave(client, csrf_token, essay_id, revision, body)
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid" and response.get_json()["message"]
    page = press(client, csrf_token, essay_id, "save", body, revision)
    assert page.status_code == 400 and 'class="errors"' in page.get_data(as_text=True)
    assert state(app, essay_id)[1] == ("A title", "Some words here.", 1)


def test_beacon_multipart_is_accepted(app, client, writer, make_essay, csrf_token):
    essay_id = make_essay(writer.participant_id)
    response = client.post(
        f"/writing/{essay_id}/autosave",
        data={
            "csrf_token": csrf_token(f"/writing/{essay_id}"),
            "title": "A title",
            "body": "Sent while closing.",
            "revision": "1",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert state(app, essay_id)[1] == ("A title", "Sent while closing.", 2)


def test_other_participants_essays_are_404(app, client, writer, make_user, make_essay, csrf_token):
    other = make_essay(make_user(Role.PARTICIPANT).participant_id, body="Secret words.")
    with app.app_context():
        db.session.add(
            EssayVersion(essay_id=other, number=1, kind=VersionKind.SAVED, title="t", body="b")
        )
        db.session.commit()
    for url in (f"/writing/{other}", f"/writing/{other}/versions/1"):
        response = client.get(url)
        assert response.status_code == 404 and "Secret" not in response.get_data(as_text=True)
    token = csrf_token("/writing/")
    response = autosave(client, csrf_token, other, 1, "overwrite", token=token)
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    response = client.post(
        f"/writing/{other}",
        data={"csrf_token": token, "body": "x", "revision": "1", "action": "save"},
    )
    assert response.status_code == 404
    assert state(app, other)[1] == ("A title", "Secret words.", 1)
    assert "Secret" not in client.get("/writing/").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTNER])
def test_staff_get_404_for_now(app, client, make_user, login_as, make_essay, csrf_token, role):
    essay_id = make_essay(make_user(Role.PARTICIPANT).participant_id)
    login_as(make_user(role))
    assert client.get(f"/writing/{essay_id}").status_code == 404
    response = autosave(client, csrf_token, essay_id, 1, "x", token=csrf_token("/dashboard"))
    assert response.status_code == 404 and response.is_json


def test_preview_renders_under_the_form_and_saves(app, client, writer, make_essay, csrf_token):
    essay_id = make_essay(writer.participant_id)
    page = press(client, csrf_token, essay_id, "preview", "*Hello* <script>x</script>", 1)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<em>Hello</em>" in html and "<script>x" not in html
    assert REVISION.search(html).group(1, 2) in {("2", None), (None, "2")}
    assert state(app, essay_id)[1][2] == 2


def test_my_writing_lists_essays_with_fixed_queries(
    app, client, writer, make_essay, count_queries, csrf_token
):
    costs = []
    for count in (1, 4):
        with app.app_context():
            have = db.session.scalar(select(func.count(Essay.id)))
        for _ in range(count - have):
            essay_id = make_essay(writer.participant_id, title=f"Essay {count}")
            press(client, csrf_token, essay_id, "version", "Three small words.", 1)
        with count_queries() as statements:
            body = client.get("/writing/").get_data(as_text=True)
        costs.append(len(statements))
        assert body.count("/versions/1") == count and "Three small words" not in body
    assert costs[0] == costs[1]


def test_sample_essay_word_count():
    title, body = sample_essay()
    assert title == "A Life With No Exit" and "Jane" not in body
    assert abs(word_count(body) - 512) <= 3


def test_word_count():
    assert word_count("") == 0
    assert word_count("I couldn’t go—it was well-known. *Yes*, 13 times!\n- a") == 10


def test_seed_demo_writes_the_sample(app, runner):
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0
    with app.app_context():
        sample = db.session.scalar(
            select(EssayDraft).where(EssayDraft.title == "A Life With No Exit")
        )
        assert sample is not None
        essay = sample.essay
        # Saved once, then submitted for the feedback the demo releases on it.
        assert [v.kind for v in essay.versions] == [VersionKind.SAVED, VersionKind.SUBMITTED]
        free = select(Essay.status).where(Essay.prompt_id.is_(None))  # prompts: test_prompts
        statuses = db.session.scalars(free.order_by(Essay.id)).all()
        assert statuses == [
            EssayStatus.FEEDBACK_RELEASED,
            EssayStatus.DRAFT,
            EssayStatus.SUBMITTED,
        ]


def test_an_essay_whose_draft_went_missing_still_opens(app, client, make_user, login_as):
    """The editor rebuilds a missing draft from the latest version instead of failing."""
    user = login_as(make_user(Role.PARTICIPANT))
    with app.app_context():
        essay = essay_create(participant=db.session.get(Participant, user.participant_id), by=None)
        version_add(essay=essay, kind=VersionKind.SAVED, title="Kept", body="Words kept.", by=None)
        db.session.delete(db.session.get(EssayDraft, essay.draft.id))
        db.session.commit()
        essay_id = essay.id
    page = client.get(f"/writing/{essay_id}")
    assert page.status_code == 200 and "Words kept." in page.get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    saved = client.post(
        f"/writing/{essay_id}/autosave",
        data={"csrf_token": token.group(1), "title": "Kept", "body": "More.", "revision": "1"},
    )
    assert saved.status_code == 200
    with app.app_context():
        assert db.session.get(Essay, essay_id).draft.body == "More."
