"""Words shown for essay statuses and versions."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from linkenglish.models.writing import EssayStatus, EssayVersion, VersionKind

ESSAY_STATUS_LABELS = {
    EssayStatus.DRAFT: _l("Draft"),
    EssayStatus.SUBMITTED: _l("Submitted"),
    EssayStatus.FEEDBACK_RELEASED: _l("Feedback ready"),
    EssayStatus.RESUBMITTED: _l("Resubmitted"),
    EssayStatus.FINAL: _l("Final"),
}


def essay_status_label(status: EssayStatus) -> str:
    """The word for an essay's status."""
    return str(ESSAY_STATUS_LABELS[EssayStatus(status)])


def version_label(version: EssayVersion) -> str:
    """Name a version by number and why it was frozen."""
    if version.kind is VersionKind.SUBMITTED:
        return _("Version %(number)s (submitted)", number=version.number)
    return _("Version %(number)s", number=version.number)


WRITING_TEMPLATE_GLOBALS = {
    "essay_status_label": essay_status_label,
    "version_label": version_label,
}
