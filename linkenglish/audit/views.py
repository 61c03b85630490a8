"""The coordinators' audit log: every recorded event, newest first, with filters."""

import json

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _

from linkenglish.audit.forms import AuditFilterForm
from linkenglish.audit.labels import action_label, object_type_label
from linkenglish.audit.queries import (
    audit_page,
    participant_preferred_name,
    recorded_actions,
    staff_logins,
)
from linkenglish.authz import role_required
from linkenglish.models import Role
from linkenglish.routing import MAX_INT

bp = Blueprint("audit", __name__, url_prefix="/audit")
# The participant page lists recent access with the same labels.
bp.add_app_template_global(action_label, "audit_action_label")

# Objects with a page of their own: (endpoint, the endpoint's id argument).
OBJECT_PAGES = {
    "participant": ("participants.detail", "participant_id"),
    "user": ("accounts.detail", "user_id"),
    "cohort": ("cohorts.detail", "cohort_id"),
    "class_session": ("sessions.detail", "session_id"),
    "consent": ("review.check", "consent_id"),
    "partner_organisation": ("partners.detail", "organisation_id"),
}


def object_url(object_type: str | None, object_id: int | None, detail) -> str | None:
    """The page of an event's object, when it has one."""
    if object_type == "publication" and isinstance(detail, dict):
        consent_id = detail.get("consent_id")
        if isinstance(consent_id, int) and 0 < consent_id <= MAX_INT:
            return url_for("review.check", consent_id=consent_id)
    page = OBJECT_PAGES.get(object_type)
    if page is None or object_id is None or not 0 < object_id <= MAX_INT:
        return None
    endpoint, argument = page
    return url_for(endpoint, **{argument: object_id})


def detail_value(value) -> str:
    """One detail value as short text."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(detail_value(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def detail_items(detail) -> list[tuple[str, str]]:
    """An event's detail as (key, value) pairs; it holds ids and counts, never names."""
    if detail is None:
        return []
    if not isinstance(detail, dict):
        return [("", detail_value(detail))]
    return [(str(key), detail_value(value)) for key, value in detail.items()]


@bp.route("/")
@role_required(Role.COORDINATOR)
def index():
    """List audit events newest first, with filters and keyset pages ("Older events")."""
    form = AuditFilterForm(request.args, actions=recorded_actions(), logins=staff_logins())
    form.validate()
    filters = form.filters()
    participant_name = None
    if filters.participant_id is not None:
        participant_name = participant_preferred_name(filters.participant_id)
        if participant_name is None:
            form.participant.errors = [_("No participant has this number.")]
    page = audit_page(filters, request.args.get("before"))
    first_args = {key: value for key, value in request.args.items() if key != "before"}
    return render_template(
        "audit/index.html",
        form=form,
        page=page,
        participant_id=filters.participant_id,
        participant_name=participant_name,
        first_args=first_args,
        next_args={**first_args, "before": page.next_cursor} if page.next_cursor else None,
        first_page=not request.args.get("before") or page.cursor_refused,
        object_url=object_url,
        object_type_label=object_type_label,
        detail_items=detail_items,
    )
