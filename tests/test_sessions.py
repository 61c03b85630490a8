"""Class sessions: weekly series in Seoul time, one-off sessions, edits of one or the rest of a
series, cancelling, and the timetable each role sees, in a fixed number of queries."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from linkenglish.classes.services import (
    attendance_mark_set,
    class_series_create,
    class_session_cancel,
    class_session_create,
)
from linkenglish.cohorts.services import cohort_create, enrollment_add, program_by_code
from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceMark,
    AttendanceStatus,
    AuditEvent,
    ClassSession,
    Cohort,
    Participant,
    ProgramCode,
    Role,
    SessionMode,
    User,
)
from linkenglish.partners.services import partner_organisation_get_or_create

TERM = (date(2026, 9, 1), date(2026, 12, 18))
SEOUL = ZoneInfo("Asia/Seoul")  # the default APP_TIMEZONE


def new_cohort(app, name="LIEP Autumn 2026", partner="British Council", term=TERM):
    """A LIEP cohort over term, taught by partner (None: by LiNK); return its id."""
    with app.app_context():
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LIEP),
            name=name,
            starts_on=term[0],
            ends_on=term[1],
            partner=partner_organisation_get_or_create(name=partner) if partner else None,
        )
        db.session.commit()
        return cohort.id


def sessions_of(app, cohort_id):
    """The cohort's sessions in order of start, detached."""
    with app.app_context():
        found = db.session.scalars(
            select(ClassSession)
            .where(ClassSession.cohort_id == cohort_id)
            .order_by(ClassSession.starts_at)
        ).all()
        db.session.expunge_all()
        return found


def series(app, cohort_id, first, last, weekdays=(1,), start=time(19, 30), **details):
    """Create a weekly series through the service; return the session ids."""
    with app.app_context():
        made = class_series_create(
            cohort=db.session.get(Cohort, cohort_id),
            first=first,
            last=last,
            weekdays=weekdays,
            local_start=start,
            duration_minutes=details.pop("duration_minutes", 90),
            mode=details.pop("mode", SessionMode.ONLINE),
            **details,
        )
        db.session.commit()
        return [session.id for session in made]


@pytest.fixture
def coordinator(make_user, login_as):
    return login_as(make_user(Role.COORDINATOR))


@pytest.fixture
def teacher(make_user):
    return make_user(Role.PARTNER, display_name="Ms Park")


def series_data(token, teacher_id="", **overrides):
    return {
        "csrf_token": token,
        "weekdays": ["1", "3"],  # Tuesday and Thursday
        "start_time": "19:30",
        "duration_minutes": "90",
        "first_day": "2026-09-15",
        "last_day": "2026-10-08",
        "skip": "2026-09-24 Chuseok\n\n2026-10-01",
        "mode": "online",
        "place": "",
        "meeting_url": "https://meet.example.org/liep",
        "topic": "Conversation",
        "teacher": str(teacher_id),
        "action": "preview",
        **overrides,
    }


def test_weekly_series_in_seoul_time_across_a_month_with_two_skipped_dates(
    app, client, coordinator, teacher, csrf_token
):
    cohort_id = new_cohort(app)
    url = f"/cohorts/{cohort_id}/sessions/series"
    data = series_data(csrf_token(url), teacher.id)
    preview = client.post(url, data=data).get_data(as_text=True)
    assert "Creates 6 sessions, skipping 2 dates." in preview
    assert "Create 6 sessions" in preview and sessions_of(app, cohort_id) == []

    response = client.post(url, data={**data, "action": "create", "expected": "6"})
    assert response.status_code == 302
    assert "from=2026-09-15" in response.headers["Location"]
    made = sessions_of(app, cohort_id)
    assert [session.local_date for session in made] == [
        date(2026, 9, 15), date(2026, 9, 17), date(2026, 9, 22), date(2026, 9, 29),
        date(2026, 10, 6), date(2026, 10, 8),
    ]  # fmt: skip
    # 19:30 in Seoul (UTC+9) is 10:30 UTC on the same day.
    assert [session.starts_at for session in made] == [
        datetime.combine(session.local_date, time(10, 30), tzinfo=UTC) for session in made
    ]
    assert len({session.series_id for session in made}) == 1
    assert {(s.teacher_id, s.duration_minutes, s.topic) for s in made} == {
        (teacher.id, 90, "Conversation")
    }
    with app.app_context():
        partner = partner_organisation_get_or_create(name="British Council")
        assert {session.partner_id for session in made} == {partner.id}
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "class_session.series_create")
        )
        assert event.detail == {"sessions": 6, "skipped": 2, "first_session_id": made[0].id}
    listing = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Created 6 sessions, skipping 2 dates." in listing
    assert "19:30–21:00" in listing


