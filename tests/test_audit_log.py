"""The coordinators' audit log: readable rows, filters, keyset pages in fixed queries, and
a participant's recent access on their page."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest

from linkenglish.audit.services import audit_record
from linkenglish.consent.services import consent_give
from linkenglish.extensions import db
from linkenglish.models import Language, Participant, Role, User
from linkenglish.writing.services import essay_create, essay_submit

DETAIL_NUMBER = re.compile(r"\bn: (\d+)")
OLDER_LINK = re.compile(r'<a href="([^"]+)" rel="next">')
START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def record(app):
    """Return a function that records an audit event at a given moment, as the app would."""

    def make(action, *, actor=None, at=START, object_type=None, object_id=None, detail=None):
        with app.app_context():
            who = db.session.get(User, actor.id) if actor is not None else None
            event = audit_record(
                action=action,
                actor=who,
                object_type=object_type,
                object_id=object_id,
                detail=detail,
            )
            event.occurred_at = at
            db.session.commit()
            return event.id

    return make


def page_of(client, url="/audit/"):
    """GET a page of the log; return the status and the HTML, entities decoded."""
    response = client.get(url)
    return response.status_code, unescape(response.get_data(as_text=True))


def numbers_on(body):
    """The "n" detail of each event row, in page order."""
    return [int(number) for number in DETAIL_NUMBER.findall(body)]


def test_coordinator_sees_events_newest_first_with_labels_and_names(
    client, make_user, make_participant, login_as, record
):
    coordinator = make_user(Role.COORDINATOR, display_name="Kim Coordinator")
    partner = make_user(Role.PARTNER, display_name="Bea Teacher")
    learner = make_participant(legal_name="최비밀", preferred_name="Sunny")
    learner_login = make_user(Role.PARTICIPANT, participant=learner)
    record("login.failed", at=START)
    record("login", actor=partner, at=START + timedelta(minutes=1))
    record("consent.given", actor=learner_login, at=START + timedelta(minutes=2))
    record(
        "participant.personal_data.view",
        actor=coordinator,
        object_type="participant",
        object_id=learner.id,
        at=START + timedelta(minutes=3),
    )
    record("something.new", actor=coordinator, detail={"rows": 3}, at=START + timedelta(minutes=4))
    login_as(coordinator)
    status, body = page_of(client)
    assert status == 200
    labels = [
        "something.new",
        "Viewed personal data",
        "Consent given",
        "Signed in",
        "Failed sign-in",
    ]
    table = body.split("<tbody>", 1)[1]
    positions = [table.index(label) for label in labels]
    assert positions == sorted(positions)
    assert "Kim Coordinator" in body and "Bea Teacher" in body and "Sunny" in body
    assert f'href="/participants/{learner.id}">Sunny</a>' in body
    assert "rows: 3" in body
    assert "<td>—</td>" in body  # the failed sign-in has no actor
    assert "최비밀" not in body  # nothing is decrypted


@pytest.mark.parametrize("role", [Role.PARTNER, Role.PARTICIPANT])
def test_partners_and_participants_get_404(client, make_user, login_as, role):
    login_as(make_user(role))
    assert client.get("/audit/").status_code == 404


def test_the_coordinator_nav_links_the_log(client, make_user, login_as):
    login_as(make_user(Role.COORDINATOR))
    assert 'href="/audit/"' in client.get("/dashboard").get_data(as_text=True)


def test_filter_by_action_and_actor(client, make_user, login_as, record):
    coordinator = make_user(Role.COORDINATOR, display_name="Kim Coordinator")
    other = make_user(Role.COORDINATOR, display_name="Lee Coordinator")
    record("login", actor=coordinator, detail={"n": 1})
    record("login.failed", detail={"n": 2})
    record("login", actor=other, detail={"n": 3})
    login_as(coordinator)
    _, body = page_of(client, "/audit/?action=login.failed")
    assert numbers_on(body) == [2]
    assert '<option selected value="login.failed">' in body
    _, body = page_of(client, f"/audit/?action=login&actor={other.id}")
    assert numbers_on(body) == [3]
    _, body = page_of(client, "/audit/?actor=none")
    assert numbers_on(body) == [2]


def give_consent(app, participant, coordinator):
    """Write, submit and consent to an essay of the participant; return the consent's id."""
    with app.app_context():
        by = db.session.get(User, coordinator.id)
        who = db.session.get(Participant, participant.id)
        essay = essay_create(participant=who, by=by, title="Mine", body="A text.")
        version = essay_submit(essay=essay, by=by)
        consent = consent_give(
            essay=essay, version=version, pen_name="Writer", author_note=None,
            language=Language.ENGLISH, by=by,
        )  # fmt: skip
        db.session.commit()
        return consent.id


def test_filter_by_participant_finds_events_about_them_and_their_objects(
    app, client, make_user, make_participant, login_as, record
):
    coordinator = make_user(Role.COORDINATOR)
    learner, other = make_participant(preferred_name="Sunny"), make_participant()
    learner_login = make_user(Role.PARTICIPANT, participant=learner)
    consent_id = give_consent(app, learner, coordinator)
    other_consent_id = give_consent(app, other, coordinator)
    about = {"object_type": "participant"}
    record("participant.personal_data.view", **about, object_id=learner.id, detail={"n": 1})
    record("participant.personal_data.view", **about, object_id=other.id, detail={"n": 2})
    record("consent.withdrawn", object_type="consent", object_id=consent_id, detail={"n": 3})
    record("consent.withdrawn", object_type="consent", object_id=other_consent_id, detail={"n": 4})
    record("login", actor=learner_login, object_type="user", object_id=learner_login.id,
           detail={"n": 5})  # fmt: skip
    login_as(coordinator)
    status, body = page_of(client, f"/audit/?participant={learner.id}&action=")
    assert status == 200
    assert sorted(numbers_on(body)) == [1, 3, 5]
    assert "Showing events about Sunny." in body
    assert f'href="/consent/{consent_id}"' in body


