"""What the consent pages say when a pen name is refused."""

from flask_babel import gettext as _

from linkenglish.consent.labels import character_refusal
from linkenglish.consent.matching import (
    EMPTY,
    LEGAL_NAME,
    PREFERRED_NAME,
    SENSITIVE_TERM,
    TAKEN,
)
from linkenglish.consent.services import PenNameRefused

NAMES = (LEGAL_NAME, PREFERRED_NAME, SENSITIVE_TERM)


def pen_name_message(error: PenNameRefused, *, for_coordinator: bool) -> str:
    """Say why a pen name is refused: each refused character (invisible ones by code point),
    a name taken by another author (never whose), a name or sensitive term it carries; a
    participant is never shown their sensitive terms."""
    kinds = {problem.kind for problem in error.problems}
    if EMPTY in kinds:
        return _("Choose a pen name with at least one letter.")
    parts = []
    characters = [problem.character for problem in error.problems if problem.character]
    if characters:
        parts.append(
            _(
                "A pen name may not hold these characters: %(characters)s.",
                characters="; ".join(character_refusal(character) for character in characters),
            )
        )
    if TAKEN in kinds:
        parts.append(
            _(
                "This pen name is taken: another author publishes under it, or under one that "
                "looks the same. Choose another."
            )
        )
    reasons = []
    if LEGAL_NAME in kinds or PREFERRED_NAME in kinds:
        reasons.append(_("it contains your name or part of it (also when spelled another way)"))
    if SENSITIVE_TERM in kinds:
        reasons.append(
            _("it contains a word that your coordinators asked to keep out of public writing")
        )
    if reasons:
        parts.append(
            _(
                "This pen name could identify you: %(reasons)s. Choose one that has nothing to "
                "do with your names, family or home town.",
                reasons="; ".join(reasons),
            )
        )
        if for_coordinator:
            labels = ", ".join(
                sorted({problem.label for problem in error.problems if problem.kind in NAMES})
            )
            parts.append(_("Matched: %(labels)s.", labels=labels))
    return " ".join(parts)
