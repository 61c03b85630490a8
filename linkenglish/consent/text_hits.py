"""The identity check in an essay's text: where the needles of consent.matching occur,
mapped back to the original text, and the text cut into plain and highlighted pieces.

Needles are looked for twice: in the text's compact spelling, and in its look-alike keys
(consent.lookalike), so "Hаneul" with a Cyrillic а is found as Haneul. Every character from
another script, invisible or reordering is a hit of its own, or a note on the name it sits in.

Pure Python, no database and no Flask.
"""

import dataclasses
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from linkenglish.consent import hangul, lookalike
from linkenglish.consent.hangul import normalize
from linkenglish.consent.lookalike import Character
from linkenglish.consent.matching import (
    CHARACTER,
    LEGAL_NAME,
    PLACE,
    PREFERRED_NAME,
    SENSITIVE_TERM,
    Needle,
)

# On equal spans the stronger kind wins: a person match must never become a mere warning.
_PRIORITY = {LEGAL_NAME: 0, PREFERRED_NAME: 1, SENSITIVE_TERM: 2, PLACE: 3, CHARACTER: 4}

# Everyday English words that are also one-syllable name forms ("an" for 안, "oh" for 오):
# in essay text they are not highlighted on their own (pen names still refuse them).
TEXT_STOPWORDS = frozenset({"an", "do", "go", "ha", "ho", "im", "in", "no", "oh", "ok", "on", "so"})


@dataclass(frozen=True)
class Hit:
    """A match in a text, as offsets into the original text."""

    start: int
    end: int
    kind: str
    label: str
    # Unexpected or look-alike characters inside the hit, to be said in words.
    characters: tuple[Character, ...] = ()

    @property
    def warning_only(self) -> bool:
        """Places are warnings only: some are safe to name (강원도 is in the South too);
        so is an unexpected character that is not part of a name."""
        return self.kind in (PLACE, CHARACTER)


@dataclass(frozen=True)
class Segment:
    """A piece of a highlighted text: plain (hit is None) or one hit."""

    text: str
    hit: Hit | None


@functools.lru_cache(maxsize=16384)
def _plain_compact(cluster: str) -> str:
    """A cluster compact and without diacritics (Hoeryŏ -> hoeryo)."""
    return hangul.fold(normalize(cluster))


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
    def of(
        cls,
        text: str,
        compact_of: Callable[[str], str] | None = None,
        bounds: list[tuple[int, int]] | None = None,
    ) -> "_Stream":
        """Build the stream of text: each cluster spelled by compact_of (default: compact
        and without diacritics; lookalike.name_key gives the look-alike stream)."""
        bounds = bounds if bounds is not None else hangul.clusters(text)
        compact_of = compact_of or _plain_compact
        chars: list[str] = []
        cluster_of: list[int] = []
        is_word: list[bool] = []
        is_hangul: list[bool] = []
        for index, (start, end) in enumerate(bounds):
            compact = compact_of(text[start:end])
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


def _skeleton_hits(text: str, needles: list[Needle], bounds: list[tuple[int, int]]) -> set[Hit]:
    """Hits of the needles' look-alike keys (long forms: a short surname such as "Kirn" in
    running text would flag "II" and the like)."""
    if not any(needle.skeletons for needle in needles):
        return set()
    stream = _Stream.of(text, lookalike.name_key, bounds)
    return {
        Hit(start, end, needle.kind, needle.label)
        for needle in needles
        for form in needle.skeletons
        for start, end in stream.find(form, whole_word=False)
    }


def _noted(hit: Hit, text: str, unexpected: dict[int, Character], plain: bool) -> Hit:
    """The hit with the characters inside it said in words: unexpected ones always, and
    those the look-alike keys changed when only the keys found it."""
    found = []
    for index in range(hit.start, hit.end):
        if index in unexpected:
            found.append(unexpected[index])
        elif not plain and lookalike.skeleton_changes(text[index]):
            found.append(lookalike.describe(text[index], lookalike.LOOKALIKE))
    return dataclasses.replace(hit, characters=tuple(dict.fromkeys(found)))


def identity_hits(text: str, needles: Iterable[Needle]) -> list[Hit]:
    """Every match of the needles in text, and every unexpected character, sorted, without
    overlaps (longest wins, then the earliest, then the stronger kind)."""
    needles = list(needles)
    bounds = hangul.clusters(text)
    stream = _Stream.of(text, bounds=bounds)
    plain = {
        Hit(start, end, needle.kind, needle.label)
        for needle in needles
        for start, end in _candidates(stream, needle)
    }
    unexpected = dict(lookalike.unexpected_characters(text))
    characters = {
        Hit(index, index + 1, CHARACTER, character.shown, (character,))
        for index, character in unexpected.items()
    }
    found = plain | _skeleton_hits(text, needles, bounds) | characters
    ordered = sorted(
        found, key=lambda h: (h.start - h.end, h.start, _PRIORITY.get(h.kind, 9), h.label)
    )
    taken = bytearray(len(text))
    hits = []
    for hit in ordered:
        if not any(taken[hit.start : hit.end]):
            taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
            if hit.kind != CHARACTER:
                hit = _noted(hit, text, unexpected, hit in plain)
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
