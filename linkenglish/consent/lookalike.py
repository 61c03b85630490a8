"""Unicode security for names (Unicode TR #36, UTS #39): which characters a pen name may
hold, which characters in a text are unexpected, and when two names look alike.

No database and no Flask. ICU, through PyICU, supplies the confusable skeleton (UTS #39
skeleton() over confusables.txt), scripts and the identifier profile, from the Unicode data
of the ICU that PyICU is built against (Debian 12: ICU 72, Unicode 15.0).

A name is compared by its key: NFKC, then the skeleton, then casefold (casefolding first
would turn "I" into "i" and lose its likeness to "l"), then the digit/letter swaps that the
skeleton data leaves alone (5/S, 3/E, ...), keeping letters and digits only. Hangul
syllables pass through whole: the skeleton would cut them into jamo, and they are compared
as syllables and romanizations elsewhere (consent.hangul).
"""

import functools
import unicodedata
from dataclasses import dataclass

import icu

from linkenglish.consent import hangul

_SPOOF = icu.SpoofChecker()
_RECOMMENDED = _SPOOF.getRecommendedUnicodeSet()
_INCLUSION = _SPOOF.getInclusionUnicodeSet()
_INVISIBLE = icu.UnicodeSet("[[:Default_Ignorable_Code_Point:][:Cf:][:Cc:][:Z:]-[\\u0020]]")
_BIDI = icu.UnicodeSet("[:Bidi_Control:]")
_UNASSIGNED = icu.UnicodeSet("[[:Cn:][:Co:][:Cs:]]")
_TEXT_CONTROLS = frozenset("\n\r\t")

# Scripts a name may use: Latin and Hangul, with the shared digits, punctuation and marks.
NAME_SCRIPTS = frozenset({"Latn", "Hang", "Zyyy", "Zinh"})
# Latin needs at most two marks on one letter (Vietnamese ệ); Hangul needs none.
MAX_MARKS = 2
# Digit/letter swaps the skeleton leaves alone (it maps 0 to O and 1 to l itself).
_SWAPS = str.maketrans(
    {"2": "z", "3": "e", "4": "a", "5": "s", "6": "b", "7": "t", "8": "b", "9": "g"}
    | {"@": "a", "$": "s"}
)

# Why a character is refused in a pen name.
INVISIBLE = "invisible"
BIDI = "bidi"
UNASSIGNED = "unassigned"
MARKS = "marks"
SCRIPT = "script"
STYLED = "styled"
SYMBOL = "symbol"
# Not refused: a character whose look-alike key differs from its plain spelling (I as l).
LOOKALIKE = "lookalike"


@dataclass(frozen=True)
class Character:
    """One character that a check refused or flagged, described without echoing it when
    it is invisible."""

    reason: str
    char: str
    code: str  # U+0430
    name: str  # CYRILLIC SMALL LETTER A
    script: str  # Cyrillic
    looks_like: str  # a (empty when it resembles nothing else)
    like_script: str  # Latin

    @property
    def visible(self) -> bool:
        """Whether the character itself may be shown (it is neither invisible nor a mark)."""
        category = unicodedata.category(self.char)
        return (
            self.reason not in (INVISIBLE, BIDI, UNASSIGNED)
            and category[0] not in "CMZ"
            and not unicodedata.combining(self.char)
        )

    @property
    def shown(self) -> str:
        """The character itself when it is visible; else its code point and name."""
        return self.char if self.visible else f"{self.code} {self.name}".strip()


# --- keys: how names are compared ---------------------------------------------------------


@functools.lru_cache(maxsize=16384)
def _char_key(ch: str) -> str:
    """The key of one NFKC character: its skeleton, casefolded, swapped, letters and digits."""
    if hangul.is_syllable(ch):
        return ch
    skeleton = _SPOOF.getSkeleton(0, ch).casefold().translate(_SWAPS)
    return "".join(c for c in skeleton if c.isalnum())


@functools.lru_cache(maxsize=8192)
def name_key(text: str) -> str:
    """The look-alike key of text: NFKC, skeleton, casefold, digit swaps; compact."""
    return "".join(_char_key(ch) for ch in unicodedata.normalize("NFKC", text))


def skeleton_changes(ch: str) -> bool:
    """Whether the look-alike key of ch differs from its plain compact spelling (I: l)."""
    return _char_key(unicodedata.normalize("NFKC", ch)) != hangul.fold(hangul.normalize(ch))


def name_keys(text: str) -> frozenset[str]:
    """Keys of text as written, in lower case, upper case and title case: the skeleton tells
    "I" from "i" and "m" from "M", and a reader does not."""
    variants = {text, text.lower(), text.upper(), text.title()}
    return frozenset(key for key in map(name_key, variants) if key)


