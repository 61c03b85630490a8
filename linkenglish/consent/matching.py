"""The identity check: does a pen name or an essay's text carry the author's identity?

Pure Python, no database and no Flask. A participant's legal name, preferred name and
sensitive terms (recorded by coordinators: a home town, a sibling's name, ...) become
needles; each needle holds the compact normalized spellings that count as a match. Pen
names that contain a needle are refused; in essay text every match is highlighted for the
coordinator, and North Korean place names from data/nk_places.txt are flagged as warnings.

Hangul is romanized with korean-romanizer (Revised Romanization) and, for person needles,
also spelled in the common older ways (Cheolsu, Chulsoo, Cholsu, ...); surnames get their
usual Latin spellings (김 Kim/Gim, 이 Lee/Yi/Rhee, 박 Park/Bak/Pak, ...).
"""

import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from itertools import product

from korean_romanizer.romanizer import Romanizer

LEGAL_NAME = "legal_name"
PREFERRED_NAME = "preferred_name"
SENSITIVE_TERM = "sensitive_term"
PLACE = "place"
EMPTY = "empty"

# On equal spans the stronger kind wins: a person match must never become a mere warning.
_PRIORITY = {LEGAL_NAME: 0, PREFERRED_NAME: 1, SENSITIVE_TERM: 2, PLACE: 3}

# Usual Latin spellings of Korean surnames (North Korea writes 이 as 리, 임 as 림, ...).
SURNAME_SPELLINGS: dict[str, tuple[str, ...]] = {
    "김": ("kim", "gim"),
    "이": ("lee", "yi", "rhee", "rhie", "ri", "li"),
    "리": ("ri", "rhee", "lee", "yi", "li"),
    "박": ("park", "bak", "pak"),
    "최": ("choi", "choe", "chwe"),
    "정": ("jung", "jeong", "chung", "joung", "jong", "chong"),
    "강": ("kang", "gang"),
    "조": ("cho", "jo", "joe"),
    "윤": ("yoon", "yun", "youn"),
    "장": ("jang", "chang"),
    "임": ("lim", "im", "rim", "yim"),
    "림": ("rim", "lim", "im"),
    "한": ("han",),
    "오": ("oh", "o"),
    "서": ("seo", "suh"),
    "신": ("shin", "sin"),
    "권": ("kwon", "gwon"),
    "황": ("hwang",),
    "안": ("ahn", "an"),
    "송": ("song",),
    "류": ("ryu", "yu", "yoo", "ryoo", "lyu"),
    "유": ("yoo", "yu"),
    "홍": ("hong",),
    "전": ("jeon", "jun", "chun", "chon", "jon"),
    "고": ("ko", "go", "koh"),
    "문": ("moon", "mun"),
    "양": ("yang", "ryang"),
    "량": ("ryang", "yang"),
    "배": ("bae", "pae"),
    "백": ("baek", "paik", "paek"),
    "허": ("heo", "hur", "huh"),
    "남": ("nam",),
    "노": ("noh", "roh", "no", "ro"),
    "로": ("ro", "roh", "noh"),
    "하": ("ha",),
    "곽": ("kwak", "gwak"),
    "성": ("sung", "seong", "song"),
    "차": ("cha",),
    "주": ("joo", "ju", "chu"),
    "우": ("woo", "u"),
    "구": ("koo", "ku", "gu"),
    "민": ("min",),
    "진": ("jin", "chin"),
    "남궁": ("namgung", "namkung"),
    "황보": ("hwangbo",),
    "제갈": ("jegal", "chegal"),
    "선우": ("sunwoo", "seonwoo", "seonu"),
    "독고": ("dokgo", "dokko", "tokko"),
    "사공": ("sagong",),
}
_SURNAMES_BY_SPELLING: dict[str, frozenset[str]] = {
    spelling: frozenset(h for h, spellings in SURNAME_SPELLINGS.items() if spelling in spellings)
    for spellings in SURNAME_SPELLINGS.values()
    for spelling in spellings
}
_COMPOUND_SURNAMES = frozenset(h for h in SURNAME_SPELLINGS if len(h) == 2)

# Everyday English words that are also one-syllable name forms ("an" for 안, "oh" for 오):
# in essay text they are not highlighted on their own (pen names still refuse them).
TEXT_STOPWORDS = frozenset({"an", "do", "go", "ha", "ho", "im", "in", "no", "oh", "ok", "on", "so"})

