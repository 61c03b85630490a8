"""Hangul and spelling for the identity check: how a name or term may be written in Latin.

Pure Python, no database and no Flask. Hangul is romanized with korean-romanizer (Revised
Romanization) and, on request, also spelled in the common older ways (Cheolsu, Chulsoo,
Cholsu, ...); surnames get their usual Latin spellings (김 Kim/Gim, 이 Lee/Yi/Rhee, 박
Park/Bak/Pak, ...). Latin text is compared without case, punctuation or diacritics.
"""

import functools
import math
import re
import unicodedata
from itertools import product

from korean_romanizer.romanizer import Romanizer

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
VOWEL_GROUP = re.compile(r"[aeiouy]+")


# --- Characters and compact text --------------------------------------------------------


def normalize(text: str) -> str:
    """NFKC, casefold, and drop every character that is not a letter or digit."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def is_syllable(ch: str) -> bool:
    """Whether ch is a precomposed Hangul syllable block."""
    return "\uac00" <= ch <= "\ud7a3"


def is_hangul(ch: str) -> bool:
    """Whether ch is a Hangul syllable or jamo."""
    return (
        is_syllable(ch)
        or "\u1100" <= ch <= "\u11ff"
        or "\u3130" <= ch <= "\u318f"
        or "\ua960" <= ch <= "\ua97f"
        or "\ud7b0" <= ch <= "\ud7ff"
    )


def has_hangul(text: str) -> bool:
    """Whether text holds at least one Hangul syllable."""
    return any(is_syllable(ch) for ch in text)


def is_hangul_word(text: str) -> bool:
    """Whether text is made of Hangul syllables only."""
    return bool(text) and all(is_syllable(ch) for ch in text)


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Text without diacritics on Latin letters (Hoeryŏng -> hoeryong); Hangul untouched."""
    out = []
    for ch in text:
        if is_hangul(ch):
            out.append(ch)
        else:
            decomposed = unicodedata.normalize("NFD", ch)
            out.extend(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))
    return "".join(out)


def words(text: str) -> list[str]:
    """The words of text (runs of letters and digits), NFKC-normalized and casefolded."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def clusters(text: str) -> list[tuple[int, int]]:
    """Text cut into [start, end) clusters: a character with its combining marks (and a
    Hangul syllable with the conjoining vowel and final jamo that follow it)."""
    bounds: list[tuple[int, int]] = []
    for index, ch in enumerate(text):
        joins = unicodedata.combining(ch) or "\u1160" <= ch <= "\u11ff"
        if joins and bounds:
            bounds[-1] = (bounds[-1][0], index + 1)
        else:
            bounds.append((index, index + 1))
    return bounds


def syllables(form: str) -> int:
    """Hangul syllable blocks, else Latin vowel groups without a final silent e; at least 1."""
    if has_hangul(form):
        return max(1, sum(is_syllable(ch) for ch in form))
    return max(1, _vowel_groups(form))


def _vowel_groups(form: str) -> int:
    """Runs of a e i o u y in form, a final e after a consonant not counted."""
    form = fold(form)
    count = len(VOWEL_GROUP.findall(form))
    if count > 1 and form.endswith("e") and form[-2].isalpha() and form[-2] not in "aeiouy":
        count -= 1
    return count


# --- Romanization -----------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def revised(text: str) -> str:
    """The Revised Romanization of text, compact (Latin and digits pass through)."""
    return normalize(Romanizer(text).romanize()) if has_hangul(text) else ""


def syllable_spellings(ch: str) -> tuple[str, ...]:
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
def romanizations(text: str, *, variants: bool = True) -> frozenset[str]:
    """Compact Latin spellings of text's Hangul: Revised Romanization and, when variants
    is set and there are not too many, the common older spellings too."""
    if not has_hangul(text):
        return frozenset()
    found = {revised(text)}
    if variants:
        options = [syllable_spellings(ch) if is_syllable(ch) else (ch,) for ch in text]
        if math.prod(len(option) for option in options) <= _MAX_SPELLINGS:
            found.update(normalize("".join(combo)) for combo in product(*options))
    return frozenset(s for s in found if s)


def spellings(compact: str) -> set[str]:
    """A compact text, without diacritics, and romanized if it holds Hangul."""
    return {compact, fold(compact), *romanizations(compact)}


# --- Names ------------------------------------------------------------------------------


def name_parts(name: str) -> list[str]:
    """A name's parts: each word, and each hyphen-joined word whole (Chul-soo -> chulsoo)."""
    parts: list[str] = []
    for token in name.split():
        token_words = words(token)
        if len(token_words) > 1:
            parts.append("".join(token_words))
        parts.extend(token_words)
    return list(dict.fromkeys(parts))


def surnames(part: str) -> frozenset[str]:
    """The Hangul surnames part stands for: itself if it is one, else those it spells."""
    if part in SURNAME_SPELLINGS:
        return frozenset({part})
    return _SURNAMES_BY_SPELLING.get(part, frozenset())


def hangul_splits(word: str) -> list[tuple[str, str]]:
    """The (surname, given name) readings of a Hangul name of 2-4 syllables."""
    if not is_hangul_word(word) or not 2 <= len(word) <= 4:
        return []
    splits = [(word[0], word[1:])]
    if len(word) >= 3 and word[:2] in _COMPOUND_SURNAMES:
        splits.append((word[:2], word[2:]))
    return splits


def word_spellings(text: str) -> set[str]:
    """Text's words in every spelling, with the surname of a Hangul name split off."""
    found: set[str] = set()
    for word in words(text):
        compact = normalize(word)
        found |= spellings(compact)
        for surname, _given in hangul_splits(compact):
            if surname in SURNAME_SPELLINGS:
                found |= spellings(surname)
    found.discard("")
    return found
