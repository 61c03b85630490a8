"""The identity check: pen names that carry a participant's identity are refused, and names,
sensitive terms and North Korean places are found in essay text."""

import itertools

import pytest

from linkenglish.consent.matching import (
    Needle,
    PenNameProblem,
    _place_line_needle,
    normalize,
    pen_name_problems,
    person_needles,
    place_needles,
)
from linkenglish.consent.text_hits import Hit, Segment, highlight, identity_hits


def problems(pen_name: str, legal: str | None = None, preferred: str | None = None, terms=()):
    """The problems of pen_name for a participant with these names and terms."""
    return pen_name_problems(
        pen_name, legal_name=legal, preferred_name=preferred, sensitive_terms=list(terms)
    )


def kinds(pen_name: str, **person) -> set[str]:
    """The kinds of problem pen_name has."""
    return {problem.kind for problem in problems(pen_name, **person)}


def needles(legal=None, preferred=None, terms=(), places=False) -> list[Needle]:
    """Person needles, plus the place needles when places is set."""
    found = person_needles(legal_name=legal, preferred_name=preferred, sensitive_terms=terms)
    return found + place_needles() if places else found


def visible(text: str, hits: list[Hit]) -> list[tuple[str, str]]:
    """Each hit as (the original text it covers, its kind)."""
    return [(text[hit.start : hit.end], hit.kind) for hit in hits]


# --- normalize ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kim Chul-soo", "kimchulsoo"),
        ("  MINA. ", "mina"),
        ("Ｋｉｍ", "kim"),  # full-width letters fold to ASCII
        ("Straße", "strasse"),
        ("김 철수!", "김철수"),
        ("P'yŏngyang", "pyŏngyang"),
        ("Agent 007", "agent007"),
        ("—…!?", ""),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


# --- pen names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pen_name",
    ["Kim Cheolsu", "Cheolsu", "철수", "Gim Cheol-su", "Jane Kim", "김철수", "Chulsoo", "김"],
)
def test_pen_name_refused_for_hangul_legal_name(pen_name):
    assert problems(pen_name, legal="김철수") == [PenNameProblem("legal_name", "김철수")]


def test_surname_spelling_refused_for_hangul_legal_name():
    assert kinds("Rhee", legal="이민지") == {"legal_name"}
    assert kinds("Yi", legal="이민지") == {"legal_name"}
    assert kinds("Lee", legal="이민지") == {"legal_name"}


@pytest.mark.parametrize("pen_name", ["Bak Jiwoo", "jiwoo!", "Park", "박", "박지우", "지우"])
def test_pen_name_refused_for_latin_legal_name(pen_name):
    assert kinds(pen_name, legal="Park Ji-woo") == {"legal_name"}


@pytest.mark.parametrize("pen_name", ["Yi Minji", "Minji", "Rhee", "Minji Lee", "리", "이슬"])
def test_pen_name_refused_for_latin_legal_name_with_hyphen(pen_name):
    assert kinds(pen_name, legal="Lee Min-ji") == {"legal_name"}


@pytest.mark.parametrize("pen_name", ["Hoeryeong Girl", "회령의 딸", "Hoeryŏng", "hoeryong"])
def test_pen_name_refused_for_sensitive_term(pen_name):
    assert problems(pen_name, terms=["회령"]) == [PenNameProblem("sensitive_term", "회령")]


def test_pen_name_refused_for_preferred_name():
    assert problems("MINA.", preferred="Mina") == [PenNameProblem("preferred_name", "Mina")]


def test_one_problem_per_matching_needle():
    found = problems("Mina Lee of Hoeryong", legal="이민지", preferred="Mina", terms=["회령"])
    assert found == [
        PenNameProblem("legal_name", "이민지"),
        PenNameProblem("preferred_name", "Mina"),
        PenNameProblem("sensitive_term", "회령"),
    ]


@pytest.mark.parametrize("pen_name", ["Jane", "Morning Star", "Sleepy", "Kimberly", "새벽별"])
def test_unrelated_pen_name_accepted(pen_name):
    assert problems(pen_name, legal="이민지", preferred="Mina", terms=["회령"]) == []


def test_one_syllable_surname_only_refused_as_a_whole_word():
    assert problems("Sleepy", legal="Lee Min-ji") == []
    assert problems("Kimberly", legal="김철수") == []
    assert kinds("Kim Berly", legal="김철수") == {"legal_name"}


def test_final_silent_e_makes_one_syllable():
    assert problems("Janet", preferred="Jane") == []
    assert kinds("Jane Doe", preferred="Jane") == {"preferred_name"}


