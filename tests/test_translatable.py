"""Every user-facing string in a template goes through _(): no bare text is left over."""

import pathlib
import re

import pytest

from linkenglish import ROOT

TEMPLATES = sorted(pathlib.Path(ROOT, "templates").rglob("*.html"))
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
TAG = re.compile(r"<[^>]*>", re.DOTALL)
WORDS = re.compile(r"[^\W\d_]{2,}")
TEXT_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_no_bare_text_in_templates(path):
    source = path.read_text(encoding="utf-8")
    for value in TEXT_ATTRIBUTES.findall(source):
        assert not WORDS.search(JINJA.sub("", value)), f"{path}: attribute text {value!r}"
    text = TAG.sub(" ", JINJA.sub(" ", source))
    leftovers = [word for word in WORDS.findall(text) if word not in {"nbsp", "middot"}]
    assert leftovers == [], f"{path}: text outside _(): {leftovers[:10]}"


def test_the_check_catches_bare_text():
    source = "<p>Hello {{ _('there') }}</p>"
    assert WORDS.findall(TAG.sub(" ", JINJA.sub(" ", source))) == ["Hello"]