def test_series_early_in_the_morning_keeps_the_seoul_date(app, client, coordinator, csrf_token):
    cohort_id = new_cohort(app)
    url = f"/cohorts/{cohort_id}/sessions/series"
    data = series_data(
        csrf_token(url), weekdays=["3"], start_time="07:00", first_day="2026-09-28",
        last_day="2026-10-02", skip="", action="create", expected="1",
    )  # fmt: skip
    assert client.post(url, data=data).status_code == 302
    (session,) = sessions_of(app, cohort_id)
    # Thursday 1 October, 07:00 in Seoul, is Wednesday 30 September, 22:00 UTC.
    assert session.local_date == date(2026, 10, 1)
    assert session.starts_at == datetime(2026, 9, 30, 22, 0, tzinfo=UTC)


def test_series_form_prefills_the_term_and_its_holidays_and_refuses_bad_series(
    app, client, coordinator, csrf_token
):
    cohort_id = new_cohort(app)
    url = f"/cohorts/{cohort_id}/sessions/series"
    page = client.get(url).get_data(as_text=True)
    assert 'value="2026-09-01"' in page and 'value="2026-12-18"' in page
    assert "2026-09-24 Chuseok" in page and "2026-10-09 Hangeul Day" in page
    assert "2026-12-25" not in page  # after the term
    assert "Korean public holidays" in page

    token = csrf_token(url)
    too_many = client.post(
        url,
        data=series_data(token, weekdays=[str(d) for d in range(7)], first_day="2026-01-01",
                         last_day="2026-12-31", skip=""),
    ).get_data(as_text=True)  # fmt: skip
    assert "These choices give 365 sessions; a series has at most 200." in too_many
    empty = client.post(
        url, data=series_data(token, weekdays=["6"], first_day="2026-09-15", last_day="2026-09-15")
    ).get_data(as_text=True)
    assert "These choices give no session" in empty
    bad = client.post(
        url,
        data=series_data(token, weekdays=[], skip="2026-02-30\nsoon", last_day="2026-09-01",
                         start_time="25:00", duration_minutes="2000"),
    ).get_data(as_text=True)  # fmt: skip
    assert "Tick at least one day of the week." in bad
    assert "Line 1: “2026-02-30” is not a date as YYYY-MM-DD." in bad
    assert "Line 2: “soon” is not a date as YYYY-MM-DD." in bad
    assert "The last day is on or after the first day." in bad
    assert "Enter a time from 00:00 to 23:59, such as 19:30." in bad
    assert "From 1 to 1,440 minutes (a day)." in bad
    # Created only with the count the preview showed.
    stale = client.post(url, data=series_data(token, action="create", expected="5"))
    assert "The dates changed since the preview" in stale.get_data(as_text=True)
    assert sessions_of(app, cohort_id) == []


def session_data(token, **overrides):
    return {
        "csrf_token": token,
        "day": "2026-10-01",
        "start_time": "08:00",
        "duration_minutes": "120",
        "mode": "in_person",
        "place": "LiNK Seoul office, room 2",
        "meeting_url": "",
        "topic": "Keep me as typed",
        "teacher": "",
        **overrides,
    }


