"""The one way essay text becomes HTML: a small Markdown subset, then an allow-list."""

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


def render_essay(text: str) -> Markup:
    """Render essay text as safe HTML."""
    html = _parser.render(text or "")
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes={}, url_schemes=set()))  # noqa: S704
