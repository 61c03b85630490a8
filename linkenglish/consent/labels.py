"""Translated names for consent methods and identity-check hits."""

from flask_babel import lazy_gettext as _l

from linkenglish.models import ConsentMethod

METHOD_LABELS = {
    ConsentMethod.SELF_SERVICE: _l("by the participant, signed in"),
    ConsentMethod.IN_PERSON: _l("in person"),
    ConsentMethod.PAPER: _l("on paper"),
    ConsentMethod.PHONE: _l("by phone"),
}
HIT_KIND_LABELS = {
    "legal_name": _l("Legal name"),
    "preferred_name": _l("Preferred name"),
    "sensitive_term": _l("Sensitive term"),
    "place": _l("North Korean place"),
}


def consent_method_label(method: ConsentMethod) -> str:
    """How consent was obtained, in words."""
    return METHOD_LABELS[ConsentMethod(method)]


def hit_kind_label(kind: str) -> str:
    """What kind of term the identity check found."""
    return HIT_KIND_LABELS.get(kind, kind)


CONSENT_TEMPLATE_GLOBALS = {
    "consent_method_label": consent_method_label,
    "hit_kind_label": hit_kind_label,
}