# Jamo spellings for the older romanizations people actually use in their names.
_INITIALS = (
    ("g", "k"), ("kk",), ("n",), ("d", "t"), ("tt",), ("r", "l"), ("m",), ("b", "p"), ("pp",),
    ("s",), ("ss",), ("",), ("j", "ch"), ("jj",), ("ch",), ("k",), ("t",), ("p",), ("h",),
)  # fmt: skip
_MEDIALS = (
    ("a",), ("ae",), ("ya",), ("yae",), ("eo", "u", "o"), ("e",), ("yeo", "yu", "yo"), ("ye",),
    ("o",), ("wa",), ("wae",), ("oe",), ("yo",), ("u", "oo"), ("wo", "weo"), ("we",), ("wi",),
    ("yu", "yoo"), ("eu", "u"), ("ui", "eui"), ("i",),
)  # fmt: skip
_FINALS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p",
    "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip
_MAX_SPELLINGS = 64

_WORD = re.compile(r"[^\W_]+")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


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


# --- Text helpers -----------------------------------------------------------------------


def normalize(text: str) -> str:
    """NFKC, casefold, and drop every character that is not a letter or digit."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def _is_syllable(ch: str) -> bool:
    """Whether ch is a precomposed Hangul syllable block."""
    return "\uac00" <= ch <= "\ud7a3"


def _is_hangul(ch: str) -> bool:
    """Whether ch is a Hangul syllable or jamo."""
    return (
        _is_syllable(ch)
        or "\u1100" <= ch <= "\u11ff"
        or "\u3130" <= ch <= "\u318f"
        or "\ua960" <= ch <= "\ua97f"
        or "\ud7b0" <= ch <= "\ud7ff"
    )


def _has_hangul(text: str) -> bool:
    """Whether text holds at least one Hangul syllable."""
    return any(_is_syllable(ch) for ch in text)


def _is_hangul_word(text: str) -> bool:
    """Whether text is made of Hangul syllables only."""
    return bool(text) and all(_is_syllable(ch) for ch in text)


@functools.lru_cache(maxsize=8192)
def _fold(text: str) -> str:
    """Text without diacritics on Latin letters (Hoeryŏng -> hoeryong); Hangul untouched."""
    out = []
    for ch in text:
        if _is_hangul(ch):
            out.append(ch)
        else:
            decomposed = unicodedata.normalize("NFD", ch)
            out.extend(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))
    return "".join(out)


def _words(text: str) -> list[str]:
    """The words of text (runs of letters and digits), NFKC-normalized and casefolded."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _syllables(form: str) -> int:
    """Hangul syllable blocks, else Latin vowel groups without a final silent e; at least 1."""
    if _has_hangul(form):
        return max(1, sum(_is_syllable(ch) for ch in form))
    return max(1, _vowel_groups(form))


def _vowel_groups(form: str) -> int:
    """Runs of a e i o u y in form, a final e after a consonant not counted."""
    form = _fold(form)
    count = len(_VOWEL_GROUP.findall(form))
    if count > 1 and form.endswith("e") and form[-2].isalpha() and form[-2] not in "aeiouy":
        count -= 1
    return count


# --- Romanization -----------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def _revised(text: str) -> str:
    """The Revised Romanization of text, compact (Latin and digits pass through)."""
    return normalize(Romanizer(text).romanize()) if _has_hangul(text) else ""


def _syllable_spellings(ch: str) -> tuple[str, ...]:
    """The common Latin spellings of one Hangul syllable (철 -> cheol, chul, chol)."""
    code = ord(ch) - 0xAC00
    initial, medial, final = code // 588, code % 588 // 28, code % 28
    initials = _INITIALS[initial]
    if initial == 9 and medial in (16, 20):  # 시, 신, 쉬: also shi, shin
        initials = ("s", "sh")
    medials = _MEDIALS[medial]
    if initial == 11 and medial == 13:  # 우: also woo
        medials = ("u", "oo", "woo")
    return tuple(i + m + _FINALS[final] for i in initials for m in medials)


@functools.lru_cache(maxsize=8192)
def _romanizations(text: str, *, variants: bool = True) -> frozenset[str]:
    """Compact Latin spellings of text's Hangul: Revised Romanization and, when variants
    is set and there are not too many, the common older spellings too."""
    if not _has_hangul(text):
        return frozenset()
    spellings = {_revised(text)}
    if variants:
        options = [_syllable_spellings(ch) if _is_syllable(ch) else (ch,) for ch in text]
        if math.prod(len(option) for option in options) <= _MAX_SPELLINGS:
            spellings.update(normalize("".join(combo)) for combo in product(*options))
    return frozenset(s for s in spellings if s)


def _hangul_splits(word: str) -> list[tuple[str, str]]:
    """The (surname, given name) readings of a Hangul name of 2-4 syllables."""
    if not _is_hangul_word(word) or not 2 <= len(word) <= 4:
        return []
    splits = [(word[0], word[1:])]
    if len(word) >= 3 and word[:2] in _COMPOUND_SURNAMES:
        splits.append((word[:2], word[2:]))
    return splits


# --- Building needles -------------------------------------------------------------------