def test_filter_by_local_dates(client, make_user, login_as, record):
    coordinator = make_user(Role.COORDINATOR)
    # Seoul is UTC+9: 14:30 UTC is 23:30 on 1 March there, 15:30 UTC is 00:30 on 2 March.
    record("login", actor=coordinator, at=datetime(2026, 3, 1, 14, 30, tzinfo=UTC), detail={"n": 1})
    record("login", actor=coordinator, at=datetime(2026, 3, 1, 15, 30, tzinfo=UTC), detail={"n": 2})
    record("login", actor=coordinator, at=datetime(2026, 3, 3, 15, 30, tzinfo=UTC), detail={"n": 3})
    login_as(coordinator)
    _, body = page_of(client, "/audit/?from=2026-03-02&to=2026-03-02")
    assert numbers_on(body) == [2]
    _, body = page_of(client, "/audit/?from=2026-03-02")
    assert numbers_on(body) == [3, 2]
    _, body = page_of(client, "/audit/?to=2026-03-01")
    assert numbers_on(body) == [1]


def test_older_links_walk_every_event_once_keeping_the_filters(client, make_user, login_as, record):
    coordinator = make_user(Role.COORDINATOR)
    # Three events share each moment, so the id must break ties across page boundaries.
    for number in range(120):
        record("login", actor=coordinator, at=START + timedelta(seconds=number // 3),
               detail={"n": number})  # fmt: skip
    record("login.failed", at=START + timedelta(hours=1), detail={"n": 999})
    login_as(coordinator)
    url, seen, pages = "/audit/?action=login", [], 0
    while url:
        status, body = page_of(client, url)
        assert status == 200
        seen += numbers_on(body)
        pages += 1
        older = OLDER_LINK.search(body)
        url = older.group(1) if older else None
        if url:
            assert "action=login" in url
    assert pages == 3
    assert seen == list(range(119, -1, -1))


def test_a_page_costs_the_same_queries_for_3_or_60_events(
    client, make_user, make_participant, login_as, record, count_queries
):
    coordinator = make_user(Role.COORDINATOR, display_name="Kim Coordinator")
    partner = make_user(Role.PARTNER)
    learner = make_participant()
    learner_login = make_user(Role.PARTICIPANT, participant=learner)
    actors = [coordinator, partner, learner_login, None]

    def add(count, offset):
        for number in range(offset, offset + count):
            record("participant.personal_data.view", actor=actors[number % 4],
                   object_type="participant", object_id=learner.id,
                   at=START + timedelta(minutes=number))  # fmt: skip

    login_as(coordinator)
    costs = []
    for count, offset in ((3, 0), (57, 3)):
        add(count, offset)
        with count_queries() as statements:
            status, _body = page_of(client, "/audit/")
        assert status == 200
        costs.append(len(statements))
    assert costs[0] == costs[1]
    assert costs[0] <= 5


@pytest.mark.parametrize(
    "query",
    [
        "before=garbage",
        "before=99999999999999999-1",
        "before=1-99999999999999999",
        "before=",
        "from=2026-13-45",
        "from=0001-01-01&to=9999-12-31",
        "from=2026-03-05&to=2026-03-01",
        "participant=abc",
        "participant=-3",
        "participant=99999999999999999999",
        "participant=123456",
        "action=no.such.action",
        "actor=abc",
        "actor=999999999999",
    ],
)
def test_bad_values_never_fail_the_page(client, make_user, login_as, record, query):
    coordinator = login_as(make_user(Role.COORDINATOR))
    record("login", actor=coordinator)
    status, body = page_of(client, f"/audit/?{query}")
    assert status == 200
    if not query.startswith("before"):
        assert 'class="errors"' in body


def test_a_bad_cursor_shows_the_newest_events_and_says_so(client, make_user, login_as, record):
    coordinator = login_as(make_user(Role.COORDINATOR))
    record("login", actor=coordinator, detail={"n": 7})
    _, body = page_of(client, "/audit/?before=not-a-cursor")
    assert numbers_on(body) == [7]
    assert "That page address was not valid" in body


def test_participant_page_shows_recent_access_to_coordinators_only(
    client, make_user, make_participant, login_as
):
    learner = make_participant(preferred_name="Sunny")
    coordinator = login_as(make_user(Role.COORDINATOR, display_name="Kim Coordinator"))
    body = unescape(client.get(f"/participants/{learner.id}").get_data(as_text=True))
    assert "Recent access to personal data" in body
    section = body.split("Recent access to personal data", 1)[1]
    assert "Kim Coordinator: Viewed personal data" in section
    assert f'href="/audit/?participant={learner.id}"' in section
    assert coordinator.id
    login_as(make_user(Role.PARTICIPANT, participant=learner))
    body = client.get(f"/participants/{learner.id}").get_data(as_text=True)
    assert "Recent access to personal data" not in body
