"""The identity check: does a pen name or an essay's text carry the author's identity?

Pure Python, no database and no Flask. A participant's legal name, preferred name and
sensitive terms (recorded by coordinators: a home town, a sibling's name, ...) become
needles; each needle holds the compact normalized spellings that count as a match. Pen
names that contain a needle are refused; in essay text (consent.text_hits) every match is
highlighted for the coordinator, and North Korean place names from data/nk_places.txt are
flagged as warnings.

How names are spelled (Hangul romanization, older spellings, surnames) lives in hangul.py;
person needles use the older spellings too, place needles only Revised Romanization. Which
characters a name may hold and when two look alike (UTS #39) lives in lookalike.py: person
needles also hold the look-alike keys of their forms, and every "does the pen name contain
it" is asked of the keys too, so "Hаneul" (Cyrillic а), "HaneuI" and "Haneu1" are Haneul.
"""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from linkenglish.consent import hangul, lookalike
from linkenglish.consent.hangul import SURNAME_SPELLINGS, normalize
from linkenglish.consent.lookalike import Character

LEGAL_NAME = "legal_name"
PREFERRED_NAME = "preferred_name"
SENSITIVE_TERM = "sensitive_term"
PLACE = "place"
EMPTY = "empty"
CHARACTER = "character"
TAKEN = "taken"


@dataclass(frozen=True)
class Needle:
    """One thing to look for: a name or term with every compact spelling that matches it."""

    kind: str
    label: str
    forms: frozenset[str]
    word_forms: frozenset[str]
    # Look-alike keys of the forms (lookalike.name_keys); none for places.
    skeletons: frozenset[str] = frozenset()
    word_skeletons: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PenNameProblem:
    """Why a pen name is refused; label is for the coordinator only. A refused character
    comes with its description."""

    kind: str
    label: str
    character: Character | None = None


# --- Building needles -------------------------------------------------------------------


def _is_long(form: str, syllables: int) -> bool:
    """Whether form may match anywhere (True) or only as a whole word (False)."""
    if hangul.has_hangul(form):
        return syllables > 1
    if not hangul.VOWEL_GROUP.search(form) and len(form) >= 4:
        return True  # digits and the like: a number is never a short surname
    return syllables > 1 and len(form) >= 3


def _add_form(acc: dict[str, bool], form: str, syllables: int) -> None:
    """Record form and its diacritic-free spelling; single Latin letters are dropped."""
    for spelling in {form, hangul.fold(form)}:
        if len(spelling) < 2 and not hangul.has_hangul(spelling):
            continue
        acc[spelling] = acc.get(spelling, False) or _is_long(spelling, syllables)


def _add_term(acc: dict[str, bool], text: str, *, variants: bool = True) -> None:
    """Record text's compact form and, if it is Hangul, its romanizations."""
    compact = normalize(text)
    if not compact:
        return
    syllables = hangul.syllables(compact)
    _add_form(acc, compact, syllables)
    for spelling in hangul.romanizations(compact, variants=variants):
        _add_form(acc, spelling, syllables)


def _add_surname(acc: dict[str, bool], part: str) -> None:
    """If part is a known surname or one of its spellings, record every spelling of it."""
    for surname in hangul.surnames(part):
        _add_term(acc, surname)
        for spelling in SURNAME_SPELLINGS[surname]:
            _add_term(acc, spelling)


def _name_forms(name: str) -> dict[str, bool]:
    """Every form of a name: whole, parts, surname and given name, surname spellings."""
    acc: dict[str, bool] = {}
    _add_term(acc, name)
    parts = hangul.name_parts(name)
    for part in parts:
        _add_term(acc, part)
        _add_surname(acc, part)
    hangul_parts = [part for part in parts if hangul.is_hangul_word(part)]
    if len(hangul_parts) == 1:
        for surname, given in hangul.hangul_splits(hangul_parts[0]):
            _add_term(acc, surname)
            _add_term(acc, given)
            _add_surname(acc, surname)
    return acc


def _keys(forms: Iterable[str]) -> frozenset[str]:
    """The look-alike keys of forms, in every letter case."""
    return frozenset().union(*(lookalike.name_keys(form) for form in forms))


def _needle(
    kind: str, label: str, acc: dict[str, bool], *, skeletons: bool = True
) -> Needle | None:
    """A needle from recorded forms (True: anywhere, False: word only), or None if none;
    with their look-alike keys unless skeletons is off."""
    if not acc:
        return None
    forms = frozenset(form for form, long in acc.items() if long)
    word_forms = frozenset(form for form, long in acc.items() if not long)
    return Needle(
        kind=kind,
        label=label,
        forms=forms,
        word_forms=word_forms,
        skeletons=_keys(forms) if skeletons else frozenset(),
        word_skeletons=_keys(word_forms) if skeletons else frozenset(),
    )


