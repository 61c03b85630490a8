"""The ORM half of append-only tables; migrations add the database triggers.

Rows of an AppendOnly model are never updated or deleted. The one exception is erasure of
a participant, which may blank the columns named in __erasable__ and nothing else.
"""

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session


class ImmutableRowError(RuntimeError):
    """Someone tried to change or delete a row that must stay as written."""


class AppendOnly:
    """Mixin for models whose rows are written once."""

    __erasable__: tuple[str, ...] = ()


def is_blank(value) -> bool:
    """Erasure writes empty text (or NULL where the column allows it)."""
    return value is None or value == ""


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_append_only_rows(session, _context, _instances):
    for instance in session.deleted:
        if isinstance(instance, AppendOnly):
            raise ImmutableRowError(f"{type(instance).__name__} rows are never deleted.")
    for instance in session.dirty:
        if not isinstance(instance, AppendOnly):
            continue
        state = inspect(instance)
        for attribute in state.mapper.column_attrs:
            history = state.attrs[attribute.key].history
            if not history.has_changes():
                continue
            erasing = attribute.key in instance.__erasable__ and all(
                is_blank(value) for value in history.added
            )
            if not erasing:
                raise ImmutableRowError(
                    f"{type(instance).__name__}.{attribute.key} cannot change once written."
                )