def test_long_hangul_term_is_refused_in_revised_romanization():
    # Too many old-style spellings to list: only the Revised Romanization is kept.
    term = "청진시 수남구역"
    assert kinds("Cheongjinsi Sunam-guyeok", terms=[term]) == {"sensitive_term"}


@pytest.mark.parametrize("pen_name", ["", "   ", "!?…"])
def test_empty_pen_name(pen_name):
    assert problems(pen_name, legal="김철수") == [PenNameProblem("empty", "")]


def test_places_are_not_checked_in_pen_names():
    assert problems("Chongjin Poet", legal="김철수") == []


def test_no_person_data_accepts_any_pen_name():
    assert problems("Kim Cheolsu") == []


# --- needles -----------------------------------------------------------------------------


def test_hangul_name_forms():
    (legal,) = needles(legal="김철수")
    assert {"김철수", "철수", "gimcheolsu", "kimcheolsu", "cheolsu"} <= legal.forms
    assert {"김", "kim", "gim"} <= legal.word_forms
    assert not legal.forms & legal.word_forms


def test_four_syllable_name_with_two_syllable_surname():
    (legal,) = needles(legal="남궁민수")
    assert {"남궁", "namgung", "민수", "minsu"} <= legal.forms


def test_hyphenated_latin_name_parts():
    (legal,) = needles(legal="Kim Chul-soo")
    assert {"kimchulsoo", "chulsoo"} <= legal.forms
    assert {"kim", "gim", "김", "chul", "soo"} <= legal.word_forms


def test_single_letters_are_dropped():
    (legal,) = needles(legal="Oh J. Min-ji")
    assert "j" not in legal.forms | legal.word_forms
    assert "o" not in legal.forms | legal.word_forms
    assert "oh" in legal.word_forms


def test_one_syllable_sensitive_term_is_word_only():
    (term,) = needles(terms=["Dong"])
    assert term.word_forms == {"dong"}
    assert term.forms == frozenset()


def test_place_list():
    places = {needle.label: needle for needle in place_needles()}
    assert len(places) >= 80
    for province in ["North Pyongan", "South Pyongan", "Chagang", "Ryanggang", "North Hamgyong",
                     "South Hamgyong", "North Hwanghae", "South Hwanghae", "Kangwon"]:  # fmt: skip
        assert province in places
    assert {"청진", "chongjin", "cheongjin"} <= places["Chongjin"].forms
    assert "hoeryeong" in places["Hoeryong"].forms  # the Romanizer's spelling, added
    assert "hoeryong" in places["Hoeryong"].forms  # Hoeryŏng without its breve
    assert all(needle.kind == "place" for needle in places.values())


def test_short_one_syllable_place_spelling_is_skipped():
    (needle,) = [_place_line_needle("고원|Ko|Kowon|Kang")]
    assert needle.label == "Ko"
    assert "ko" not in needle.forms | needle.word_forms
    assert needle.word_forms == {"kang"}
    assert {"kowon", "고원", "gowon"} <= needle.forms


def test_place_needles_are_cached():
    assert place_needles() is place_needles()


# --- text --------------------------------------------------------------------------------


def test_hangul_term_with_particle():
    text = "저는 회령에서 자랐어요."
    hits = identity_hits(text, needles(terms=["회령"], places=True))
    assert visible(text, hits) == [("회령", "sensitive_term")]


def test_hangul_term_romanized_in_english_text():
    text = "I grew up in Hoeryeong."
    hits = identity_hits(text, needles(terms=["회령"]))
    assert visible(text, hits) == [("Hoeryeong", "sensitive_term")]
    assert (hits[0].start, hits[0].end) == (13, 22)


def test_place_in_mccune_reischauer_and_hangul():
    text = "My aunt lived in Chongjin's port; 청진은 추웠다. P'yŏngyang was far."
    hits = identity_hits(text, needles(places=True))
    assert visible(text, hits) == [
        ("Chongjin", "place"),
        ("청진", "place"),
        ("P'yŏngyang", "place"),
    ]
    assert all(hit.warning_only for hit in hits)
    assert [hit.label for hit in hits] == ["Chongjin", "Chongjin", "Pyongyang"]


def test_legal_name_split_by_space_and_hyphen():
    text = "Everyone called me Kim Cheol-su back then."
    hits = identity_hits(text, needles(legal="김철수"))
    assert visible(text, hits) == [("Kim Cheol-su", "legal_name")]
    assert not hits[0].warning_only


