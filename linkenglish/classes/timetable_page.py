"""The timetable page: two weeks of the sessions a user may see, with links to the weeks
before and after only where a session lies there."""

from datetime import date, timedelta

from flask import render_template, request, url_for
from flask_login import current_user

from linkenglish.classes.timetable import (
    PAGE_DAYS,
    timetable_between,
    timetable_next_day,
    timetable_previous_day,
    timetable_window,
)
from linkenglish.models import Cohort
from linkenglish.timeutil import local_today


def timetable_page(cohort: Cohort | None):
    """Render two weeks of sessions from ?from=, upcoming only unless ?past=1."""
    today, past = local_today(), request.args.get("past") == "1"
    first, last = timetable_window(requested=request.args.get("from"), past=past, today=today)
    cohort_id = cohort.id if cohort else None
    view_args = {"cohort_id": cohort_id} if cohort else {}

    def page_url(start: date) -> str:
        return url_for(request.endpoint, **view_args, past="1" if past else None, **{"from": start})

    days = timetable_between(user=current_user, first=first, last=last, cohort_id=cohort_id)
    next_day = timetable_next_day(user=current_user, after=last, cohort_id=cohort_id)
    since = None if past else today  # an upcoming page never goes before today
    previous_day = timetable_previous_day(
        user=current_user, before=first, since=since, cohort_id=cohort_id
    )
    return render_template(
        "sessions/index.html",
        cohort=cohort,
        days=days,
        first=first,
        last=last,
        today=today,
        past=past,
        earlier_url=page_url(first - timedelta(days=PAGE_DAYS)) if previous_day else None,
        later_url=page_url(last + timedelta(days=1)) if next_day else None,
        next_day=next_day if not days else None,
        next_day_url=page_url(next_day) if next_day and not days else None,
        toggle_url=url_for(request.endpoint, **view_args, past=None if past else "1"),
    )
