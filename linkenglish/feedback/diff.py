"""A word-level diff of two texts, as escaped HTML for a side-by-side view.

Every piece of text goes through markupsafe's escape before it is wrapped in <ins> or
<del>, so whatever a version holds (HTML included) shows as text.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from flask_babel import gettext as _
from markupsafe import Markup, escape

# Words with their punctuation, and runs of whitespace (newlines kept) as tokens of their own.
TOKEN = re.compile(r"\s+|\S+")
MARKS = {
    "del": Markup('<del><span class="visually-hidden">{} </span>{}</del>'),
    "ins": Markup('<ins><span class="visually-hidden">{} </span>{}</ins>'),
}


def tokens(text: str) -> list[str]:
    """Split a text into word and whitespace tokens; joined, they give the text back."""
    return TOKEN.findall(text or "")


@dataclass(frozen=True)
class Diff:
    """Both sides of a diff as HTML, and how many words each side changed."""

    before: Markup
    after: Markup
    deleted: int
    inserted: int


def marked(tag: str, label: str, words: list[str]) -> Markup:
    """Wrap changed words in <ins> or <del>, with a hidden word for screen readers."""
    return MARKS[tag].format(label, "".join(words))


def count_words(words: list[str]) -> int:
    """Count the word tokens (not whitespace) in a run."""
    return sum(1 for word in words if not word.isspace())


def word_diff(before: str, after: str) -> Diff:
    """Compare two texts word by word: deleted words marked on the left, inserted on the right."""
    old, new = tokens(before), tokens(after)
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    left, right = [], []
    deleted = inserted = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append(escape("".join(old[i1:i2])))
            right.append(escape("".join(new[j1:j2])))
            continue
        if i2 > i1:
            left.append(marked("del", _("deleted:"), old[i1:i2]))
            deleted += count_words(old[i1:i2])
        if j2 > j1:
            right.append(marked("ins", _("inserted:"), new[j1:j2]))
            inserted += count_words(new[j1:j2])
    return Diff(
        before=Markup("").join(left),
        after=Markup("").join(right),
        deleted=deleted,
        inserted=inserted,
    )
