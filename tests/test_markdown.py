"""Essay text renders through a small Markdown subset and an allow-list: nothing active."""

import re

import pytest

from linkenglish.writing.markdown import ALLOWED_TAGS, render_essay

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "<a href='javascript:alert(1)'>click</a>",
    "![x](javascript:alert(1))",
    '<svg onload="alert(1)"><script>alert(2)</script></svg>',
    "<div><p onclick='x()'><b><iframe src=//evil.example></iframe></b></p></div>",
    "<style>body{display:none}</style>",
    "*<script>alert(1)</script>*\n\n> <img src=x onerror=alert(1)>",
    "- <svg><a xlink:href='javascript:alert(1)'>x</a></svg>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "`<script>`\n\n    <script>indented</script>",
    "<https://evil.example/>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_inert(text):
    html = str(render_essay(text))
    tags = set(re.findall(r"</?\s*([a-zA-Z][\w:-]*)", html))
    assert tags <= ALLOWED_TAGS, tags
    assert not re.search(r"<[^>]*\s(on\w+|href|src|style)\s*=", html, re.IGNORECASE)
    assert "javascript:" not in html or "<a" not in html


def test_the_subset_renders():
    html = str(render_essay("*one* **two**\n\n- a\n- b\n\n1. c\n\n> quote\nline"))
    for tag in ("<em>one</em>", "<strong>two</strong>", "<ul>", "<ol>", "<li>a</li>",
                "<blockquote>", "<br"):  # fmt: skip
        assert tag in html, tag


def test_empty_and_none_render_empty():
    assert str(render_essay("")) == "" and str(render_essay(None)) == ""


def test_headings_sit_below_the_essay_title():
    html = str(render_essay("# Part one\n\nText\n\n## A detail\n\n###### Deepest\n\n#hashtag"))
    assert "<h2>Part one</h2>" in html and "<h3>A detail</h3>" in html
    assert "<h6>Deepest</h6>" in html
    assert "<h1" not in html
    assert "<p>#hashtag</p>" in html  # no space after #: not a heading


def test_korean_words_are_marked_as_korean():
    text = "My mother called it **고향**, 내 고향.\n\n<span onclick=x>김치</span>"
    html = str(render_essay(text))
    assert '<strong><span lang="ko">고향</span></strong>' in html
    assert '<span lang="ko">내 고향</span>.' in html
    assert '&lt;span onclick=x&gt;<span lang="ko">김치</span>&lt;/span&gt;' in html
    assert str(render_essay("No Korean here.")).strip() == "<p>No Korean here.</p>"
