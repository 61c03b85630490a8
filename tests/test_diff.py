"""The word-level diff between versions, the compare page, and the bands chart."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from linkenglish.extensions import db
from linkenglish.feedback.charts import bands_chart
from linkenglish.feedback.diff import tokens, word_diff
from linkenglish.feedback.services import BandsRow
from linkenglish.models import CEFR, Participant, Role, VersionKind
from linkenglish.models.writing import EssayDraft
from linkenglish.writing.services import essay_create, version_freeze


def test_tokens_give_the_text_back():
    text = "One  two,\n\nthree — four.\n"
    assert "".join(tokens(text)) == text
    assert tokens("a b\nc") == ["a", " ", "b", "\n", "c"]


def test_inserted_and_deleted_words_are_marked(app):
    with app.test_request_context():
        diff = word_diff("The cat sat on the mat.", "The black cat sat on a mat.")
    assert diff.before == (
        'The cat sat on <del><span class="visually-hidden">deleted: </span>the</del> mat.'
    )
    assert diff.after == (
        'The<ins><span class="visually-hidden">inserted: </span> black</ins> cat sat on '
        '<ins><span class="visually-hidden">inserted: </span>a</ins> mat.'
    )
    assert (diff.deleted, diff.inserted) == (1, 2)


def test_unchanged_text_has_no_marks_and_keeps_newlines(app):
    with app.test_request_context():
        diff = word_diff("One.\n\nTwo.", "One.\n\nTwo.")
    assert diff.before == diff.after == "One.\n\nTwo."
    assert (diff.deleted, diff.inserted) == (0, 0)


def test_html_in_the_text_is_escaped(app):
    with app.test_request_context():
        diff = word_diff("Hello <b>you</b>", 'Hello <script>alert("x")</script> you')
    assert "<script>" not in diff.after and "<b>" not in diff.before
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in diff.after
    assert "&lt;b&gt;you&lt;/b&gt;" in diff.before


@pytest.fixture
def essay_with_versions(app, make_user):
    """A participant (signed in by the test) with an essay of three versions."""
    writer = make_user(Role.PARTICIPANT)
    with app.app_context():
        essay = essay_create(
            participant=db.session.get(Participant, writer.participant_id),
            by=None,
            title="Story",
            body="first text",
        )
        for body in ("first text", "second <script>alert(1)</script> text", "third text"):
            db.session.execute(
                update(EssayDraft).where(EssayDraft.essay_id == essay.id).values(body=body)
            )
            db.session.refresh(essay.draft)
            version_freeze(essay=essay, kind=VersionKind.SAVED, by=None)
        db.session.commit()
        return writer, essay.id


def test_compare_defaults_to_the_two_newest(client, login_as, essay_with_versions):
    writer, essay_id = essay_with_versions
    login_as(writer)
    page = client.get(f"/feedback/essays/{essay_id}/compare").get_data(as_text=True)
    assert "deleted: </span>second" in page and "inserted: </span>third" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_compare_chosen_versions(client, login_as, essay_with_versions):
    writer, essay_id = essay_with_versions
    login_as(writer)
    page = client.get(f"/feedback/essays/{essay_id}/compare?a=1&b=3").get_data(as_text=True)
    assert "deleted: </span>first" in page and "inserted: </span>third" in page


@pytest.mark.parametrize("query", ["a=1&b=1", "a=x&b=2", "a=99&b=1", "a=-1", "b=" + "9" * 40])
def test_bad_version_numbers_show_the_defaults_with_a_message(
    client, login_as, essay_with_versions, query
):
    writer, essay_id = essay_with_versions
    login_as(writer)
    response = client.get(f"/feedback/essays/{essay_id}/compare?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "showing the two newest instead" in page
    assert "inserted: </span>third" in page


def test_compare_is_404_for_others(client, make_user, login_as, essay_with_versions):
    _writer, essay_id = essay_with_versions
    login_as(make_user(Role.PARTICIPANT))
    assert client.get(f"/feedback/essays/{essay_id}/compare").status_code == 404
    login_as(make_user(Role.COORDINATOR))
    assert client.get(f"/feedback/essays/{essay_id}/compare").status_code == 404


def test_compare_runs_a_fixed_number_of_queries(
    app, client, login_as, essay_with_versions, count_queries
):
    writer, essay_id = essay_with_versions
    login_as(writer)
    with count_queries() as few:
        client.get(f"/feedback/essays/{essay_id}/compare")
    with app.app_context():
        from linkenglish.models import Essay

        essay = db.session.get(Essay, essay_id)
        for body in ("fourth text", "fifth text"):
            essay.draft.body = body
            version_freeze(essay=essay, kind=VersionKind.SAVED, by=None)
        db.session.commit()
    with count_queries() as more:
        client.get(f"/feedback/essays/{essay_id}/compare")
    assert len(few) == len(more)


def test_bands_chart_is_escaped_and_unstyled(app):
    rows = [
        BandsRow(
            released_at=datetime(2026, 10, day, tzinfo=UTC),
            essay_id=1,
            title="<script>x</script>",
            number=1,
            bands={
                "task": CEFR.B1,
                "organisation": CEFR.A2,
                "vocabulary": None,
                "grammar": CEFR.B2,
                "overall": CEFR.B1,
            },
        )
        for day in (1, 15)
    ]
    with app.test_request_context():
        chart = str(bands_chart(rows))
    assert chart.startswith("<svg") and 'role="img"' in chart
    assert "<title" in chart and "<desc" in chart
    assert "style" not in chart and "<script" not in chart
    assert bands_chart([]) == ""
