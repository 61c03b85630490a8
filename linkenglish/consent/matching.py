"""The identity check: does a pen name or an essay's text carry the author's identity?

Pure Python, no database and no Flask. A participant's legal name, preferred name and
sensitive terms (recorded by coordinators: a home town, a sibling's name, ...) become
needles; each needle holds the compact normalized spellings that count as a match. Pen
names that contain a needle are refused; in essay text every match is highlighted for the
coordinator, and North Korean place names from data/nk_places.txt are flagged as warnings.

How names are spelled (Hangul romanization, older spellings, surnames) lives in hangul.py;
person needles use the older spellings too, place needles only Revised Romanization.
"""

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

from linkenglish.consent import hangul
from linkenglish.consent.hangul import SURNAME_SPELLINGS, normalize

LEGAL_NAME = "legal_name"
PREFERRED_NAME = "preferred_name"
SENSITIVE_TERM = "sensitive_term"
PLACE = "place"
EMPTY = "empty"

# On equal spans the stronger kind wins: a person match must never become a mere warning.
_PRIORITY = {LEGAL_NAME: 0, PREFERRED_NAME: 1, SENSITIVE_TERM: 2, PLACE: 3}

# Everyday English words that are also one-syllable name forms ("an" for 안, "oh" for 오):
# in essay text they are not highlighted on their own (pen names still refuse them).
TEXT_STOPWORDS = frozenset({"an", "do", "go", "ha", "ho", "im", "in", "no", "oh", "ok", "on", "so"})


@dataclass(frozen=True)
class Needle:
    """One thing to look for: a name or term with every compact spelling that matches it."""

    kind: str
    label: str
    forms: frozenset[str]
    word_forms: frozenset[str]


@dataclass(frozen=True)
class PenNameProblem:
    """Why a pen name is refused; label is for the coordinator only."""

    kind: str
    label: str


@dataclass(frozen=True)
class Hit:
    """A match in a text, as offsets into the original text."""

    start: int
    end: int
    kind: str
    label: str

    @property
    def warning_only(self) -> bool:
        """Places are warnings only: some are safe to name (강원도 is in the South too)."""
        return self.kind == PLACE


@dataclass(frozen=True)
class Segment:
    """A piece of a highlighted text: plain (hit is None) or one hit."""

    text: str
    hit: Hit | None


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