def test_latin_legal_name_in_text():
    text = "Park Ji-woo wrote this; ask Jiwoo."
    hits = identity_hits(text, needles(legal="Park Ji-woo"))
    assert visible(text, hits) == [("Park Ji-woo", "legal_name"), ("Jiwoo", "legal_name")]


@pytest.mark.parametrize(
    ("legal", "text"),
    [
        ("Lee Min-ji", "I could not sleep."),
        ("김민지", "김치를 먹었다."),
        ("Kim Chul-soo", "Kimberly is my teacher."),
        ("Kim Chul-soo", "Akim came too."),
        ("김철수", "강철수"),
    ],
)
def test_no_hit_inside_another_word(legal, text):
    assert identity_hits(text, needles(legal=legal)) == []


def test_surname_alone_as_a_word_is_found():
    text = "Ms. Lee's class, and Mr. Yi."
    hits = identity_hits(text, needles(legal="Lee Min-ji"))
    assert visible(text, hits) == [("Lee", "legal_name"), ("Yi", "legal_name")]


def test_one_syllable_hangul_surname_alone_is_not_flagged_in_text():
    assert identity_hits("김 선생님이 왔다.", needles(legal="김철수")) == []


def test_everyday_words_are_not_flagged_as_surnames():
    text = "Oh, an apple."
    assert identity_hits(text, needles(legal="안민지", preferred="Oh Mina")) == []


def test_person_hit_beats_place_on_the_same_span():
    text = "Hoeryong"
    hits = identity_hits(text, needles(terms=["Hoeryong"], places=True))
    assert [(hit.kind, hit.warning_only) for hit in hits] == [("sensitive_term", False)]


def test_longest_hit_wins_and_hits_do_not_overlap():
    text = "Kim Chul-soo, Chul-soo, Kim and Chul met in North Hamgyong."
    hits = identity_hits(text, needles(legal="Kim Chul-soo", places=True))
    assert visible(text, hits) == [
        ("Kim Chul-soo", "legal_name"),
        ("Chul-soo", "legal_name"),
        ("Kim", "legal_name"),
        ("Chul", "legal_name"),
        ("North Hamgyong", "place"),
    ]
    for before, after in itertools.pairwise(hits):
        assert before.end <= after.start


def test_offsets_after_characters_that_change_length():
    text = "Ｋｉｍ ﬁne, then Straße and Hoeryŏng."
    hits = identity_hits(text, needles(legal="김철수", terms=["회령"]))
    assert visible(text, hits) == [("Ｋｉｍ", "legal_name"), ("Hoeryŏng", "sensitive_term")]


def test_decomposed_diacritics_map_back_to_the_whole_word():
    text = "Hoeryo\u0306ng, Minji\u0301."
    hits = identity_hits(text, needles(legal="Lee Min-ji", terms=["회령"]))
    assert visible(text, hits) == [
        ("Hoeryo\u0306ng", "sensitive_term"),
        ("Minji\u0301", "legal_name"),
    ]


def test_no_hit_inside_a_ligature():
    assert identity_hits("They had to \ufb02ee.", needles(legal="Lee Min-ji")) == []


def test_word_only_form_does_not_span_a_space():
    assert identity_hits("Ki m", needles(legal="Kim Chul-soo")) == []
    assert visible("Kim", identity_hits("Kim", needles(legal="Kim Chul-soo"))) == [
        ("Kim", "legal_name")
    ]


def test_no_needles_no_hits():
    assert identity_hits("Kim Cheol-su from Chongjin", []) == []


# --- highlight ---------------------------------------------------------------------------


def test_highlight_splits_the_whole_text():
    text = "Kim Cheol-su grew up in 회령에서, near Chongjin."
    hits = identity_hits(text, needles(legal="김철수", terms=["회령"], places=True))
    segments = highlight(text, hits)
    assert "".join(segment.text for segment in segments) == text
    marked = [segment.text for segment in segments if segment.hit]
    assert marked == ["Kim Cheol-su", "회령", "Chongjin"]
    assert [segment.hit for segment in segments if segment.hit] == hits
    assert segments[1] == Segment(" grew up in ", None)


def test_highlight_without_hits_and_of_empty_text():
    assert highlight("Nothing here.", []) == [Segment("Nothing here.", None)]
    assert highlight("", []) == []


def test_highlight_skips_overlapping_hits():
    text = "abcdef"
    first, overlapping = Hit(0, 4, "place", "A"), Hit(2, 6, "place", "B")
    segments = highlight(text, [overlapping, first])
    assert segments == [Segment("abcd", first), Segment("ef", None)]
