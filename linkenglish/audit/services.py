"""Recording audit events."""

from linkenglish.extensions import db
from linkenglish.models import AuditEvent, User


def audit_record(
    *,
    action: str,
    actor: User | None,
    object_type: str | None = None,
    object_id: int | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Add an audit event to the session; the caller's commit saves it with its change."""
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None and actor.is_authenticated else None,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )
    db.session.add(event)
    return event