def person_needles(
    *, legal_name: str | None, preferred_name: str | None, sensitive_terms: Iterable[str]
) -> list[Needle]:
    """Needles for a participant: legal name, preferred name, then each sensitive term."""
    candidates = [
        _needle(LEGAL_NAME, legal_name, _name_forms(legal_name)) if legal_name else None,
        _needle(PREFERRED_NAME, preferred_name, _name_forms(preferred_name))
        if preferred_name
        else None,
    ]
    for term in sensitive_terms:
        if term and term.strip():
            acc: dict[str, bool] = {}
            _add_term(acc, term)
            candidates.append(_needle(SENSITIVE_TERM, term.strip(), acc))
    return [needle for needle in candidates if needle is not None]


def _place_line_needle(line: str) -> Needle | None:
    """The needle of one line of nk_places.txt: Hangul|variant|variant..."""
    fields = [field.strip() for field in line.split("|") if field.strip()]
    acc: dict[str, bool] = {}
    for field in fields:
        compact = normalize(field)
        if not hangul.has_hangul(compact) and hangul.syllables(compact) == 1 and len(compact) < 4:
            continue  # too short to mean this place
        _add_term(acc, field, variants=False)
    latin = [field for field in fields if not hangul.has_hangul(field)]
    label = latin[0] if latin else (fields[0] if fields else "")
    return _needle(PLACE, label, acc, skeletons=False)


@functools.cache
def place_needles() -> list[Needle]:
    """Needles for the North Korean places listed in data/nk_places.txt (warnings only)."""
    text = resources.files(__package__).joinpath("data", "nk_places.txt").read_text("utf-8")
    lines = (line.strip() for line in text.splitlines())
    needles = (_place_line_needle(line) for line in lines if line and not line.startswith("#"))
    return [needle for needle in needles if needle is not None]


# --- Pen names --------------------------------------------------------------------------


@dataclass(frozen=True)
class _PenName:
    """A pen name's compact spellings and words, plainly and as look-alike keys."""

    compacts: set[str]
    words: set[str]
    keys: frozenset[str]
    word_keys: frozenset[str]

    @classmethod
    def of(cls, pen_name: str, compact: str) -> "_PenName":
        """Spell pen_name every way it may be read; a direction override may show it
        backwards, so then it is read backwards too."""
        compacts = hangul.spellings(compact)
        written = [pen_name]
        if lookalike.has_bidi_control(pen_name):
            compacts |= {spelling[::-1] for spelling in compacts}
            written.append(pen_name[::-1])
        words = hangul.word_spellings(pen_name)
        raw_words = [word for text in written for word in _RAW_WORD.findall(text)]
        return cls(
            compacts=compacts,
            words=words,
            keys=_keys(written) | _keys(compacts),
            word_keys=_keys(raw_words) | _keys(words),
        )


_RAW_WORD = re.compile(r"[^\W_]+")


def _refuses(needle: Needle, pen: _PenName) -> bool:
    """Whether a pen name (its compact spellings, words and keys) carries the needle."""
    if any(form in compact for form in needle.forms for compact in pen.compacts):
        return True
    if not pen.words.isdisjoint(needle.forms) or not pen.words.isdisjoint(needle.word_forms):
        return True
    if any(key in pen_key for key in needle.skeletons for pen_key in pen.keys):
        return True
    return not pen.word_keys.isdisjoint(needle.skeletons | needle.word_skeletons)


def pen_name_problems(
    pen_name: str,
    *,
    legal_name: str | None,
    preferred_name: str | None,
    sensitive_terms: Iterable[str],
) -> list[PenNameProblem]:
    """Why pen_name may not be used: each refused character, then one problem per matching
    needle; [] when it may."""
    compact = normalize(pen_name)
    if not compact:
        return [PenNameProblem(EMPTY, "")]
    problems = [
        PenNameProblem(CHARACTER, character.shown, character)
        for character in lookalike.name_problems(pen_name)
    ]
    pen = _PenName.of(pen_name, compact)
    needles = person_needles(
        legal_name=legal_name, preferred_name=preferred_name, sensitive_terms=sensitive_terms
    )
    return problems + [
        PenNameProblem(needle.kind, needle.label) for needle in needles if _refuses(needle, pen)
    ]