def test_one_off_session_refuses_bad_input_and_keeps_what_was_typed(
    app, client, coordinator, csrf_token
):
    cohort_id = new_cohort(app)
    url = f"/cohorts/{cohort_id}/sessions/new"
    token = csrf_token(url)
    response = client.post(
        url,
        data=session_data(token, day="2026-02-30", start_time="25:00", duration_minutes="0",
                          meeting_url="javascript:alert(1)", teacher=str(coordinator.id)),
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter a real date as YYYY-MM-DD, such as 2026-09-01." in page
    assert "Enter a time from 00:00 to 23:59, such as 19:30." in page
    assert "From 1 to 1,440 minutes (a day)." in page
    assert "Enter a web link that starts with https:// or http://." in page
    assert "Choose a teacher from the list." in page
    assert 'value="2026-02-30"' in page and 'value="25:00"' in page
    assert "Keep me as typed" in page and "javascript:alert(1)" in page
    page = client.post(
        url, data=session_data(token, duration_minutes="2000", topic="x" * 201, day="")
    ).get_data(as_text=True)
    assert "From 1 to 1,440 minutes (a day)." in page
    assert "Field cannot be longer than 200 characters." in page
    assert "Enter a date." in page
    page = client.post(url, data=session_data(token, day="0999-01-01")).get_data(as_text=True)
    assert "Enter a date between the years 2000 and 2100." in page
    assert sessions_of(app, cohort_id) == []

    response = client.post(url, data=session_data(token))
    assert response.status_code == 302
    (session,) = sessions_of(app, cohort_id)
    assert response.headers["Location"].endswith(f"/sessions/{session.id}")
    # 08:00 on 1 October in Seoul is 23:00 UTC on 30 September.
    assert session.starts_at == datetime(2026, 9, 30, 23, 0, tzinfo=UTC)
    assert session.local_date == date(2026, 10, 1)
    assert (session.mode, session.place, session.series_id) == (
        SessionMode.IN_PERSON, "LiNK Seoul office, room 2", None,
    )  # fmt: skip
    with app.app_context():
        assert session.partner_id == db.session.get(Cohort, cohort_id).partner_id is not None
        assert (
            db.session.scalar(
                select(AuditEvent.object_id).where(AuditEvent.action == "class_session.create")
            )
            == session.id
        )


def test_edit_one_or_this_and_the_rest_of_the_series(app, client, coordinator, csrf_token):
    cohort_id = new_cohort(app)
    ids = series(app, cohort_id, date(2026, 9, 1), date(2026, 9, 29), topic="Week")  # 5 Tuesdays
    with app.app_context():
        class_session_cancel(session=db.session.get(ClassSession, ids[3]), reason="Typhoon")
        db.session.get(ClassSession, ids[4]).duration_minutes = 60
        db.session.commit()
    url = f"/sessions/{ids[1]}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="19:30"' in page and 'value="2026-09-08"' in page
    assert "This session and the rest of its series" in page
    data = {
        "csrf_token": csrf_token(url), "day": "2026-09-08", "start_time": "08:00",
        "duration_minutes": "90", "mode": "online", "place": "", "meeting_url": "",
        "topic": "Debate", "teacher": "", "scope": "rest",
    }  # fmt: skip
    response = client.post(url, data=data)
    assert response.status_code == 302
    assert "3 sessions changed" in client.get(response.headers["Location"]).get_data(as_text=True)

    first, edited, third, cancelled, fifth = sessions_of(app, cohort_id)
    assert (first.topic, first.starts_at) == ("Week", datetime(2026, 9, 1, 10, 30, tzinfo=UTC))
    assert (cancelled.topic, cancelled.starts_at, cancelled.local_date) == (
        "Week", datetime(2026, 9, 22, 10, 30, tzinfo=UTC), date(2026, 9, 22),
    )  # fmt: skip
    for session, day in [(edited, 8), (third, 15), (fifth, 29)]:
        # 08:00 in Seoul is 23:00 UTC the day before; each keeps its own (Seoul) date.
        assert session.topic == "Debate"
        assert session.local_date == date(2026, 9, day)
        assert session.starts_at == datetime(2026, 9, day - 1, 23, 0, tzinfo=UTC)
    assert fifth.duration_minutes == 60  # not changed on the form: kept

    # This session only; moving its date moves nothing else.
    url = f"/sessions/{third.id}/edit"
    data.update(csrf_token=csrf_token(url), topic="Solo", day="2026-09-16", scope="one")
    assert client.post(url, data=data).status_code == 302
    by_id = {session.id: session for session in sessions_of(app, cohort_id)}
    assert (by_id[third.id].topic, by_id[third.id].local_date) == ("Solo", date(2026, 9, 16))
    assert by_id[fifth.id].topic == "Debate" and by_id[edited.id].topic == "Debate"
    with app.app_context():
        details = db.session.scalars(
            select(AuditEvent.detail)
            .where(AuditEvent.action == "class_session.update")
            .order_by(AuditEvent.id)
        ).all()
    assert details == [{"sessions": 3}, {"sessions": 1}]


def test_cancel_with_a_reason_confirm_when_marked_and_uncancel(
    app, client, coordinator, csrf_token, make_participant
):
    person = make_participant(preferred_name="Mina")
    cohort_id = new_cohort(app)
    (plain, marked) = series(app, cohort_id, date(2026, 9, 1), date(2026, 9, 8))
    with app.app_context():
        enrollment_add(
            cohort=db.session.get(Cohort, cohort_id),
            participant=db.session.get(Participant, person.id),
            enrolled_on=date(2026, 9, 1),
        )
        attendance_mark_set(
            session=db.session.get(ClassSession, marked),
            participant=db.session.get(Participant, person.id),
            status=AttendanceStatus.PRESENT,
            by=None,
        )
        db.session.commit()

    url = f"/sessions/{plain}/cancel"
    token = csrf_token(url)
    empty = client.post(url, data={"csrf_token": token, "reason": "   "})
    assert "Say why the session is cancelled." in empty.get_data(as_text=True)
    long = client.post(url, data={"csrf_token": token, "reason": "x" * 301})
    assert "Field cannot be longer than 300 characters." in long.get_data(as_text=True)
    assert client.post(url, data={"csrf_token": token, "reason": "Typhoon"}).status_code == 302
    detail = client.get(f"/sessions/{plain}").get_data(as_text=True)
    assert "Cancelled: Typhoon" in detail
    listing = client.get(f"/cohorts/{cohort_id}/sessions?past=1&from=2026-09-01")
    assert "Cancelled: Typhoon" in listing.get_data(as_text=True)

    url = f"/sessions/{marked}/cancel"
    page = client.get(url).get_data(as_text=True)
    assert "The marks stay on record but no longer count." in page
    refused = client.post(url, data={"csrf_token": token, "reason": "Teacher ill"})
    assert "confirm that its marks stay on record" in refused.get_data(as_text=True)
    assert not sessions_of(app, cohort_id)[1].cancelled
    confirmed = {"csrf_token": token, "reason": "Teacher ill", "confirm": "y"}
    assert client.post(url, data=confirmed).status_code == 302
    assert sessions_of(app, cohort_id)[1].cancellation_reason == "Teacher ill"

    response = client.post(f"/sessions/{plain}/restore", data={"csrf_token": token})
    assert response.status_code == 302
    restored = sessions_of(app, cohort_id)[0]
    assert (restored.cancelled, restored.cancellation_reason) == (False, None)
    again = client.post(f"/sessions/{plain}/restore", data={"csrf_token": token})
    assert "This session is not cancelled." in client.get(again.headers["Location"]).get_data(
        as_text=True
    )
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.startswith("class_session."))
        ).all()
    assert actions.count("class_session.cancel") == 2
    assert actions.count("class_session.restore") == 1


