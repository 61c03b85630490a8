"""Attendance: the rules for recording marks, and a session's attendance sheet.

The rules live here once. attendance_marks_save records many marks in a fixed number of
queries; classes.services.attendance_mark_set is the same save with a single choice.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import insert, select

from linkenglish.extensions import db
from linkenglish.models import (
    AttendanceMark,
    AttendanceMarkChange,
    AttendanceStatus,
    ClassSession,
    Enrollment,
    Participant,
    User,
    utcnow,
)
from linkenglish.visibility import enrolled_on_day, participant_listed

REMARK_LENGTH = AttendanceMark.__table__.c.remark.type.length


class AttendanceError(ValueError):
    """An attendance mark the rules do not allow; the message says why."""


class NotEnrolledError(AttendanceError):
    """Marks were asked for participants not enrolled in the cohort on the session's day."""

    def __init__(self, participant_ids):
        self.participant_ids = frozenset(participant_ids)
        super().__init__(
            "This participant was not enrolled in the cohort on that day."
            if len(self.participant_ids) == 1
            else "These participants were not enrolled in the cohort on that day."
        )


@dataclass(frozen=True)
class MarkChoice:
    """The status and remark chosen for one participant."""

    status: AttendanceStatus
    remark: str | None = None


@dataclass(frozen=True)
class MarksSaved:
    """What a save did: the marks by participant id, and how many were new or changed."""

    marks: dict[int, AttendanceMark]
    recorded: int
    changed: int
    unchanged: int


def mark_choice_check(choice: MarkChoice) -> MarkChoice:
    """Return the choice with a known status and a tidy remark, or raise AttendanceError."""
    try:
        status = AttendanceStatus(choice.status)
    except ValueError:
        raise AttendanceError(f"{choice.status!r} is not an attendance status.") from None
    remark = (choice.remark or "").strip() or None
    if remark is not None and (len(remark) > REMARK_LENGTH or "\x00" in remark):
        raise AttendanceError(f"A remark holds at most {REMARK_LENGTH} characters, no NUL.")
    return MarkChoice(status, remark)


def attendance_marks_save(
    *,
    session: ClassSession,
    choices: Mapping[int, MarkChoice],
    by: User | None,
    if_unmarked: Mapping[int, MarkChoice] | None = None,
) -> MarksSaved:
    """Record or change marks by participant id, all or none, keeping earlier values."""
    # choices always apply; if_unmarked only to participants who have no mark yet.
    if session.cancelled:
        raise AttendanceError("This session was cancelled; it takes no attendance.")
    chosen = {pid: mark_choice_check(choice) for pid, choice in choices.items()}
    fallback = {
        pid: mark_choice_check(choice)
        for pid, choice in (if_unmarked or {}).items()
        if pid not in chosen
    }
    named = set(chosen) | set(fallback)
    if not named:
        return MarksSaved({}, 0, 0, 0)
    enrolled = set(
        db.session.scalars(
            select(Enrollment.participant_id).where(
                enrolled_on_day(session), Enrollment.participant_id.in_(named)
            )
        )
    )
    if named - enrolled:
        raise NotEnrolledError(named - enrolled)
    marks = {
        mark.participant_id: mark
        for mark in db.session.scalars(
            select(AttendanceMark).where(
                AttendanceMark.session_id == session.id,
                AttendanceMark.participant_id.in_(named),
            )
        )
    }
    to_apply = list(chosen.items()) + [(p, c) for p, c in fallback.items() if p not in marks]
    # Inserts go in one executemany each: the ORM would send one INSERT per row on SQLite.
    now, by_id = utcnow(), (by.id if by else None)
    new_marks, history = [], []
    for participant_id, choice in to_apply:
        values = {
            "status": choice.status,
            "remark": choice.remark,
            "recorded_by_id": by_id,
            "recorded_at": now,
        }
        mark = marks.get(participant_id)
        if mark is None:
            new_marks.append({"session_id": session.id, "participant_id": participant_id, **values})
        elif (mark.status, mark.remark) != (choice.status, choice.remark):
            history.append(mark_change_values(mark, replaced_by_id=by_id, replaced_at=now))
            for name, value in values.items():
                setattr(mark, name, value)
    if history:
        db.session.execute(insert(AttendanceMarkChange), history)
    if new_marks:
        db.session.execute(insert(AttendanceMark), new_marks)
        created = [row["participant_id"] for row in new_marks]
        marks.update(
            (mark.participant_id, mark)
            for mark in db.session.scalars(
                select(AttendanceMark).where(
                    AttendanceMark.session_id == session.id,
                    AttendanceMark.participant_id.in_(created),
                )
            )
        )
    db.session.flush()
    recorded, changed = len(new_marks), len(history)
    return MarksSaved(marks, recorded, changed, len(named) - recorded - changed)


