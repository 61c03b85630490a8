"""Times typed in Seoul are stored in UTC and shown in Seoul again."""

import re
from datetime import UTC, datetime

import pytest
from flask import render_template_string

from linkenglish.dates import localtime
from linkenglish.extensions import db
from linkenglish.models import Participant, Role, User
from linkenglish.participants.rights import participant_erase
from linkenglish.timeutil import from_local, to_local


def test_local_time_round_trip(app):
    with app.app_context():
        typed = datetime(2026, 2, 17, 10, 0)  # Seollal morning, as typed in a form
        stored = from_local(typed)
        assert stored == datetime(2026, 2, 17, 1, 0, tzinfo=UTC)
        assert to_local(stored).replace(tzinfo=None) == typed
        with pytest.raises(ValueError, match="naive"):
            from_local(stored)


def test_templates_show_times_in_the_app_time_zone(app):
    with app.test_request_context():
        shown = render_template_string(
            "{{ moment|localtime('yyyy-MM-dd HH:mm') }}",
            moment=datetime(2026, 2, 17, 1, 0, tzinfo=UTC),
        )
    assert shown == "2026-02-17 10:00"


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("pattern", [None, "short", "medium", "long", "full", "d MMM y, HH:mm"])
def test_every_moment_shows_a_24_hour_time(app, language, pattern):
    moment = datetime(2026, 12, 4, 13, 34, 56, tzinfo=UTC)  # 22:34 in Seoul
    with app.test_request_context(headers={"Accept-Language": language}):
        shown = localtime(moment) if pattern is None else localtime(moment, pattern)
    assert "22:34" in shown
    assert not any(word in shown for word in ("PM", "AM", "오후", "오전", ":56"))


def test_the_erasure_notice_uses_the_shared_time_format(
    app, client, make_user, make_participant, login_as
):
    coordinator = make_user(Role.COORDINATOR)
    person = make_participant()
    with app.app_context():
        participant_erase(
            participant=db.session.get(Participant, person.id),
            by=db.session.get(User, coordinator.id),
        )
        expected = to_local(db.session.get(Participant, person.id).erased_at).strftime("%H:%M")
        db.session.commit()
    login_as(coordinator)
    page = client.get(f"/participants/{person.id}").get_data(as_text=True)
    assert re.search(rf"erased on \d{{1,2}} \w{{3}} \d{{4}}, {expected}\.", page), page
    assert " PM" not in page and " AM" not in page
