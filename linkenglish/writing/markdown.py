"""The one way essay text becomes HTML: a small Markdown subset, then an allow-list."""

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# Paragraphs, emphasis, lists and quotes; raw HTML, links and images are not parsed at all.
_parser = MarkdownIt("zero", {"html": False, "breaks": True, "linkify": False}).enable(
    ["emphasis", "list", "blockquote", "newline", "escape"]
)
# Whatever the parser lets through, nh3 keeps only these tags, with no attributes.
ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "blockquote", "br"}


def render_essay(text: str) -> Markup:
    """Render essay text as safe HTML."""
    html = _parser.render(text or "")
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes={}, url_schemes=set()))  # noqa: S704
