"""The one way essay text becomes HTML: a small Markdown subset, then an allow-list."""

import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# Paragraphs, emphasis, lists, quotes and headings; raw HTML, links and images are not
# parsed at all.
_parser = MarkdownIt("zero", {"html": False, "breaks": True, "linkify": False}).enable(
    ["emphasis", "list", "blockquote", "newline", "escape", "heading"]
)


def _heading_below_title(renderer, tokens, index, options, env):
    """An essay's "# Heading" sits under the essay's own title: one level down (h1 → h2)."""
    token = tokens[index]
    token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    return renderer.renderToken(tokens, index, options, env)


_parser.add_render_rule("heading_open", _heading_below_title)
_parser.add_render_rule("heading_close", _heading_below_title)

# Whatever the parser lets through, nh3 keeps only these tags, with no attributes.
ALLOWED_TAGS = {
    "p",
    "em",
    "strong",
    "ul",
    "ol",
    "li",
    "blockquote",
    "br",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
}


# Runs of Hangul (syllables and jamo, with the spaces between words of one run). The essays
# are English; Korean words in them are marked so screen readers say them in Korean
# (WCAG 3.1.2). The cleaned HTML has attribute-free ASCII tags only, so this touches text.
HANGUL = r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]"
HANGUL_RUN = re.compile(rf"{HANGUL}+(?:[ \t]+{HANGUL}+)*")


def render_essay(text: str) -> Markup:
    """Render essay text as safe HTML, Korean words marked as Korean."""
    html = _parser.render(text or "")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={}, url_schemes=set())
    return Markup(HANGUL_RUN.sub(r'<span lang="ko">\g<0></span>', clean))  # noqa: S704
