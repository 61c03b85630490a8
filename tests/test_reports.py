"""Attendance reports: who may open which, the numbers against a hand count, the at-risk rule,
bad query strings, and the charts. Downloads and query counts: test_reports_downloads.py."""

import re
from datetime import date

import pytest
from report_data import hand_counted, sized_cohort
from sqlalchemy import update

from linkenglish.extensions import db
from linkenglish.models import Cohort, Enrollment, EnrollmentStatus, Role


@pytest.fixture
def data(app):
    """The hand-counted cohort and its neighbours."""
    return hand_counted(app)


@pytest.fixture
def coordinator(make_user, login_as):
    """A signed-in coordinator."""
    return login_as(make_user(Role.COORDINATOR))


@pytest.fixture
def partner(make_user, login_as):
    """A signed-in British Council user."""
    return login_as(make_user(Role.PARTNER, partner_name="British Council"))


def text(response) -> str:
    """A page's HTML, after checking it was shown."""
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def report_urls(data) -> list[str]:
    """Every report page and download of the British Council's cohort and organisation."""
    pages = [
        f"/reports/cohorts/{data.cohort_id}/attendance",
        f"/reports/participants/{data.people['Ben']}/attendance",
        f"/reports/partners/{data.organisation_id}/summary",
    ]
    return pages + [f"{page}.{kind}" for page in pages for kind in ("csv", "xlsx")]


def test_the_matrix_matches_the_hand_count(client, data, partner):
    body = text(client.get(f"/reports/cohorts/{data.cohort_id}/attendance"))
    name_and_rate = (
        r'class="matrix-name"[^>]*><a [^>]*>([^<]+)</a></th>\s*<td class="matrix-rate">(.*?)</td>'
    )
    rows = dict(re.findall(name_and_rate, body))
    assert "75%" in rows["Ana"] and "67%" in rows["Ben"] and "100%" in rows["Cy"]
    assert "50%" in rows["Dee"]
    # Ben's row: P A P, then nothing taken; Dee's first two cells are outside her enrollment.
    assert body.count('<td class="mark mark-outside">') == 2
    assert body.count('<td class="mark mark-not_taken">') == 1
    assert "One cancelled session is left out" in body
    assert "style=" not in body


def test_every_report_404s_for_another_organisation(client, data, make_user, login_as):
    login_as(make_user(Role.PARTNER, partner_name="Other Organisation"))
    for url in report_urls(data):
        assert client.get(url).status_code == 404, url


def test_a_participant_sees_only_their_own_record(client, data, make_user, login_as):
    login_as(make_user(Role.PARTICIPANT, participant=_participant(data, "Ana")))
    own = f"/reports/participants/{data.people['Ana']}/attendance"
    assert client.get(own).status_code == 200
    assert client.get(own + ".csv").status_code == 200
    for url in [*report_urls(data), "/reports/", "/reports/at-risk", "/reports/at-risk.csv"]:
        assert client.get(url).status_code == 404, url


def _participant(data, name):
    """A stand-in with the id make_user needs to link a participant login."""

    class Linked:
        id = data.people[name]

    return Linked


def at_risk_names(client, query="") -> list[str]:
    """The names the at-risk list shows, in order."""
    body = text(client.get("/reports/at-risk" + query))
    return re.findall(
        r'<th scope="row"><a href="/reports/participants/\d+/attendance">([^<]+)</a>', body
    )


def test_the_at_risk_rule(client, data, coordinator):
    # Ana 3 of 4 (75%), Ben 2 of 3 (67%), Cy 100%, Dee 1 of 2 (50%), Eve 0 of 1.
    assert at_risk_names(client) == ["Ben", "Ana"]
    assert at_risk_names(client, "?threshold=75") == ["Ben"]  # exactly 75% is not under 75%
    assert at_risk_names(client, "?threshold=76") == ["Ben", "Ana"]
    assert at_risk_names(client, "?min_sessions=2") == ["Dee", "Ben", "Ana"]
    assert at_risk_names(client, "?min_sessions=1") == ["xEve", "Dee", "Ben", "Ana"]
    assert at_risk_names(client, "?min_sessions=4") == ["Ana"]


def test_at_risk_leaves_out_ended_enrollments_and_closed_cohorts(app, client, data, coordinator):
    with app.app_context():
        db.session.execute(
            update(Enrollment)
            .where(Enrollment.participant_id == data.people["Ben"])
            .values(status=EnrollmentStatus.WITHDRAWN, ended_on=date.today())
        )
        db.session.commit()
    assert at_risk_names(client) == ["Ana"]
    with app.app_context():
        db.session.execute(
            update(Cohort).where(Cohort.id == data.cohort_id).values(closed_at=db.func.now())
        )
        db.session.commit()
    assert at_risk_names(client, "?min_sessions=1") == ["xEve"]


