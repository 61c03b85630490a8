"""Hostile pen names, tried against one participant (tests/test_lookalike.py).

The participant: legal name 김하늘, preferred name Haneul, sensitive terms 회령 (Hoeryong)
and Ok-sun. Each row: the pen name, what it tries, and the reasons it must be refused for
(the reason of each refused character, then the needles it carries). Invisible characters
are written as escapes so that a reader sees them.
"""

PARTICIPANT = {
    "legal_name": "김하늘",
    "preferred_name": "Haneul",
    "sensitive_terms": ["회령", "Ok-sun"],
}
NAMES = {"legal_name", "preferred_name"}
TERM = {"sensitive_term"}

HOSTILE = [
    # Cyrillic and Greek look-alikes, in each position of the preferred name.
    ("\u041daneul", "Cyrillic Н first", {"script"} | NAMES),
    ("H\u0430neul", "Cyrillic а second (the issue's case)", {"script"} | NAMES),
    ("Ha\u03b7eul", "Greek η third", {"script"} | NAMES),
    ("Han\u0435ul", "Cyrillic е fourth", {"script"} | NAMES),
    ("Hane\u03c5l", "Greek υ fifth", {"script"} | NAMES),
    ("Haneu\u0399", "Greek capital Ι last", {"script"} | NAMES),
    ("\u0397\u03b1neul", "Greek Η and α", {"script"} | NAMES),
    ("H\u0430n\u0435ul", "two Cyrillic letters", {"script"} | NAMES),
    # Case, and the digit/letter swaps the skeleton makes (0/O, 1/l) or leaves alone.
    ("HANEUL", "upper case", NAMES),
    ("HaneuI", "capital I for l", NAMES),
    ("Haneu1", "digit 1 for l", NAMES),
    ("Haneu|", "bar for l", {"symbol"} | NAMES),
    ("H4neul", "digit 4 for a", NAMES),
    ("Han3ul", "digit 3 for e", NAMES),
    ("HAN3UL", "digit 3 for E", NAMES),
    # Direction overrides and isolates: "luenaH" shown as "Haneul".
    ("\u202eluenaH", "right-to-left override", {"bidi"} | NAMES),
    ("\u2067luenaH\u2069", "right-to-left isolate", {"bidi"} | NAMES),
    ("Ha\u200fneul", "right-to-left mark", {"bidi"} | NAMES),
    # Invisible characters between letters.
    ("H\u200daneul", "zero-width joiner", {"invisible"} | NAMES),
    ("Ha\u200bneul", "zero-width space", {"invisible"} | NAMES),
    ("Hane\u2060ul", "word joiner", {"invisible"} | NAMES),
    ("Haneul\u00ad", "soft hyphen", {"invisible"} | NAMES),
    ("\u3164Haneul", "Hangul filler", {"invisible"} | NAMES),
    # Combining marks stacked beyond what Latin needs, or on Hangul.
    ("Ha\u0301\u0302\u0303neul", "three accents on one letter", {"marks"} | NAMES),
    ("Hane\u0308\u0308ul", "one accent twice", {"marks"} | NAMES),
    ("하\u0301늘", "an accent on Hangul", {"marks"} | NAMES),
    # Fullwidth and mathematical letters.
    ("\uff28\uff41\uff4e\uff45\uff55\uff4c", "fullwidth", {"styled"} | NAMES),
    (
        "\U0001d407\U0001d41a\U0001d427\U0001d41e\U0001d42e\U0001d425",
        "math bold",
        {"styled"} | NAMES,
    ),
    ("\U0001d4d7aneul", "math script H", {"styled"} | NAMES),
    # Spaces and punctuation between syllables; Hangul with and without spaces.
    ("Ha neul", "space between syllables", NAMES),
    ("Ha-neul", "hyphen between syllables", NAMES),
    ("Ha.Ne.Ul", "dots between syllables", NAMES),
    ("하 늘", "space between Hangul syllables", NAMES),
    ("Sky 하늘", "the Hangul name", NAMES),
    # Unassigned, private use and symbols.
    ("Hane\ue000ul", "private use", {"unassigned"} | NAMES),
    ("Haneul \u2605", "a symbol", {"symbol"} | NAMES),
    ("Ha\x00neul", "a NUL control character", {"invisible"} | NAMES),
    ("Jane\ud800", "a lone surrogate", {"unassigned"}),
    ("Jane \u0414", "a Cyrillic letter that resembles nothing", {"script"}),
    # The same for the sensitive terms.
    ("H\u043eeryong", "Cyrillic о in a sensitive term", {"script"} | TERM),
    ("H0ery0ng", "zeros for o", TERM),
    ("HOERY0NG", "upper case and a zero", TERM),
    ("Hoe-ryong", "hyphen between syllables", TERM),
    ("회 령", "space between Hangul syllables", TERM),
    ("\u039fk-sun", "Greek Ο", {"script"} | TERM),
    ("0k-5un", "zero for O, five for s", TERM),
    ("Ok\u200bsun", "zero-width space", {"invisible"} | TERM),
    ("\u202enus-kO", "right-to-left override", {"bidi"} | TERM),
]

# Honest pen names that only look close by accident.
HONEST = [
    "Hannah",
    "Manuel",
    "Hana Sky",
    "Morning Star",
    "Kimberly",
    "Sunny Ok",
    "새벽별",
    "새벽 Star",
    "Zoë",
    "Nguyễn Lan",
    "O'Brien",
    "Jean-Luc",
    "Agent 007",
]