def marked_and_plain(app, make_participant):
    """Two Tuesday sessions at 19:30 in Seoul, 1 and 8 September; the second has a mark.
    Return (cohort id, plain id, marked id, participant id)."""
    person = make_participant(preferred_name="Mina")
    cohort_id = new_cohort(app)
    plain, marked = series(app, cohort_id, date(2026, 9, 1), date(2026, 9, 8))
    enroll(app, cohort_id, person)
    with app.app_context():
        attendance_mark_set(
            session=db.session.get(ClassSession, marked),
            participant=db.session.get(Participant, person.id),
            status=AttendanceStatus.PRESENT,
            by=None,
        )
        db.session.commit()
    return cohort_id, plain, marked, person.id


def edit_data(token, day, start_time="19:30", **overrides):
    return {
        "csrf_token": token, "day": day, "start_time": start_time, "duration_minutes": "90",
        "mode": "online", "place": "", "meeting_url": "", "topic": "Moved", "teacher": "",
        "scope": "one", **overrides,
    }  # fmt: skip


def update_details(app):
    """The audit details of session edits, oldest first."""
    with app.app_context():
        return db.session.scalars(
            select(AuditEvent.detail)
            .where(AuditEvent.action == "class_session.update")
            .order_by(AuditEvent.id)
        ).all()


