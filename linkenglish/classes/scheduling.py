"""Scheduling class sessions: one-off sessions and weekly series, edits, cancellation.

Every change here is recorded in the audit log with ids and counts only.
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from linkenglish.audit.services import audit_record
from linkenglish.classes.services import (
    class_series_create,
    class_session_cancel,
    class_session_create,
    weekly_dates,
)
from linkenglish.extensions import db
from linkenglish.models import AttendanceMark, ClassSession, Cohort, User
from linkenglish.timeutil import from_local, to_local

MAX_SERIES_SESSIONS = 200
# Dates outside these years are typing mistakes, and would overflow time zone arithmetic.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
# What an edit may change besides the start; "this and the rest" copies the changed ones.
EDITABLE = ("duration_minutes", "mode", "place", "meeting_url", "topic", "teacher_id")


class SchedulingError(ValueError):
    """A schedule the rules do not allow; the message says why, to the person asking."""


@dataclass(frozen=True)
class SeriesPlan:
    """The dates a weekly series would meet on, and the class days it skips."""

    dates: list[date]
    skipped: list[date]

    @property
    def refusal(self) -> str | None:
        """Why this series cannot be created, or None when it can."""
        if not self.dates:
            return _(
                "These choices give no session: no chosen day of the week falls in the period, "
                "or every one is skipped."
            )
        if len(self.dates) > MAX_SERIES_SESSIONS:
            return _(
                "These choices give %(count)s sessions; a series has at most %(max)s. "
                "Choose a shorter period or fewer days.",
                count=len(self.dates),
                max=MAX_SERIES_SESSIONS,
            )
        return None

    @property
    def summary(self) -> str:
        """What creating it would do: "Creates 28 sessions, skipping 3 dates."."""
        count, skipped = len(self.dates), len(self.skipped)
        creates = ngettext("Creates %(num)s session", "Creates %(num)s sessions", count)
        if not skipped:
            return _("%(what)s.", what=creates)
        skipping = ngettext("skipping %(num)s date", "skipping %(num)s dates", skipped)
        return _("%(what)s, %(skipping)s.", what=creates, skipping=skipping)

    @property
    def outcome(self) -> str:
        """What creating it did: "Created 28 sessions, skipping 3 dates."."""
        count, skipped = len(self.dates), len(self.skipped)
        created = ngettext("Created %(num)s session", "Created %(num)s sessions", count)
        if not skipped:
            return _("%(what)s.", what=created)
        skipping = ngettext("skipping %(num)s date", "skipping %(num)s dates", skipped)
        return _("%(what)s, %(skipping)s.", what=created, skipping=skipping)


def class_series_plan(*, first: date, last: date, weekdays, skip) -> SeriesPlan:
    """Work out a weekly series' dates (Monday is 0) without saving anything."""
    skip = set(skip)
    every = weekly_dates(first, last, weekdays)
    return SeriesPlan(
        dates=[day for day in every if day not in skip],
        skipped=[day for day in every if day in skip],
    )


def teacher_for(cohort: Cohort, teacher_id: int | None) -> User | None:
    """Load the teacher; refuse one who is not a user of the cohort's teaching partner."""
    teacher = db.session.get(User, teacher_id) if teacher_id is not None else None
    if teacher_id is not None and (
        teacher is None or cohort.partner_id is None or teacher.partner_id != cohort.partner_id
    ):
        raise SchedulingError(_("The teacher must be a user of the cohort's teaching partner."))
    return teacher


def class_session_schedule(
    *, cohort: Cohort, by: User | None, starts_at: datetime, teacher_id: int | None = None, **fields
) -> ClassSession:
    """Schedule one session of a cohort; its teaching partner teaches it."""
    teacher = teacher_for(cohort, teacher_id)
    session = class_session_create(cohort=cohort, starts_at=starts_at, teacher=teacher, **fields)
    audit_record(
        action="class_session.create",
        actor=by,
        object_type="class_session",
        object_id=session.id,
        detail={"cohort_id": cohort.id},
    )
    return session


def class_series_schedule(
    *,
    cohort: Cohort,
    by: User | None,
    first: date,
    last: date,
    weekdays,
    skip,
    teacher_id: int | None = None,
    **fields,
) -> tuple[list[ClassSession], SeriesPlan]:
    """Schedule a weekly series in the app's time zone, refusing an empty or huge one."""
    teacher = teacher_for(cohort, teacher_id)
    plan = class_series_plan(first=first, last=last, weekdays=weekdays, skip=skip)
    if plan.refusal:
        raise SchedulingError(plan.refusal)
    sessions = class_series_create(
        cohort=cohort,
        first=first,
        last=last,
        weekdays=weekdays,
        skip=plan.skipped,
        teacher=teacher,
        **fields,
    )
    audit_record(
        action="class_session.series_create",
        actor=by,
        object_type="cohort",
        object_id=cohort.id,
        detail={
            "sessions": len(sessions),
            "skipped": len(plan.skipped),
            "first_session_id": sessions[0].id,
        },
    )
    return sessions, plan