def look_alike(first: str, second: str) -> bool:
    """Whether two names look the same to a reader (a shared key in any letter case)."""
    return not name_keys(first).isdisjoint(name_keys(second))


# --- characters -------------------------------------------------------------------------


def script_of(ch: str) -> icu.Script:
    """The Unicode script of a character."""
    return icu.Script.getScript(ch)


@functools.lru_cache(maxsize=4096)
def resemblance(ch: str) -> tuple[str, str]:
    """(what ch looks like, that text's script) when its skeleton or NFKC form differs."""
    compatible = unicodedata.normalize("NFKC", ch)
    plain = unicodedata.normalize("NFC", _SPOOF.getSkeleton(0, compatible))
    if plain in ("", ch):
        plain = compatible if compatible != ch else ""
    letters = [c for c in plain if unicodedata.category(c)[0] in "LN"]
    return plain, (script_of(letters[0]).getName() if letters else "")


def describe(ch: str, reason: str) -> Character:
    """A Character for ch with its code point, name, script and resemblance."""
    looks_like, like_script = resemblance(ch)
    return Character(
        reason=reason,
        char=ch,
        code=f"U+{ord(ch):04X}",
        name=unicodedata.name(ch, ""),
        script=script_of(ch).getName(),
        looks_like=looks_like,
        like_script=like_script,
    )


def _plain_reason(ch: str) -> str | None:
    """Why ch may not stand in a name, ignoring marks (None when it may)."""
    if ch == " ":
        return None
    if _BIDI.contains(ch):
        return BIDI
    if _UNASSIGNED.contains(ch) or unicodedata.category(ch) in ("Cs", "Co", "Cn"):
        return UNASSIGNED
    if _INVISIBLE.contains(ch):
        return INVISIBLE
    script = script_of(ch).getShortName()
    if script not in NAME_SCRIPTS:
        return SCRIPT
    category = unicodedata.category(ch)
    jamo = "\u3131" <= ch <= "\u318e"  # Hangul compatibility jamo: as typed in Korean
    if unicodedata.normalize("NFKC", ch) != ch and category[0] in "LNS" and not jamo:
        return STYLED
    if category[0] == "L" or category == "Nd":
        if _RECOMMENDED.contains(ch) or jamo:
            return None
        return STYLED if category == "Nd" else SYMBOL
    if category[0] == "P" or _INCLUSION.contains(ch):
        return None
    return SYMBOL


def _is_mark(ch: str) -> bool:
    """Whether ch is a combining mark."""
    return unicodedata.category(ch) in ("Mn", "Mc", "Me")


def _mark_problems(text: str) -> list[Character]:
    """Marks on anything but a Latin letter, more than MAX_MARKS on one letter, or one
    mark twice: counted in NFD, where every accent is a mark of its own."""
    found = []
    base, marks = "", []
    for ch in unicodedata.normalize("NFD", text):
        if not _is_mark(ch):
            base, marks = ch, []
            continue
        marks.append(ch)
        latin = bool(base) and base.isalpha() and script_of(base).getShortName() == "Latn"
        if not latin or len(marks) > MAX_MARKS or marks.count(ch) > 1:
            found.append(describe(ch, MARKS))
    return found


def name_problems(text: str) -> list[Character]:
    """The characters that may not stand in a pen name, each once, in order."""
    found: dict[tuple[str, str], Character] = {}
    for ch in unicodedata.normalize("NFC", text):
        reason = None if _is_mark(ch) else _plain_reason(ch)
        if reason is not None:
            found.setdefault((reason, ch), describe(ch, reason))
    for problem in _mark_problems(text):
        found.setdefault((problem.reason, problem.char), problem)
    return list(found.values())


def has_bidi_control(text: str) -> bool:
    """Whether text holds a character that reorders what follows it on screen."""
    return any(_BIDI.contains(ch) for ch in text)


def unexpected_characters(text: str) -> list[tuple[int, Character]]:
    """(index, Character) for each character of a text that a name check must show: from a
    script other than Latin or Hangul, invisible, reordering, unassigned or private use."""
    found = []
    for index, ch in enumerate(text):
        if ch.isascii() or hangul.is_hangul(ch) or ch in _TEXT_CONTROLS:
            continue
        reason = _text_reason(ch)
        if reason is not None:
            found.append((index, describe(ch, reason)))
    return found


@functools.lru_cache(maxsize=4096)
def _text_reason(ch: str) -> str | None:
    """Why ch is unexpected in an essay's text (None when it is not)."""
    if _BIDI.contains(ch):
        return BIDI
    if _UNASSIGNED.contains(ch) or unicodedata.category(ch) in ("Cs", "Co", "Cn"):
        return UNASSIGNED
    if _INVISIBLE.contains(ch) and unicodedata.category(ch) != "Zs":
        return INVISIBLE
    if script_of(ch).getShortName() not in NAME_SCRIPTS:
        return SCRIPT
    return None