def marks_of(app, session_id):
    """The participants marked in a session."""
    with app.app_context():
        return db.session.scalars(
            select(AttendanceMark.participant_id).where(AttendanceMark.session_id == session_id)
        ).all()


def test_moving_a_session_with_marks_to_another_day_needs_a_confirmation(
    app, client, coordinator, csrf_token, make_participant
):
    cohort_id, plain, marked, person_id = marked_and_plain(app, make_participant)
    label = "move its marks with it to the new date"
    assert label not in client.get(f"/sessions/{plain}/edit").get_data(as_text=True)
    url = f"/sessions/{marked}/edit"
    assert label in client.get(url).get_data(as_text=True)
    token = csrf_token(url)

    refused = client.post(url, data=edit_data(token, "2026-09-09", topic="Typed"))
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "confirm that its marks move with it to the new date" in page
    assert 'value="2026-09-09"' in page and 'value="Typed"' in page
    before = sessions_of(app, cohort_id)[1]
    assert (before.local_date, before.starts_at, before.topic) == (
        date(2026, 9, 8), datetime(2026, 9, 8, 10, 30, tzinfo=UTC), None,
    )  # fmt: skip
    assert update_details(app) == []

    confirmed = edit_data(token, "2026-09-09", move_marks="y")
    assert client.post(url, data=confirmed).status_code == 302
    moved = sessions_of(app, cohort_id)[1]
    assert (moved.id, moved.local_date, moved.topic) == (marked, date(2026, 9, 9), "Moved")
    assert marks_of(app, marked) == [person_id]
    assert update_details(app) == [{"sessions": 1, "marks_moved": 1}]


def test_a_new_time_on_the_same_day_or_a_session_without_marks_needs_no_confirmation(
    app, client, coordinator, csrf_token, make_participant
):
    cohort_id, plain, marked, person_id = marked_and_plain(app, make_participant)
    # 08:00 in Seoul is 23:00 UTC the day before: the same day where the class meets.
    url = f"/sessions/{marked}/edit"
    response = client.post(url, data=edit_data(csrf_token(url), "2026-09-08", "08:00"))
    assert response.status_code == 302
    _, earlier = sessions_of(app, cohort_id)
    assert (earlier.id, earlier.local_date) == (marked, date(2026, 9, 8))
    assert earlier.starts_at == datetime(2026, 9, 7, 23, 0, tzinfo=UTC)
    assert marks_of(app, marked) == [person_id]

    url = f"/sessions/{plain}/edit"
    response = client.post(url, data=edit_data(csrf_token(url), "2026-09-02"))
    assert response.status_code == 302
    assert sessions_of(app, cohort_id)[0].local_date == date(2026, 9, 2)
    assert update_details(app) == [{"sessions": 1}, {"sessions": 1}]


def soon(days: int, hour: int = 19) -> datetime:
    """A time `days` from today in Seoul, at `hour` o'clock there, in UTC."""
    today = datetime.now(SEOUL).date()
    return datetime.combine(today + timedelta(days=days), time(hour), SEOUL).astimezone(UTC)


