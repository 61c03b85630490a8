"""Checking a participant list without writing, and importing it all or nothing.

The check runs a fixed number of queries whatever the number of rows: the levels, the
cohorts, the participants sharing a legal name or e-mail hash with any row, and the active
enrollments of the cohorts the file names.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from linkenglish.audit.services import audit_record
from linkenglish.cohorts.management import enrollments_add
from linkenglish.extensions import db
from linkenglish.imports.parsing import Sheet
from linkenglish.imports.rows import CohortIndex, ImportRow, row_check
from linkenglish.levels.services import level_assessments_record
from linkenglish.models import (
    AssessmentMethod,
    Cohort,
    Enrollment,
    EnrollmentStatus,
    Participant,
    ProficiencyLevel,
    Program,
    User,
)
from linkenglish.participants.services import participants_create
from linkenglish.timeutil import local_today


@dataclass
class ImportCheck:
    """Every row with its errors, and the columns of the file that were not read."""

    rows: list[ImportRow]
    ignored_columns: list[str]

    @property
    def bad_rows(self) -> list[ImportRow]:
        """The rows with at least one error."""
        return [row for row in self.rows if row.errors]

    @property
    def valid(self) -> bool:
        """Whether every row can be imported."""
        return not any(row.errors for row in self.rows)


def import_check(*, sheet: Sheet) -> ImportCheck:
    """Check every row of a sheet against the rules and the database, writing nothing."""
    levels = {
        level.code.casefold(): (level, program)
        for level, program in db.session.execute(
            select(ProficiencyLevel, Program.code).outerjoin(
                Program, Program.id == ProficiencyLevel.program_id
            )
        )
    }
    cohorts = CohortIndex(db.session.execute(select(Cohort, Program.code).join(Cohort.program)))
    today = local_today()
    rows = [row_check(raw, levels=levels, cohorts=cohorts, today=today) for raw in sheet.rows]
    duplicates_in_file_mark(rows)
    duplicates_recorded_mark(rows)
    cohorts_full_mark(rows)
    return ImportCheck(rows=rows, ignored_columns=sheet.ignored_columns)


def duplicates_in_file_mark(rows: list[ImportRow]) -> None:
    """Mark rows whose legal name or e-mail an earlier row of the file has (as normalised)."""
    first_by_name: dict[bytes, int] = {}
    first_by_email: dict[bytes, int] = {}
    for row in rows:
        if row.name_hash is not None:
            first = first_by_name.setdefault(row.name_hash, row.number)
            if first != row.number:
                row.errors.append(_("Same legal name as row %(row)s.", row=first))
        if row.email_hash is not None:
            first = first_by_email.setdefault(row.email_hash, row.number)
            if first != row.number:
                row.errors.append(_("Same e-mail address as row %(row)s.", row=first))


def duplicates_recorded_mark(rows: list[ImportRow]) -> None:
    """Mark rows whose legal name or e-mail a recorded participant has (one query)."""
    name_hashes = {row.name_hash for row in rows if row.name_hash is not None}
    email_hashes = {row.email_hash for row in rows if row.email_hash is not None}
    if not name_hashes and not email_hashes:
        return
    found = db.session.execute(
        select(Participant.preferred_name, Participant.legal_name_hash, Participant.email_hash)
        .where(
            or_(
                Participant.legal_name_hash.in_(name_hashes),
                Participant.email_hash.in_(email_hashes),
            )
        )
        .order_by(Participant.preferred_name)
    ).all()
    by_name: dict[bytes, list[str]] = {}
    by_email: dict[bytes, list[str]] = {}
    for preferred_name, name_hash, email_hash in found:
        by_name.setdefault(name_hash, []).append(preferred_name)
        by_email.setdefault(email_hash, []).append(preferred_name)
    for row in rows:
        if row.name_hash in by_name:
            row.errors.append(
                _(
                    "A participant with this legal name is recorded already: %(names)s.",
                    names=", ".join(by_name[row.name_hash]),
                )
            )
        if row.email_hash in by_email:
            row.errors.append(
                _(
                    "A participant with this e-mail address is recorded already: %(names)s.",
                    names=", ".join(by_email[row.email_hash]),
                )
            )


def cohorts_full_mark(rows: list[ImportRow]) -> None:
    """Mark the rows that would take a cohort past its capacity (one query)."""
    limited = {row.cohort.id: row.cohort for row in rows if row.cohort and row.cohort.capacity}
    if not limited:
        return
    taken = dict(
        db.session.execute(
            select(Enrollment.cohort_id, func.count())
            .where(Enrollment.cohort_id.in_(limited), Enrollment.status == EnrollmentStatus.ACTIVE)
            .group_by(Enrollment.cohort_id)
        ).all()
    )
    adding = {cohort_id: 0 for cohort_id in limited}
    for row in rows:
        if row.cohort is not None and row.cohort.id in limited:
            adding[row.cohort.id] += 1
    seen = dict.fromkeys(limited, 0)
    for row in rows:
        if row.cohort is None or row.cohort.id not in limited:
            continue
        cohort = row.cohort
        seen[cohort.id] += 1
        if taken.get(cohort.id, 0) + seen[cohort.id] > cohort.capacity:
            row.errors.append(
                _(
                    "Cohort “%(name)s” is full: %(capacity)s places, %(taken)s taken, and this "
                    "file adds %(adding)s.",
                    name=cohort.name,
                    capacity=cohort.capacity,
                    taken=taken.get(cohort.id, 0),
                    adding=adding[cohort.id],
                )
            )


def import_run(*, check: ImportCheck, by: User) -> int:
    """Create each row's participant, level entry and enrollment in batches; the caller
    commits. Raises EnrollmentError when a cohort's rules refuse the enrollments."""
    if not check.valid:
        raise ValueError("Only a file without errors is imported.")
    today = local_today()
    rows = check.rows
    participants = participants_create(
        people=[
            {
                "legal_name": row.values["legal_name"],
                "preferred_name": row.values["preferred_name"],
                "program": row.program,
                "email": row.text("email"),
                "phone": row.text("phone"),
            }
            for row in rows
        ]
    )
    level_assessments_record(
        placements=[(p, row.level) for p, row in zip(participants, rows, strict=True) if row.level],
        assessed_on=today,
        method=AssessmentMethod.PLACEMENT_TEST,
        by=by,
    )
    members: dict[int, list[Participant]] = {}
    cohorts: dict[int, Cohort] = {}
    for participant, row in zip(participants, rows, strict=True):
        if row.cohort is not None:
            cohorts[row.cohort.id] = row.cohort
            members.setdefault(row.cohort.id, []).append(participant)
    for cohort_id, people in members.items():
        cohort = cohorts[cohort_id]
        enrollments_add(
            cohort=cohort,
            participants=people,
            enrolled_on=max(cohort.starts_on, today),
            by=by,
        )
    audit_record(action="participants.import", actor=by, detail={"rows": len(rows)})
    return len(rows)
