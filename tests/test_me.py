"""A participant's own pages: their attendance (own marks and rates only), their calendar
link (create, reset), who may use them, and what they cost in queries."""

import re

import pytest
from own_view import ONLINE_URL, build_world, link_for, many_sessions
from sqlalchemy import select

from linkenglish.extensions import db
from linkenglish.models import AuditEvent, Role


def test_attendance_page_shows_own_rates_and_marks_only(
    app, client, make_user, make_participant, login_as
):
    world = build_world(app, make_user, make_participant)
    login_as(world.owner)
    page = client.get("/me/attendance").get_data(as_text=True)
    assert "LIEP Own" in page and "LIEP Left" in page and "LIEP Others" not in page
    assert "67%" in page and "(2 of 3)" in page  # own: present, late, absent
    assert "100%" in page and "1 not taken" in page  # left: present once, once not taken
    history = page[page.index("newest first") :]
    marks = re.findall(r'<span class="tag[^"]*">([^<]+)</span>', history)
    assert marks == ["Late", "Cancelled", "Present", "Absent", "Not taken", "Present"]
    assert "The room flooded, sorry" in page
    assert "Topic in_person" not in page and "Room 3, Main Hall; Gangnam" in page
    assert ONLINE_URL.replace("&", "&amp;") in page  # the meeting link, coming up
    for hidden in ("Topic after_leaving", "Topic before_joining", "Topic others_next"):
        assert hidden not in page
    assert "Canaryclassmate" not in page and "카나리친구" not in page and "Excused: 0" in page
    assert page.index("Topic online") < page.index("Topic present")  # coming up first
    assert (
        history.index("Topic late")
        < history.index("Topic present")
        < history.index("Topic long_ago")
    )
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Next session:" in dashboard and "See your attendance" in dashboard


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTNER])
def test_staff_get_404_on_me(client, make_user, login_as, csrf_token, role):
    login_as(make_user(role))
    for path in ("/me/attendance", "/me/calendar"):
        assert client.get(path).status_code == 404
    for path in ("/me/calendar/create", "/me/calendar/reset"):
        response = client.post(path, data={"csrf_token": csrf_token("/dashboard")})
        assert response.status_code == 404


def test_reset_changes_the_link_and_the_old_one_stops_at_once(
    app, client, make_user, make_participant, login_as, csrf_token
):
    world = build_world(app, make_user, make_participant)
    login_as(world.owner)
    page = client.get("/me/calendar").get_data(as_text=True)
    assert "Create my calendar link" in page and ".ics" not in page
    client.post("/me/calendar/create", data={"csrf_token": csrf_token("/me/calendar")})
    first = re.search(r'value="(http[^"]+\.ics)"', client.get("/me/calendar").text).group(1)
    assert client.get(first).status_code == 200
    # A second "create" (a stale tab) changes nothing.
    client.post("/me/calendar/create", data={"csrf_token": csrf_token("/me/calendar")})
    assert first in client.get("/me/calendar").text
    response = client.post("/me/calendar/reset", data={"csrf_token": csrf_token("/me/calendar")})
    assert response.status_code == 302
    second = re.search(r'value="(http[^"]+\.ics)"', client.get("/me/calendar").text).group(1)
    assert second != first
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert client.post("/me/calendar/reset").status_code == 400  # no CSRF token: refused
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        actions = [(e.action, e.actor_id, e.object_id, e.detail) for e in events]
        token = second.rsplit("/", 1)[1].removesuffix(".ics")
        assert all(token not in repr(row) for row in actions)
    assert ("calendar_link.create", world.owner.id, world.owner.id, None) in actions
    assert ("calendar_link.reset", world.owner.id, world.owner.id, None) in actions


def test_pages_and_feed_cost_a_fixed_number_of_queries(
    app, client, make_user, make_participant, login_as, count_queries
):
    small = many_sessions(app, make_user, make_participant, cohorts=1, past=1, upcoming=1)
    large = many_sessions(app, make_user, make_participant, cohorts=3, past=25, upcoming=10)
    costs = {}
    for who in (small, large):
        feed = link_for(app, who)
        login_as(who)
        for path in ("/me/attendance", "/me/calendar", feed):
            with count_queries() as statements:
                assert client.get(path).status_code == 200
            costs.setdefault(path if path != feed else "feed", []).append(len(statements))
    assert all(small_cost == large_cost for small_cost, large_cost in costs.values()), costs
    assert costs["feed"][0] <= 2
    page = client.get("/me/attendance").get_data(as_text=True)
    assert "Showing your latest 50 sessions." in page