def one_session(app, cohort_id, starts_at, **fields):
    """Schedule one session; return its id."""
    with app.app_context():
        session = class_session_create(
            cohort=db.session.get(Cohort, cohort_id),
            starts_at=starts_at,
            duration_minutes=fields.pop("duration_minutes", 90),
            mode=fields.pop("mode", SessionMode.IN_PERSON),
            **fields,
        )
        db.session.commit()
        return session.id


def enroll(app, cohort_id, participant):
    with app.app_context():
        enrollment_add(
            cohort=db.session.get(Cohort, cohort_id),
            participant=db.session.get(Participant, participant.id),
            enrolled_on=TERM[0],
        )
        db.session.commit()


def test_each_role_sees_only_the_sessions_it_may(
    app, client, make_user, make_participant, login_as
):
    ours = new_cohort(app, "LIEP Ours")
    theirs = new_cohort(app, "LELP Theirs", partner=None)
    ours_id = one_session(app, ours, soon(1), place="Room Seven", topic="Idioms")
    online_id = one_session(
        app, ours, soon(3), mode=SessionMode.ONLINE, meeting_url="https://meet.example.org/x"
    )
    theirs_id = one_session(app, theirs, soon(1), place="Room Nine")
    jiwoo = make_participant(preferred_name="Jiwoo")
    learner = make_user(Role.PARTICIPANT, participant=jiwoo)
    enroll(app, ours, jiwoo)
    enroll(app, ours, make_participant(preferred_name="Classmate Sora"))

    login_as(make_user(Role.PARTNER, partner_name="Another Council"))
    page = client.get("/sessions/").get_data(as_text=True)
    assert "LIEP Ours" not in page and "Room Seven" not in page and "Room Nine" not in page
    assert client.get(f"/sessions/{ours_id}").status_code == 404
    assert client.get(f"/cohorts/{ours}/sessions").status_code == 404

    login_as(make_user(Role.PARTNER))  # British Council teaches "ours"
    page = client.get("/sessions/").get_data(as_text=True)
    assert "LIEP Ours" in page and "Room Seven" in page and "Room Nine" not in page
    assert client.get(f"/sessions/{theirs_id}").status_code == 404

    login_as(learner)
    page = client.get("/sessions/").get_data(as_text=True)
    assert "Your schedule" in page
    assert "Room Seven" in page and 'href="https://meet.example.org/x"' in page
    assert "Room Nine" not in page and "Classmate Sora" not in page
    for url in (f"/sessions/{ours_id}", f"/sessions/{online_id}", f"/cohorts/{ours}"):
        body = client.get(url).get_data(as_text=True)
        assert "Classmate Sora" not in body
    assert "Idioms" in client.get(f"/cohorts/{ours}").get_data(as_text=True)  # upcoming
    assert "Take attendance" not in client.get(f"/sessions/{ours_id}").get_data(as_text=True)
    assert client.get(f"/sessions/{theirs_id}").status_code == 404
    assert client.get(f"/cohorts/{theirs}/sessions").status_code == 404

    login_as(make_user(Role.COORDINATOR))
    page = client.get("/sessions/").get_data(as_text=True)
    assert "Room Seven" in page and "Room Nine" in page
    detail = client.get(f"/sessions/{ours_id}").get_data(as_text=True)
    assert ("Take attendance" in detail) == ("attendance.take" in app.view_functions)