def test_partners_see_only_their_organisation(client, data, partner):
    assert at_risk_names(client, "?min_sessions=1") == ["Dee", "Ben", "Ana"]
    index = text(client.get("/reports/"))
    assert "LIEP Spring" in index and "British Council" in index
    assert "Other Org" not in index and "LELP Evening" not in index
    record = text(client.get(f"/reports/participants/{data.people['Ana']}/attendance"))
    assert "LIEP Spring" in record and "LELP Evening" not in record
    detail = text(client.get(f"/cohorts/{data.cohort_id}"))
    assert f'href="/reports/cohorts/{data.cohort_id}/attendance"' in detail
    participant_page = text(client.get(f"/participants/{data.people['Ana']}"))
    assert f'href="/reports/participants/{data.people["Ana"]}/attendance"' in participant_page
    assert 'href="/reports/"' in index


def test_coordinators_and_the_participant_see_every_cohort(client, data, make_user, login_as):
    login_as(make_user(Role.COORDINATOR))
    record = text(client.get(f"/reports/participants/{data.people['Ana']}/attendance"))
    assert "LIEP Spring" in record and "LELP Evening" in record
    assert "Other Organisation" in text(client.get("/reports/"))
    login_as(make_user(Role.PARTICIPANT, participant=_participant(data, "Ana")))
    record = text(client.get(f"/reports/participants/{data.people['Ana']}/attendance"))
    assert "LIEP Spring" in record and "LELP Evening" in record and "75%" in record
    assert "Ben" not in record


def test_the_summary_counts(client, data, partner):
    body = text(client.get(f"/reports/partners/{data.organisation_id}/summary"))
    [line] = re.findall(r"<th scope=\"row\"><a [^>]*>LIEP Spring</a></th>(.*?)</tr>", body, re.S)
    cells = re.findall(r'<td class="numeric">(?:<span[^>]*>)?([^<]*)', line)
    assert cells == ["4", "1", "1", "4", "73%"]
    assert "mean of the rates" in body
    # A range with no session of the organisation: nothing to count, still a page.
    empty = text(
        client.get(
            f"/reports/partners/{data.organisation_id}/summary?from=2020-01-01&to=2020-02-01"
        )
    )
    assert "No cohorts or sessions in this range." in empty


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=2026-02-30", "Enter a real date as YYYY-MM-DD"),
        ("?to=yesterday", "Enter a real date as YYYY-MM-DD"),
        ("?from=2026-05-01&to=2026-04-01", "The end comes before the start."),
        ("?from=2000-01-01&to=2026-01-01", "Choose a range of at most three years."),
    ],
)
def test_bad_dates_say_so_and_use_the_default(client, data, coordinator, query, message):
    body = text(client.get(f"/reports/partners/{data.organisation_id}/summary{query}"))
    assert message in body
    assert "Showing the default range instead" in body
    response = client.get(f"/reports/partners/{data.organisation_id}/summary.csv{query}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?threshold=abc", "Enter a whole number from 1 to 100."),
        ("?threshold=500", "Enter a whole number from 1 to 100."),
        ("?threshold=-5", "Enter a whole number from 1 to 100."),
        ("?min_sessions=0", "Enter a whole number from 1 to 500."),
        ("?min_sessions=3.5", "Enter a whole number from 1 to 500."),
    ],
)
def test_bad_numbers_say_so_and_use_the_default(client, data, coordinator, query, message):
    body = text(client.get(f"/reports/at-risk{query}"))
    assert body.count(message) == 1
    assert "under 80% after at least 3 counted sessions" in body
    assert at_risk_names(client, query) == ["Ben", "Ana"]
    assert client.get(f"/reports/at-risk.xlsx{query}").status_code == 200


def test_the_sessions_list_goes_by_pages(app, client, coordinator):
    cohort_id = sized_cohort(app, participants=1, sessions=60, name="Paged")
    body = text(client.get(f"/reports/cohorts/{cohort_id}/attendance"))
    [participant_id] = re.findall(
        r'class="matrix-name"[^>]*><a href="/reports/participants/(\d+)/', body
    )
    url = f"/reports/participants/{participant_id}/attendance"
    first = text(client.get(url))
    assert first.count('<th scope="row" class="nowrap">') == 50
    assert f'href="{url}?page=2"' in first
    second = text(client.get(url + "?page=2"))
    assert second.count('<th scope="row" class="nowrap">') == 10
    assert f'href="{url}?page=1"' in second and "page=3" not in second
    assert text(client.get(url + "?page=abc")).count('class="nowrap"') == 50
    assert "No sessions on this page." in text(client.get(url + "?page=99"))


def test_charts_escape_text_and_carry_no_style(app, client, coordinator):
    name = '<b>"Q&A" cohort</b>'
    data = hand_counted(app, cohort_name=name)
    pages = [
        f"/reports/cohorts/{data.cohort_id}/attendance",
        f"/reports/participants/{data.people['Ben']}/attendance",
        f"/reports/partners/{data.organisation_id}/summary",
        "/reports/at-risk",
    ]
    for page in pages:
        body = text(client.get(page))
        [chart] = re.findall(r"<svg.*?</svg>", body, re.S)
        assert 'role="img"' in chart and "<title" in chart and "<desc" in chart
        assert "style" not in chart.lower()
        assert "<b>" not in body
    matrix = text(client.get(pages[0]))
    assert "&lt;b&gt;&#34;Q&amp;A&#34; cohort&lt;/b&gt;:" in re.search(
        r"<desc.*?</desc>", matrix
    ).group(0)
    assert " style=" not in matrix and "<style" not in matrix
