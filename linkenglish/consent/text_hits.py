"""The identity check in an essay's text: where the needles of consent.matching occur,
mapped back to the original text, and the text cut into plain and highlighted pieces.

Pure Python, no database and no Flask.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from linkenglish.consent import hangul
from linkenglish.consent.hangul import normalize
from linkenglish.consent.matching import (
    LEGAL_NAME,
    PLACE,
    PREFERRED_NAME,
    SENSITIVE_TERM,
    Needle,
)

# On equal spans the stronger kind wins: a person match must never become a mere warning.
_PRIORITY = {LEGAL_NAME: 0, PREFERRED_NAME: 1, SENSITIVE_TERM: 2, PLACE: 3}

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

    @property
    def warning_only(self) -> bool:
        """Places are warnings only: some are safe to name (강원도 is in the South too)."""
        return self.kind == PLACE


@dataclass(frozen=True)
class Segment:
    """A piece of a highlighted text: plain (hit is None) or one hit."""

    text: str
    hit: Hit | None


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