def test_two_weeks_a_page_upcoming_unless_past_is_asked(app, client, coordinator):
    cohort_id = new_cohort(app)
    one_session(app, cohort_id, soon(-3), topic="Yesterday-ish")
    one_session(app, cohort_id, soon(1), topic="Tomorrow-ish")
    one_session(app, cohort_id, soon(20), topic="Later-on")
    one_session(app, cohort_id, soon(2), meeting_url="javascript:alert(1)", topic="Odd link")

    page = client.get("/sessions/").get_data(as_text=True)
    assert "Tomorrow-ish" in page and "Later-on" not in page and "Yesterday-ish" not in page
    assert "Earlier two weeks" not in page and 'href="javascript:' not in page
    later = client.get(f"/cohorts/{cohort_id}/sessions").get_data(as_text=True)
    assert "Later two weeks" in later
    second = client.get(
        f"/cohorts/{cohort_id}/sessions", query_string={"from": (soon(14)).date().isoformat()}
    ).get_data(as_text=True)
    assert "Later-on" in second and "Tomorrow-ish" not in second and "Earlier two weeks" in second

    past = client.get("/sessions/?past=1").get_data(as_text=True)
    assert "Yesterday-ish" in past and "Show upcoming sessions only" in past
    for junk in ("2026-02-30", "soon", "0001-01-01"):
        assert client.get("/sessions/", query_string={"from": junk}).status_code == 200
    empty = client.get("/sessions/", query_string={"from": soon(30).date().isoformat()})
    assert "No sessions in these two weeks." in empty.get_data(as_text=True)


def pager_links(response) -> tuple[bool, bool]:
    """Whether a timetable page offers the earlier and the later two weeks."""
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    return 'rel="prev"' in html, 'rel="next"' in html


@pytest.mark.parametrize(
    ("query", "links"),
    [
        ({}, (False, True)),  # today: a session in three weeks, none between today and then
        ({"from": soon(21).date().isoformat()}, (False, False)),  # the last page
        ({"from": soon(5).date().isoformat()}, (False, True)),
        ({"from": "2031-01-01"}, (True, False)),  # beyond everything: only the way back
        ({"past": "1"}, (True, True)),  # the two weeks before today hold nothing, before does
        ({"past": "1", "from": soon(-60).date().isoformat()}, (False, True)),
        ({"past": "1", "from": "2031-01-01"}, (True, False)),
        ({"past": "1", "from": "2001-01-01"}, (False, True)),
    ],
)
def test_earlier_and_later_links_only_where_a_session_lies_beyond(
    app, client, coordinator, query, links
):
    cohort_id = new_cohort(app)
    one_session(app, cohort_id, soon(-40), topic="Long ago")
    one_session(app, cohort_id, soon(22), topic="Three weeks on")
    assert pager_links(client.get("/sessions/", query_string=query)) == links
    assert pager_links(client.get(f"/cohorts/{cohort_id}/sessions", query_string=query)) == links
    # Another cohort's sessions do not make a cohort's own timetable page on.
    other = new_cohort(app, "LIEP Other")
    one_session(app, other, soon(45))
    if not links[1]:
        assert pager_links(client.get(f"/cohorts/{cohort_id}/sessions", query_string=query))[1] is (
            False
        )


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTNER, Role.PARTICIPANT])
def test_timetable_costs_the_same_queries_for_5_or_60_sessions(
    app, client, make_user, make_participant, login_as, count_queries, role
):
    cohorts = [new_cohort(app, f"LIEP {n}") for n in range(3)]
    teacher = make_user(Role.PARTNER, display_name="Mr Lee")
    participant = make_participant()
    user = make_user(role, participant=participant if role is Role.PARTICIPANT else None)
    for cohort_id in cohorts:
        enroll(app, cohort_id, participant)

    def add(count):
        for number in range(count):
            with app.app_context():
                class_session_create(
                    cohort=db.session.get(Cohort, cohorts[number % 3]),
                    starts_at=soon(number % 13, hour=8 + number % 12),
                    duration_minutes=90,
                    mode=SessionMode.ONLINE,
                    meeting_url="https://meet.example.org/x",
                    teacher=db.session.get(User, teacher.id),
                )
                db.session.commit()

    login_as(user)
    costs = []
    for count in (5, 55):
        add(count)
        with count_queries() as statements:
            index = client.get("/sessions/")
            per_cohort = client.get(f"/cohorts/{cohorts[0]}/sessions")
            cohort_page = client.get(f"/cohorts/{cohorts[0]}")
        assert index.status_code == per_cohort.status_code == cohort_page.status_code == 200
        assert index.get_data(as_text=True).count("Mr Lee") == (5 if count == 5 else 60)
        costs.append(len(statements))
    assert costs[0] == costs[1]
