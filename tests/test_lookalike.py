"""Unicode security for names (UTS #39): hostile pen names are refused for the right reason,
look-alike keys, and look-alike names and unexpected characters found in essay text."""

import unicodedata

import pytest

from hostile_pen_names import HONEST, HOSTILE, PARTICIPANT
from linkenglish.consent import lookalike
from linkenglish.consent.matching import pen_name_problems, person_needles
from linkenglish.consent.text_hits import identity_hits


def reasons(pen_name: str) -> set[str]:
    """Why pen_name is refused for the table's participant: character reasons and needles."""
    return {
        problem.character.reason if problem.character else problem.kind
        for problem in pen_name_problems(pen_name, **PARTICIPANT)
    }


# --- the table ---------------------------------------------------------------------------


@pytest.mark.parametrize(("pen_name", "tries", "expected"), HOSTILE, ids=[r[1] for r in HOSTILE])
def test_hostile_pen_names_are_refused_for_the_right_reason(pen_name, tries, expected):
    assert reasons(pen_name) == expected, tries


@pytest.mark.parametrize("pen_name", HONEST)
def test_honest_pen_names_that_look_close_by_accident_are_accepted(pen_name):
    assert pen_name_problems(pen_name, **PARTICIPANT) == []


# --- keys -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "alike"),
    [
        ("Haneul", "H\u0430neul", True),  # Cyrillic а
        ("Haneul", "HaneuI", True),  # capital I for l
        ("Haneul", "Haneu1", True),
        ("Haneul", "HANEUL", True),
        ("Haneul", "\uff28\uff41\uff4e\uff45\uff55\uff4c", True),  # fullwidth: NFKC first
        ("Sally", "5ally", True),  # a swap the skeleton leaves alone
        ("Emma", "3mma", True),
        ("Ian", "lan", True),  # l looks like a capital I
        ("Mimi", "Mirni", True),  # rn looks like m
        ("Jane", "Jane.", True),
        ("Jane", "June", False),
        ("Jane", "Janet", False),
        ("하늘", "하늘", True),
        ("하늘", "하늬", False),
    ],
)
def test_look_alike(first, second, alike):
    assert lookalike.look_alike(first, second) is alike
    assert lookalike.look_alike(second, first) is alike


def test_the_key_casefolds_after_the_skeleton():
    # Casefolding first would make "I" an "i", which does not look like "l".
    assert lookalike.name_key("HaneuI") == lookalike.name_key("Haneul") == "haneul"
    assert lookalike.name_key("Haneui") != "haneul"


def test_a_refused_character_is_described_without_echoing_an_invisible_one():
    (override,) = lookalike.name_problems("\u202eluenaH")
    assert override.shown == "U+202E RIGHT-TO-LEFT OVERRIDE"
    assert "\u202e" not in override.shown
    (cyrillic,) = lookalike.name_problems("H\u0430neul")
    assert (cyrillic.shown, cyrillic.script, cyrillic.looks_like, cyrillic.like_script) == (
        "\u0430",
        "Cyrillic",
        "a",
        "Latin",
    )


def test_vietnamese_needs_two_marks_on_one_letter():
    assert lookalike.name_problems(unicodedata.normalize("NFD", "Nguyễn")) == []


# --- essay text -------------------------------------------------------------------------


def needles():
    """The table participant's needles."""
    return person_needles(**PARTICIPANT)


@pytest.mark.parametrize(
    ("text", "found", "note"),
    [
        ("I met H\u0430neul there.", "H\u0430neul", "Cyrillic \u0430"),
        ("I met HaneuI there.", "HaneuI", "LATIN CAPITAL LETTER I"),
        ("I met Haneu1 there.", "Haneu1", "DIGIT ONE"),
        ("I met Ha\u200bneul there.", "Ha\u200bneul", "ZERO WIDTH SPACE"),
        ("Back in H\u043eeryong.", "H\u043eeryong", "Cyrillic \u043e"),
    ],
)
def test_look_alike_names_are_found_in_text_with_what_they_resemble(text, found, note):
    (hit,) = identity_hits(text, needles())
    assert text[hit.start : hit.end] == found
    assert not hit.warning_only
    described = [f"{c.script} {c.char} {c.name}" for c in hit.characters]
    assert any(note in line for line in described), described


def test_an_unexpected_character_outside_any_name_is_a_warning_of_its_own():
    text = "A \u0414 and a \u202e here."
    hits = identity_hits(text, needles())
    assert [(text[hit.start : hit.end], hit.kind, hit.warning_only) for hit in hits] == [
        ("\u0414", "character", True),
        ("\u202e", "character", True),
    ]


def test_plain_text_has_no_character_hits():
    text = "Plain English, “quotes”, 한국어 문장, café, naïve — and 42."
    assert identity_hits(text, needles()) == []


def test_a_long_essay_is_checked_in_one_pass():
    # 60,000 characters: the look-alike stream is built once and needles' keys once.
    import time

    paragraph = "We walked to the river in spring and Haneul sold fish near 회령에서. " * 12
    text = "\n\n".join([paragraph] * 70)
    started = time.perf_counter()
    hits = identity_hits(text, needles())
    assert time.perf_counter() - started < 5
    assert len(hits) == 2 * 12 * 70
