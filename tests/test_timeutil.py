"""Times typed in Seoul are stored in UTC and shown in Seoul again."""

from datetime import UTC, datetime

import pytest
from flask import render_template_string

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
