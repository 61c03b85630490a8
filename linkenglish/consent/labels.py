"""Translated names for consent methods, identity-check hits and refused characters."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from linkenglish.consent import lookalike
from linkenglish.consent.lookalike import Character
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
    "character": _l("Unexpected character"),
}
# Scripts by ICU's English name; any other keeps that name.
SCRIPT_LABELS = {
    "Latin": _l("Latin"),
    "Hangul": _l("Korean"),
    "Cyrillic": _l("Cyrillic"),
    "Greek": _l("Greek"),
    "Armenian": _l("Armenian"),
    "Cherokee": _l("Cherokee"),
    "Han": _l("Chinese characters"),
    "Common": _l("shared"),
}


def consent_method_label(method: ConsentMethod) -> str:
    """How consent was obtained, in words."""
    return METHOD_LABELS[ConsentMethod(method)]


def hit_kind_label(kind: str) -> str:
    """What kind of term the identity check found."""
    return HIT_KIND_LABELS.get(kind, kind)


def script_label(script: str) -> str:
    """A script's name in the reader's language."""
    return str(SCRIPT_LABELS.get(script, script))


def character_note(character: Character) -> str:
    """What a character is and what it looks like, in words: "Cyrillic а, looks like
    Latin a"; an invisible one by its code point and name, never itself."""
    if character.reason == lookalike.BIDI:
        return _(
            "%(character)s, invisible: it changes the order in which text is shown",
            character=character.shown,
        )
    if character.reason in (lookalike.INVISIBLE, lookalike.UNASSIGNED):
        return _("%(character)s, invisible or without meaning", character=character.shown)
    if character.reason == lookalike.MARKS:
        return _(
            "%(character)s, accents stacked beyond what a Latin letter needs, or on a "
            "character that takes none",
            character=character.shown,
        )
    if character.reason == lookalike.STYLED and character.looks_like:
        return _(
            "%(character)s, a styled form of %(like)s",
            character=character.shown,
            like=character.looks_like,
        )
    if character.looks_like:
        return _(
            "%(script)s %(character)s, looks like %(like_script)s %(like)s",
            script=script_label(character.script),
            character=character.shown,
            like_script=script_label(character.like_script),
            like=character.looks_like,
        )
    return _(
        "%(script)s %(character)s", script=script_label(character.script), character=character.shown
    )


def character_refusal(character: Character) -> str:
    """Why one character may not stand in a pen name."""
    note = character_note(character)
    if character.reason == lookalike.SCRIPT:
        return _("%(note)s: a pen name uses Latin or Korean letters", note=note)
    if character.reason == lookalike.STYLED:
        return _("%(note)s: type the plain letter or digit", note=note)
    if character.reason == lookalike.SYMBOL:
        return _("%(note)s: a symbol or a letter not used in names", note=note)
    return note


def reveal(text: str) -> str:
    """Text with each invisible or reordering character shown as [U+202E]."""
    hidden = dict(lookalike.unexpected_characters(text))
    return "".join(
        f"[{hidden[index].code}]" if index in hidden and not hidden[index].visible else ch
        for index, ch in enumerate(text)
    )


CONSENT_TEMPLATE_GLOBALS = {
    "consent_method_label": consent_method_label,
    "hit_kind_label": hit_kind_label,
    "character_note": character_note,
    "reveal": reveal,
}