def _is_long(form: str, syllables: int) -> bool:
    """Whether form may match anywhere (True) or only as a whole word (False)."""
    if _has_hangul(form):
        return syllables > 1
    if not _VOWEL_GROUP.search(form) and len(form) >= 4:
        return True  # digits and the like: a number is never a short surname
    return syllables > 1 and len(form) >= 3


def _add_form(acc: dict[str, bool], form: str, syllables: int) -> None:
    """Record form and its diacritic-free spelling; single Latin letters are dropped."""
    for spelling in {form, _fold(form)}:
        if len(spelling) < 2 and not _has_hangul(spelling):
            continue
        acc[spelling] = acc.get(spelling, False) or _is_long(spelling, syllables)


def _add_term(acc: dict[str, bool], text: str, *, variants: bool = True) -> None:
    """Record text's compact form and, if it is Hangul, its romanizations."""
    compact = normalize(text)
    if not compact:
        return
    syllables = _syllables(compact)
    _add_form(acc, compact, syllables)
    for spelling in _romanizations(compact, variants=variants):
        _add_form(acc, spelling, syllables)


def _add_surname(acc: dict[str, bool], part: str) -> None:
    """If part is a known surname or one of its spellings, record every spelling of it."""
    surnames = {part} if part in SURNAME_SPELLINGS else _SURNAMES_BY_SPELLING.get(part, set())
    for surname in surnames:
        _add_term(acc, surname)
        for spelling in SURNAME_SPELLINGS[surname]:
            _add_term(acc, spelling)


def _name_parts(name: str) -> list[str]:
    """A name's parts: each word, and each hyphen-joined word whole (Chul-soo -> chulsoo)."""
    parts: list[str] = []
    for token in name.split():
        words = _words(token)
        if len(words) > 1:
            parts.append("".join(words))
        parts.extend(words)
    return list(dict.fromkeys(parts))


def _name_forms(name: str) -> dict[str, bool]:
    """Every form of a name: whole, parts, surname and given name, surname spellings."""
    acc: dict[str, bool] = {}
    _add_term(acc, name)
    parts = _name_parts(name)
    for part in parts:
        _add_term(acc, part)
        _add_surname(acc, part)
    hangul_parts = [part for part in parts if _is_hangul_word(part)]
    if len(hangul_parts) == 1:
        for surname, given in _hangul_splits(hangul_parts[0]):
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
        if not _has_hangul(compact) and _syllables(compact) == 1 and len(compact) < 4:
            continue  # too short to mean this place
        _add_term(acc, field, variants=False)
    latin = [field for field in fields if not _has_hangul(field)]
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


def _spellings(compact: str) -> set[str]:
    """A compact text, without diacritics, and romanized if it holds Hangul."""
    return {compact, _fold(compact), *_romanizations(compact)}


def _pen_name_words(pen_name: str) -> set[str]:
    """The pen name's words in every spelling, with the surname of a Hangul name split off."""
    words: set[str] = set()
    for word in _words(pen_name):
        compact = normalize(word)
        words |= _spellings(compact)
        for surname, _given in _hangul_splits(compact):
            if surname in SURNAME_SPELLINGS:
                words |= _spellings(surname)
    words.discard("")
    return words


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
    compacts = _spellings(compact)
    words = _pen_name_words(pen_name)
    needles = person_needles(
        legal_name=legal_name, preferred_name=preferred_name, sensitive_terms=sensitive_terms
    )
    return [
        PenNameProblem(needle.kind, needle.label)
        for needle in needles
        if _refuses(needle, compacts, words)
    ]


# --- Text -------------------------------------------------------------------------------


def _clusters(text: str) -> list[tuple[int, int]]:
    """Text cut into [start, end) clusters: a character with its combining marks."""
    bounds: list[tuple[int, int]] = []
    for index, ch in enumerate(text):
        joins = unicodedata.combining(ch) or "\u1160" <= ch <= "\u11ff"
        if joins and bounds:
            bounds[-1] = (bounds[-1][0], index + 1)
        else:
            bounds.append((index, index + 1))
    return bounds


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
        bounds = _clusters(text)
        chars: list[str] = []
        cluster_of: list[int] = []
        is_word: list[bool] = []
        is_hangul: list[bool] = []
        for index, (start, end) in enumerate(bounds):
            compact = _fold(normalize(text[start:end]))
            chars.append(compact)
            cluster_of.extend([index] * len(compact))
            is_word.append(bool(compact))
            is_hangul.append(bool(compact) and _is_hangul(compact[0]))
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
        yield from stream.find(_fold(form), whole_word=False)
    for form in needle.word_forms:
        if not _has_hangul(form) and form not in TEXT_STOPWORDS:
            yield from stream.find(_fold(form), whole_word=True)


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
