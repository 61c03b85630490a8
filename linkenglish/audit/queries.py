"""What the audit log reads: keyset pages of events with their actors' names, the filter
choices, and a participant's recent access.

Every read here is one query whatever the number of events: the actor's name (a staff
login's display name, a participant login's preferred name) and a participant object's
preferred name are joined in, never loaded per row, and nothing encrypted is selected, so
nothing is decrypted. Pages are keyset pages on (occurred_at, id), newest first; the cursor
is plain ("<microseconds since 1970>-<id>"): it carries no name, and the page is for
coordinators only.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, and_, literal, or_, select, tuple_
from sqlalchemy.orm import aliased

from linkenglish.extensions import db
from linkenglish.models import (
    AuditEvent,
    ConsentRecord,
    Enrollment,
    Essay,
    LevelAssessment,
    Participant,
    PartnerOrganisation,
    Publication,
    Role,
    User,
)
from linkenglish.routing import MAX_INT

PAGE_SIZE = 50
RECENT_ACCESS = 10
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CURSOR = re.compile(r"(\d{1,18})-(\d{1,18})")

# Objects that belong to one participant: the participant filter finds events about them
# through the owning row's participant_id (a login, a consent, an essay, ...).
OWNED_BY_PARTICIPANT = {
    "user": (User.id, User.participant_id),
    "consent": (ConsentRecord.id, ConsentRecord.participant_id),
    "essay": (Essay.id, Essay.participant_id),
    "enrollment": (Enrollment.id, Enrollment.participant_id),
    "level_assessment": (LevelAssessment.id, LevelAssessment.participant_id),
}


@dataclass(frozen=True)
class AuditFilters:
    """What the coordinator asked the log for; every field optional. Times are UTC."""

    action: str | None = None
    actor_id: int | None = None
    anonymous: bool = False
    participant_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class AuditRow:
    """One event with the names a reader needs."""

    id: int
    occurred_at: datetime
    action: str
    object_type: str | None
    object_id: int | None
    detail: dict | list | str | int | float | bool | None
    actor_id: int | None
    actor_role: Role | None
    actor_display_name: str | None
    actor_preferred_name: str | None
    object_name: str | None

    @property
    def actor_name(self) -> str | None:
        """How the actor is shown: a participant by preferred name, staff by display name."""
        if self.actor_role is Role.PARTICIPANT:
            return self.actor_preferred_name
        return self.actor_display_name


@dataclass(frozen=True)
class AuditPage:
    """One page of events, the cursor of the next (None on the last), and whether the
    cursor asked for was refused (the page is then the first)."""

    rows: list[AuditRow]
    next_cursor: str | None
    cursor_refused: bool = False


def cursor_encode(row: AuditRow) -> str:
    """A cursor pointing after (older than) this event."""
    microseconds = (row.occurred_at - EPOCH) // timedelta(microseconds=1)
    return f"{microseconds}-{row.id}"


def cursor_decode(cursor: str) -> tuple[datetime, int] | None:
    """The (occurred_at, id) a cursor points after, or None when it is not a cursor."""
    match = CURSOR.fullmatch(cursor)
    if match is None:
        return None
    microseconds, event_id = (int(part) for part in match.groups())
    if event_id > MAX_INT:
        return None
    try:
        return EPOCH + timedelta(microseconds=microseconds), event_id
    except OverflowError:
        return None


def events_query() -> Select:
    """Events with their actor's role and name and a participant object's name."""
    actor_participant = aliased(Participant)
    object_participant = aliased(Participant)
    return (
        select(
            AuditEvent.id,
            AuditEvent.occurred_at,
            AuditEvent.action,
            AuditEvent.object_type,
            AuditEvent.object_id,
            AuditEvent.detail,
            AuditEvent.actor_id,
            User.role,
            User.display_name,
            actor_participant.preferred_name,
            object_participant.preferred_name,
        )
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .outerjoin(actor_participant, actor_participant.id == User.participant_id)
        .outerjoin(
            object_participant,
            and_(
                AuditEvent.object_type == "participant",
                object_participant.id == AuditEvent.object_id,
            ),
        )
    )


def about_participant(participant_id: int):
    """SQL: the event is about this participant (the participant, or an object of theirs:
    login, consent, publication, essay, enrollment, level entry), or their login did it."""
    conditions = [
        and_(AuditEvent.object_type == "participant", AuditEvent.object_id == participant_id),
        AuditEvent.actor_id.in_(select(User.id).where(User.participant_id == participant_id)),
        and_(
            AuditEvent.object_type == "publication",
            AuditEvent.object_id.in_(
                select(Publication.id)
                .join(ConsentRecord, ConsentRecord.id == Publication.consent_id)
                .where(ConsentRecord.participant_id == participant_id)
            ),
        ),
    ]
    for object_type, (id_column, owner_column) in OWNED_BY_PARTICIPANT.items():
        conditions.append(
            and_(
                AuditEvent.object_type == object_type,
                AuditEvent.object_id.in_(select(id_column).where(owner_column == participant_id)),
            )
        )
    return or_(*conditions)


def filtered(query: Select, filters: AuditFilters) -> Select:
    """Apply the filters to an events query."""
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.anonymous:
        query = query.where(AuditEvent.actor_id.is_(None))
    elif filters.actor_id is not None:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.participant_id is not None:
        query = query.where(about_participant(filters.participant_id))
    if filters.since is not None:
        query = query.where(AuditEvent.occurred_at >= filters.since)
    if filters.until is not None:
        query = query.where(AuditEvent.occurred_at < filters.until)
    return query


def newest_first(query: Select) -> Select:
    """Order events newest first; the id breaks ties between events of the same moment."""
    return query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())


def audit_page(filters: AuditFilters, before: str | None = None) -> AuditPage:
    """One page of events older than the cursor (the newest when there is none): one query."""
    query = filtered(events_query(), filters)
    refused = False
    if before:
        position = cursor_decode(before)
        if position is None:
            refused = True
        else:
            occurred_at, event_id = position
            query = query.where(
                tuple_(AuditEvent.occurred_at, AuditEvent.id)
                < tuple_(
                    literal(occurred_at, AuditEvent.occurred_at.type),
                    literal(event_id, AuditEvent.id.type),
                )
            )
    rows = [AuditRow(*row) for row in db.session.execute(newest_first(query).limit(PAGE_SIZE + 1))]
    next_cursor = cursor_encode(rows[PAGE_SIZE - 1]) if len(rows) > PAGE_SIZE else None
    return AuditPage(rows[:PAGE_SIZE], next_cursor, refused)


def participant_recent_access(participant_id: int, limit: int = RECENT_ACCESS) -> list[AuditRow]:
    """The latest events whose object is this participant, with who and when: one query."""
    query = events_query().where(
        AuditEvent.object_type == "participant", AuditEvent.object_id == participant_id
    )
    return [AuditRow(*row) for row in db.session.execute(newest_first(query).limit(limit))]


def recorded_actions() -> list[str]:
    """Every action the log holds, once each: one query."""
    return list(db.session.scalars(select(AuditEvent.action).distinct()))


def staff_logins() -> list[tuple[int, str | None, Role, str | None]]:
    """(id, display name, role, organisation) of every coordinator and partner login."""
    query = (
        select(User.id, User.display_name, User.role, PartnerOrganisation.name)
        .outerjoin(PartnerOrganisation, PartnerOrganisation.id == User.partner_id)
        .where(User.role.in_([Role.COORDINATOR, Role.PARTNER]))
        .order_by(User.role, User.display_name, User.id)
    )
    return [tuple(row) for row in db.session.execute(query)]


def participant_preferred_name(participant_id: int) -> str | None:
    """A participant's preferred name ("" once erased), or None when there is no such one."""
    return db.session.scalar(
        select(Participant.preferred_name).where(Participant.id == participant_id)
    )
