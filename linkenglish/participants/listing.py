"""The coordinator's participant list: filters, search and keyset pages.

Pages are keyset pages on (preferred name, id): the next page starts after the last row of
this one, so no request counts the whole table and a deep page costs the same as the first.
The cursor is sealed with the data key, so no name travels in a URL in readable form.
"""

import base64
import binascii
import json
from dataclasses import dataclass

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import defer

from linkenglish.crypto import DataKeyError
from linkenglish.extensions import db
from linkenglish.levels.services import current_level_id
from linkenglish.models import (
    Cohort,
    Enrollment,
    EnrollmentStatus,
    Participant,
    ParticipantStatus,
    ProficiencyLevel,
    ProgramCode,
)
from linkenglish.models.base import keyring, lookup_hash
from linkenglish.visibility import participant_listed

PAGE_SIZE = 50
CURSOR_CONTEXT = "participants.list-cursor"
LOOKUP_CONTEXT = "participants.lookup"


@dataclass(frozen=True)
class ListFilters:
    """What the coordinator asked the list for; every field optional."""

    search: str = ""
    exact: str = ""
    program: ProgramCode | None = None
    status: ParticipantStatus | None = None
    cohort_id: int | None = None
    cefr: str | None = None
    archived: bool = False


@dataclass(frozen=True)
class ListRow:
    """One row of the list."""

    participant: Participant
    level_code: str | None
    cohorts: str | None


def url_seal(payload, context: str) -> str:
    """Seal a JSON-ready value into an opaque URL-safe string (no name readable in a URL)."""
    sealed = keyring().encrypt(json.dumps(payload), context)
    return base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def url_unseal(token: str | None, context: str):
    """The value url_seal sealed, or None when the string is not one of ours."""
    if not token:
        return None
    try:
        sealed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        return json.loads(keyring().decrypt(sealed, context))
    except (binascii.Error, ValueError, DataKeyError, TypeError):
        return None


def cursor_encode(participant: Participant) -> str:
    """An opaque cursor pointing after this participant."""
    return url_seal([participant.preferred_name, participant.id], CURSOR_CONTEXT)


def cursor_decode(cursor: str | None) -> tuple[str, int] | None:
    """The (preferred name, id) a cursor points after, or None when it is not one of ours."""
    position = url_unseal(cursor, CURSOR_CONTEXT)
    if not (isinstance(position, list) and len(position) == 2):
        return None
    name, participant_id = position
    if not isinstance(name, str) or not isinstance(participant_id, int):
        return None
    return name, participant_id


def lookup_seal(text: str) -> str:
    """An opaque stand-in for an exact legal name or e-mail, to carry in list URLs."""
    return url_seal(text, LOOKUP_CONTEXT)


def lookup_unseal(token: str | None) -> str:
    """The legal name or e-mail a lookup token stands for, or "" when it is not one of ours."""
    text = url_unseal(token, LOOKUP_CONTEXT)
    return text if isinstance(text, str) else ""


def filtered(query: Select, filters: ListFilters) -> Select:
    """Apply the filters to a query over Participant joined to its current level."""
    conditions = [
        participant_listed(),
        Participant.archived_at.is_not(None)
        if filters.archived
        else Participant.archived_at.is_(None),
    ]
    if filters.search:
        conditions.append(Participant.preferred_name.icontains(filters.search, autoescape=True))
    if filters.exact:
        conditions.append(
            or_(
                Participant.legal_name_hash == lookup_hash(filters.exact, "name"),
                Participant.email_hash == lookup_hash(filters.exact, "email"),
            )
        )
    if filters.program:
        conditions.append(Participant.program == filters.program)
    if filters.status:
        conditions.append(Participant.status == filters.status)
    if filters.cohort_id:
        conditions.append(
            select(Enrollment.id)
            .where(
                Enrollment.participant_id == Participant.id,
                Enrollment.cohort_id == filters.cohort_id,
            )
            .exists()
        )
    if filters.cefr:
        conditions.append(ProficiencyLevel.cefr == filters.cefr)
    return query.where(*conditions)


def list_query(filters: ListFilters) -> Select:
    """Participants matching the filters, each with their current level's code and the
    names of the cohorts they are active in, as one query."""
    active_cohorts = (
        select(func.aggregate_strings(Cohort.name, ", "))
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(
            Enrollment.participant_id == Participant.id,
            Enrollment.status == EnrollmentStatus.ACTIVE,
        )
        .correlate(Participant)
        .scalar_subquery()
    )
    query = select(Participant, ProficiencyLevel.code, active_cohorts).outerjoin(
        ProficiencyLevel, ProficiencyLevel.id == current_level_id()
    )
    return filtered(query, filters)


def participant_rows(filters: ListFilters) -> list[ListRow]:
    """Every row of the list, not paged, by preferred name: one query (for downloads)."""
    query = (
        list_query(filters)
        .options(
            defer(Participant.notes, raiseload=True),
            defer(Participant.sensitive_terms, raiseload=True),
        )
        .order_by(Participant.preferred_name, Participant.id)
    )
    return [ListRow(*row) for row in db.session.execute(query).all()]


def participant_page(filters: ListFilters, after: str | None) -> tuple[list[ListRow], str | None]:
    """One page of the list and the cursor of the next page (None on the last)."""
    query = list_query(filters)
    position = cursor_decode(after)
    if position is not None:
        name, participant_id = position
        query = query.where(
            or_(
                Participant.preferred_name > name,
                and_(Participant.preferred_name == name, Participant.id > participant_id),
            )
        )
    query = query.order_by(Participant.preferred_name, Participant.id).limit(PAGE_SIZE + 1)
    rows = [ListRow(*row) for row in db.session.execute(query).all()]
    next_cursor = cursor_encode(rows[PAGE_SIZE - 1].participant) if len(rows) > PAGE_SIZE else None
    return rows[:PAGE_SIZE], next_cursor