def _needle(kind: str, label: str, acc: dict[str, bool]) -> Needle | None:
    """A needle from recorded forms (True: anywhere, False: word only), or None if none."""
    if not acc:
        return None
    return Needle(
        kind=kind,
        label=label,
        forms=frozenset(form for form, long in acc.items() if long),
        word_forms=frozenset(form for form, long in acc.items() if not long),
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
    return _needle(PLACE, label, acc)


@functools.cache
def place_needles() -> list[Needle]:
    """Needles for the North Korean places listed in data/nk_places.txt (warnings only)."""
    text = resources.files(__package__).joinpath("data", "nk_places.txt").read_text("utf-8")
    lines = (line.strip() for line in text.splitlines())
    needles = (_place_line_needle(line) for line in lines if line and not line.startswith("#"))
    return [needle for needle in needles if needle is not None]


# --- Pen names --------------------------------------------------------------------------


def _refuses(needle: Needle, compacts: set[str], words: set[str]) -> bool:
    """Whether a pen name (its compact spellings and words) carries the needle."""
    if any(form in compact for form in needle.forms for compact in compacts):
        return True
    return not words.isdisjoint(needle.forms) or not words.isdisjoint(needle.word_forms)


def pen_name_problems(
    pen_name: str,
    *,
    legal_name: str | None,
    preferred_name: str | None,
    sensitive_terms: Iterable[str],
) -> list[PenNameProblem]:
    """Why pen_name may not be used (one problem per matching needle); [] when it may."""
    compact = normalize(pen_name)
    if not compact:
        return [PenNameProblem(EMPTY, "")]
    compacts = hangul.spellings(compact)
    words = hangul.word_spellings(pen_name)
    needles = person_needles(
        legal_name=legal_name, preferred_name=preferred_name, sensitive_terms=sensitive_terms
    )
    return [
        PenNameProblem(needle.kind, needle.label)
        for needle in needles
        if _refuses(needle, compacts, words)
    ]


# --- Text -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Stream:
    """A text's letters and digits, compact, each mapped back to its original cluster."""

    chars: str
    cluster_of: tuple[int, ...]
    bounds: tuple[tuple[int, int], ...]
    is_word: tuple[bool, ...]
    is_hangul: tuple[bool, ...]

    @classmethod
    def of(cls, text: str) -> "_Stream":
        """Build the stream of text."""
        bounds = hangul.clusters(text)
        chars: list[str] = []
        cluster_of: list[int] = []
        is_word: list[bool] = []
        is_hangul: list[bool] = []
        for index, (start, end) in enumerate(bounds):
            compact = hangul.fold(normalize(text[start:end]))
            chars.append(compact)
            cluster_of.extend([index] * len(compact))
            is_word.append(bool(compact))
            is_hangul.append(bool(compact) and hangul.is_hangul(compact[0]))
        return cls(
            "".join(chars), tuple(cluster_of), tuple(bounds), tuple(is_word), tuple(is_hangul)
        )

    def find(self, form: str, *, whole_word: bool) -> Iterator[tuple[int, int]]:
        """Original [start, end) spans where form matches under the boundary rules."""
        position = self.chars.find(form) if form else -1
        while position >= 0:
            span = self._span(position, position + len(form), whole_word=whole_word)
            if span is not None:
                yield span
            position = self.chars.find(form, position + 1)

    def _span(self, start: int, end: int, *, whole_word: bool) -> tuple[int, int] | None:
        """The original span of compact [start, end), or None if a boundary rule fails.

        The match must start a word; it must end a word, or run into Hangul (particles
        such as 에서 follow Korean and romanized names alike). A whole-word match may not
        span a space or hyphen."""
        first, last = self.cluster_of[start], self.cluster_of[end - 1]
        if start > 0 and self.cluster_of[start - 1] == first:
            return None  # starts inside a character's expansion
        if end < len(self.chars) and self.cluster_of[end] == last:
            return None
        if first > 0 and self.is_word[first - 1]:
            return None
        after = last + 1
        if after < len(self.is_word) and self.is_word[after] and not self.is_hangul[after]:
            return None
        if whole_word and not all(self.is_word[first : last + 1]):
            return None
        return self.bounds[first][0], self.bounds[last][1]


def _candidates(stream: _Stream, needle: Needle) -> Iterator[tuple[int, int]]:
    """Every span where the needle matches in the stream."""
    for form in needle.forms:
        yield from stream.find(hangul.fold(form), whole_word=False)
    for form in needle.word_forms:
        if not hangul.has_hangul(form) and form not in TEXT_STOPWORDS:
            yield from stream.find(hangul.fold(form), whole_word=True)


def identity_hits(text: str, needles: Iterable[Needle]) -> list[Hit]:
    """Every match of the needles in text, sorted, without overlaps (longest wins, then the
    earliest, then the stronger kind)."""
    stream = _Stream.of(text)
    found = {
        Hit(start, end, needle.kind, needle.label)
        for needle in needles
        for start, end in _candidates(stream, needle)
    }
    ordered = sorted(
        found, key=lambda h: (h.start - h.end, h.start, _PRIORITY.get(h.kind, 9), h.label)
    )
    taken = bytearray(len(text))
    hits = []
    for hit in ordered:
        if not any(taken[hit.start : hit.end]):
            taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
            hits.append(hit)
    return sorted(hits, key=lambda h: h.start)


def highlight(text: str, hits: Iterable[Hit]) -> list[Segment]:
    """The whole text as plain and hit segments in order; joined, they give text back."""
    segments: list[Segment] = []
    position = 0
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if hit.start < position or not hit.start < hit.end <= len(text):
            continue  # overlapping or out of range: keep the text whole
        if hit.start > position:
            segments.append(Segment(text[position : hit.start], None))
        segments.append(Segment(text[hit.start : hit.end], hit))
        position = hit.end
    if position < len(text):
        segments.append(Segment(text[position:], None))
    return segments
