"""The teaching services the demo and later features build on: their rules hold."""

from datetime import UTC, date, datetime, time

import pytest

from linkenglish.classes.services import (
    AttendanceError,
    attendance_mark_set,
    class_series_create,
    class_session_cancel,
    weekly_dates,
)
from linkenglish.cohorts.services import (
    EnrollmentError,
    cohort_create,
    cohort_teacher_assign,
    enrollment_add,
    enrollment_end,
    program_by_code,
)
from linkenglish.extensions import db
from linkenglish.levels.services import level_assessment_record, level_by_code
from linkenglish.models import (
    AssessmentMethod,
    AttendanceStatus,
    Cohort,
    EnrollmentStatus,
    Participant,
    ProgramCode,
    SessionMode,
    User,
)


@pytest.fixture
def cohort(app):
    """A LIEP cohort of two places, autumn 2026."""
    with app.app_context():
        made = cohort_create(
            program=program_by_code(ProgramCode.LIEP),
            name="LIEP Autumn 2026",
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 12, 18),
            capacity=2,
        )
        db.session.commit()
        return made.id


def load(model, id_):
    return db.session.get(model, id_)


def test_weekly_series_in_seoul_time_skipping_holidays(app, cohort):
    with app.app_context():
        sessions = class_series_create(
            cohort=load(Cohort, cohort),
            first=date(2026, 9, 21),
            last=date(2026, 10, 4),
            weekdays=[1, 3],  # Tuesday and Thursday
            local_start=time(19, 30),
            duration_minutes=90,
            mode=SessionMode.ONLINE,
            skip={date(2026, 9, 24)},  # Chuseok
        )
        starts = [session.starts_at for session in sessions]
        assert starts == [
            datetime(2026, 9, 22, 10, 30, tzinfo=UTC),
            datetime(2026, 9, 29, 10, 30, tzinfo=UTC),
            datetime(2026, 10, 1, 10, 30, tzinfo=UTC),
        ]
        assert len({session.series_id for session in sessions}) == 1


def test_weekly_dates():
    days = weekly_dates(date(2026, 11, 1), date(2026, 11, 30), [5], {date(2026, 11, 14)})
    assert days == [date(2026, 11, 7), date(2026, 11, 21), date(2026, 11, 28)]


def test_enrollment_is_once_and_within_capacity(app, cohort, make_participant):
    people = [make_participant() for _ in range(3)]
    with app.app_context():
        target = load(Cohort, cohort)
        first = enrollment_add(cohort=target, participant=people[0], enrolled_on=date(2026, 9, 1))
        with pytest.raises(EnrollmentError, match="already"):
            enrollment_add(cohort=target, participant=people[0], enrolled_on=date(2026, 9, 1))
        enrollment_add(cohort=target, participant=people[1], enrolled_on=date(2026, 9, 1))
        with pytest.raises(EnrollmentError, match="full"):
            enrollment_add(cohort=target, participant=people[2], enrolled_on=date(2026, 9, 1))
        enrollment_end(
            enrollment=first, status=EnrollmentStatus.WITHDRAWN, ended_on=date(2026, 10, 1)
        )
        enrollment_add(cohort=target, participant=people[2], enrolled_on=date(2026, 10, 2))


def test_attendance_only_for_enrolled_days_and_changes_keep_history(
    app, cohort, make_participant, make_user
):
    participant = make_participant()
    outsider = make_participant()
    teacher = make_user("partner")
    with app.app_context():
        target = load(Cohort, cohort)
        enrollment_add(cohort=target, participant=participant, enrolled_on=date(2026, 9, 10))
        before, after, cancelled = class_series_create(
            cohort=target, first=date(2026, 9, 8), last=date(2026, 9, 22), weekdays=[1],
            local_start=time(19), duration_minutes=90, mode=SessionMode.ONLINE,
        )  # fmt: skip
        by = load(User, teacher.id)
        who = load(Participant, participant.id)
        with pytest.raises(AttendanceError, match="not enrolled"):
            attendance_mark_set(session=before, participant=who, status="present", by=by)
        with pytest.raises(AttendanceError, match="not enrolled"):
            attendance_mark_set(
                session=after, participant=load(Participant, outsider.id), status="present", by=by
            )
        class_session_cancel(session=cancelled, reason="Typhoon")
        with pytest.raises(AttendanceError, match="cancelled"):
            attendance_mark_set(session=cancelled, participant=who, status="absent", by=by)
        mark = attendance_mark_set(
            session=after, participant=who, status=AttendanceStatus.ABSENT, by=by
        )
        same = attendance_mark_set(
            session=after, participant=who, status=AttendanceStatus.ABSENT, by=by
        )
        assert same is mark and mark.changes == []
        attendance_mark_set(
            session=after, participant=who, status=AttendanceStatus.EXCUSED, remark=" ill ", by=by
        )
        db.session.commit()
        db.session.refresh(mark)
        assert (mark.status, mark.remark) == (AttendanceStatus.EXCUSED, "ill")
        assert [(change.status, change.recorded_by_id) for change in mark.changes] == [
            (AttendanceStatus.ABSENT, teacher.id)
        ]


def test_only_partner_users_teach(app, cohort, make_user):
    coordinator, partner = make_user("coordinator"), make_user("partner")
    with app.app_context():
        target = load(Cohort, cohort)
        with pytest.raises(ValueError, match="partner"):
            cohort_teacher_assign(cohort=target, user=load(User, coordinator.id), by=None)
        first = cohort_teacher_assign(cohort=target, user=load(User, partner.id), by=None)
        assert cohort_teacher_assign(cohort=target, user=load(User, partner.id), by=None) is first


def test_level_history_entries(app, make_participant):
    participant = make_participant()
    with app.app_context():
        who = load(Participant, participant.id)
        with pytest.raises(ValueError, match="external test"):
            level_assessment_record(
                participant=who, level=level_by_code("B1"), assessed_on=date(2026, 1, 5),
                method=AssessmentMethod.EXTERNAL_TEST, by=None,
            )  # fmt: skip
        with pytest.raises(ValueError, match="Unknown skills"):
            level_assessment_record(
                participant=who, level=level_by_code("B1"), assessed_on=date(2026, 1, 5),
                method=AssessmentMethod.PLACEMENT_TEST, by=None, skill_scores={"singing": 3},
            )  # fmt: skip
        entry = level_assessment_record(
            participant=who, level=level_by_code("B2"), assessed_on=date(2026, 6, 1),
            method=AssessmentMethod.EXTERNAL_TEST, external_test="IELTS", external_score=6.5,
            skill_scores={"speaking": 6, "writing": 6.5}, by=None,
        )  # fmt: skip
        db.session.commit()
        assert entry.level.cefr == "B2" and float(entry.writing_score) == 6.5