def later_in_series(session: ClassSession) -> list[ClassSession]:
    """The sessions of the same series after this one that are not cancelled."""
    if not session.series_id:
        return []
    return list(
        db.session.scalars(
            select(ClassSession)
            .where(
                ClassSession.series_id == session.series_id,
                ClassSession.starts_at > session.starts_at,
                ClassSession.cancelled.is_(False),
                ClassSession.id != session.id,
            )
            .order_by(ClassSession.starts_at, ClassSession.id)
        )
    )


def class_session_update(
    *,
    session: ClassSession,
    by: User | None,
    starts_at: datetime,
    rest_of_series: bool = False,
    marks_confirmed: bool = False,
    **values,
) -> int:
    """Change a session; with rest_of_series, give the later sessions of its series that
    are not cancelled the changed fields and time of day, each keeping its own date. Move
    one with marks to another date only once someone confirmed that its marks move too.
    Return how many sessions changed."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    # Marks describe the day a session took place: moving it to another day changes whom
    # they count for (not before an enrollment, ...), so that takes a confirmation. Checked
    # first, so the edit form knows which field this refusal belongs to.
    moved_marks = 0
    if to_local(session.starts_at).date() != to_local(starts_at).date():
        moved_marks = class_session_mark_count(session=session)
    if moved_marks and not marks_confirmed:
        raise SchedulingError(
            _("Attendance was taken in this session: confirm that its marks move with it to "
              "the new date.")
        )  # fmt: skip
    teacher_id = values.get("teacher_id", session.teacher_id)
    if teacher_id is not None and teacher_id != session.teacher_id:
        teacher_for(session.cohort, teacher_id)
    changed = {name: value for name, value in values.items() if getattr(session, name) != value}
    new_time = to_local(starts_at).time()
    time_changed = to_local(session.starts_at).time() != new_time
    later = later_in_series(session) if rest_of_series else []

    touched = 0
    if changed or session.starts_at != starts_at:
        session.starts_at = starts_at  # the model keeps local_date in step
        for name, value in changed.items():
            setattr(session, name, value)
        touched = 1
    for other in later:
        if not changed and not time_changed:
            break
        if time_changed:
            day = to_local(other.starts_at).date()
            other.starts_at = from_local(datetime.combine(day, new_time))
        for name, value in changed.items():
            setattr(other, name, value)
        touched += 1
    if touched:
        detail = {"sessions": touched}
        if moved_marks:
            detail["marks_moved"] = moved_marks
        audit_record(
            action="class_session.update",
            actor=by,
            object_type="class_session",
            object_id=session.id,
            detail=detail,
        )
        db.session.flush()
    return touched


def class_session_mark_count(*, session: ClassSession) -> int:
    """How many attendance marks were taken in a session."""
    return db.session.scalar(
        select(func.count())
        .select_from(AttendanceMark)
        .where(AttendanceMark.session_id == session.id)
    )


def class_session_call_off(
    *, session: ClassSession, reason: str, by: User | None, marks_confirmed: bool = False
) -> None:
    """Cancel a session with a reason; one with marks only once someone confirmed that they
    stay on record but no longer count."""
    if session.cancelled:
        raise SchedulingError(_("This session is cancelled already."))
    if not reason.strip():
        raise SchedulingError(_("Say why the session is cancelled."))
    if not marks_confirmed and class_session_mark_count(session=session):
        raise SchedulingError(
            _("Attendance was taken in this session: confirm that its marks stay on record "
              "but no longer count.")
        )  # fmt: skip
    class_session_cancel(session=session, reason=reason)
    audit_record(
        action="class_session.cancel", actor=by, object_type="class_session", object_id=session.id
    )


def class_session_restore(*, session: ClassSession, by: User | None) -> None:
    """Un-cancel a session: it takes place, and counts, again."""
    if not session.cancelled:
        raise SchedulingError(_("This session is not cancelled."))
    session.cancelled = False
    session.cancellation_reason = None
    db.session.flush()
    audit_record(
        action="class_session.restore", actor=by, object_type="class_session", object_id=session.id
    )