def mark_change_values(mark: AttendanceMark, *, replaced_by_id, replaced_at) -> dict:
    """Return the history row keeping a mark's value as it is before it is replaced."""
    return {
        "mark_id": mark.id,
        "status": mark.status,
        "remark": mark.remark,
        "recorded_by_id": mark.recorded_by_id,
        "recorded_at": mark.recorded_at,
        "replaced_by_id": replaced_by_id,
        "replaced_at": replaced_at,
    }


@dataclass(frozen=True)
class SheetRow:
    """One participant on a session's attendance sheet (preferred name only)."""

    participant_id: int
    preferred_name: str
    mark: AttendanceMark | None
    changes: list[AttendanceMarkChange]  # earlier values, oldest first


@dataclass(frozen=True)
class AttendanceSheet:
    """A session's roster on its day, marks and their history, and the users named."""

    rows: list[SheetRow]
    users: dict  # id -> (id, display_name, role): who recorded or replaced a mark, the teacher

    def count(self, status: AttendanceStatus) -> int:
        """Count those on the roster with this mark."""
        return sum(1 for row in self.rows if row.mark and row.mark.status == status)

    @property
    def not_marked(self) -> int:
        """Count those on the roster with no mark yet."""
        return sum(1 for row in self.rows if row.mark is None)


def attendance_sheet(*, session: ClassSession) -> AttendanceSheet:
    """Load the roster of the session's day with marks, history and names in four queries."""
    # Only ids and preferred names: nothing encrypted (legal names) is loaded or decrypted.
    people = db.session.execute(
        select(Participant.id, Participant.preferred_name)
        .join(Enrollment, Enrollment.participant_id == Participant.id)
        .where(enrolled_on_day(session), participant_listed())
        .order_by(Participant.preferred_name, Participant.id)
    ).all()
    marks = {
        mark.participant_id: mark
        for mark in db.session.scalars(
            select(AttendanceMark).where(AttendanceMark.session_id == session.id)
        )
    }
    changes = defaultdict(list)
    for change in db.session.scalars(
        select(AttendanceMarkChange)
        .join(AttendanceMark, AttendanceMark.id == AttendanceMarkChange.mark_id)
        .where(AttendanceMark.session_id == session.id)
        .order_by(AttendanceMarkChange.id)
    ):
        changes[change.mark_id].append(change)
    user_ids = {session.teacher_id} | {mark.recorded_by_id for mark in marks.values()}
    for history in changes.values():
        user_ids |= {c.recorded_by_id for c in history} | {c.replaced_by_id for c in history}
    user_ids.discard(None)
    users = {}
    if user_ids:  # names and roles only: nothing encrypted is loaded or decrypted
        users = {
            user.id: user
            for user in db.session.execute(
                select(User.id, User.display_name, User.role).where(User.id.in_(user_ids))
            )
        }
    rows = []
    for participant_id, preferred_name in people:
        mark = marks.get(participant_id)
        rows.append(
            SheetRow(participant_id, preferred_name, mark, changes[mark.id] if mark else [])
        )
    return AttendanceSheet(rows, users)
