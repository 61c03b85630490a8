"""Words for the overview filters, and the dashboard's count of essays awaiting feedback."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from linkenglish.authz import can_teach_cohort
from linkenglish.models import Role
from linkenglish.prompts.overview import awaiting_feedback_count

FILTER_LABELS = {
    "not_started": _l("Not started"),
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "on_time": _l("On time"),
    "late": _l("Submitted late"),
    "extension": _l("Has extension"),
    "awaiting": _l("Awaiting feedback"),
    "final": _l("Final"),
}


def awaiting_feedback() -> int:
    """How many essays the signed-in coordinator or teacher could give feedback on."""
    return awaiting_feedback_count(user=current_user)


def sees_cohort_prompts(cohort_id: int) -> bool:
    """Tell whether the signed-in user may open a cohort's writing prompts."""
    return current_user.role is Role.PARTICIPANT or can_teach_cohort(current_user, cohort_id)


PROMPT_TEMPLATE_GLOBALS = {
    "awaiting_feedback": awaiting_feedback,
    "sees_cohort_prompts": sees_cohort_prompts,
}
