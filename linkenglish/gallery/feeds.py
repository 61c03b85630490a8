"""The gallery for machines: an Atom 1.0 feed (RFC 4287), a sitemap and robots.txt.

The XML is built with ElementTree, which escapes every value. An entry carries what the
essay page shows and nothing more: title, pen name (as author/name only: no e-mail, no
uri), the excerpt and the sanitised HTML of the text, and the month of publication: the
public sees the month only (PRODUCT.md, "Who may see what"), so entry dates and lastmod are
the first moment of that month in the program's time zone. Entry ids are the essay's address,
which holds only the random slug.
"""

import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, tzinfo
from xml.etree.ElementTree import Element, SubElement, tostring

from linkenglish.consent.selectors import PublicEssay
from linkenglish.gallery.queries import excerpt
from linkenglish.writing.markdown import render_essay

ATOM = "http://www.w3.org/2005/Atom"
SITEMAPS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8"
SITEMAP_CONTENT_TYPE = "application/xml; charset=utf-8"
# Characters XML 1.0 cannot hold at all (ElementTree would write them and break the file).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """Drop the characters XML 1.0 does not allow."""
    return NOT_XML.sub("", value)


def w3c_time(moment: datetime) -> str:
    """A timestamp as RFC 3339 / W3C Datetime: 2026-11-01T00:00:00+09:00."""
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def month_start(moment: datetime, zone: tzinfo) -> datetime:
    """The first moment of the month of moment, in zone: all the public learns of a date."""
    local = moment.astimezone(zone)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def text_element(parent: Element, tag: str, text: str, **attributes) -> Element:
    """Append <tag> holding text."""
    element = SubElement(parent, tag, attributes)
    element.text = xml_text(text)
    return element


def atom_entry(feed: Element, essay: PublicEssay, url: str, anonymous: str, zone: tzinfo):
    """Append one essay as an Atom entry."""
    entry = SubElement(feed, "entry", {XML_LANG: "en"})
    text_element(entry, "id", url)
    text_element(entry, "title", essay.title, type="text")
    SubElement(entry, "link", rel="alternate", type="text/html", href=url)
    month = w3c_time(month_start(essay.published_at, zone))
    text_element(entry, "published", month)
    text_element(entry, "updated", month)
    author = SubElement(entry, "author")
    text_element(author, "name", essay.pen_name or anonymous)
    text_element(entry, "summary", excerpt(essay.body), type="text")
    text_element(entry, "content", str(render_essay(essay.body)), type="html")


def atom_feed(
    essays: Iterable[PublicEssay],
    *,
    title: str,
    subtitle: str,
    anonymous: str,
    feed_url: str,
    gallery_url: str,
    essay_url: Callable[[str], str],
    language: str,
    zone: tzinfo,
    now: datetime,
) -> bytes:
    """The feed document, newest essays first. It is built afresh for every request and a
    withdrawal changes it without a public date, so it says it was updated now."""
    feed = Element("feed", {"xmlns": ATOM, XML_LANG: language})
    text_element(feed, "id", gallery_url)
    text_element(feed, "title", title, type="text")
    text_element(feed, "subtitle", subtitle, type="text")
    text_element(feed, "updated", w3c_time(now.astimezone(UTC).replace(microsecond=0)))
    SubElement(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    SubElement(feed, "link", rel="alternate", type="text/html", href=gallery_url)
    for essay in essays:
        atom_entry(feed, essay, essay_url(essay.slug), anonymous, zone)
    return tostring(feed, encoding="utf-8", xml_declaration=True)


def sitemap(
    entries: list[tuple[str, datetime]],
    *,
    gallery_url: str,
    essay_url: Callable[[str], str],
    zone: tzinfo,
) -> bytes:
    """The sitemaps.org document: the gallery, then every live essay (slug, publication time,
    newest first), each with lastmod: the month of publication, the gallery's newest one."""
    urlset = Element("urlset", {"xmlns": SITEMAPS})
    index = SubElement(urlset, "url")
    text_element(index, "loc", gallery_url)
    if entries:
        text_element(index, "lastmod", w3c_time(month_start(entries[0][1], zone)))
    for slug, published_at in entries:
        url = SubElement(urlset, "url")
        text_element(url, "loc", essay_url(slug))
        text_element(url, "lastmod", w3c_time(month_start(published_at, zone)))
    return tostring(urlset, encoding="utf-8", xml_declaration=True)


def robots(*, allowed: Iterable[str], sitemap_url: str) -> str:
    """robots.txt: the public paths may be crawled, nothing else (RFC 9309: the longest
    matching rule wins, so these Allow lines beat "Disallow: /")."""
    lines = ["User-agent: *", *(f"Allow: {path}" for path in allowed), "Disallow: /", ""]
    lines.append(f"Sitemap: {sitemap_url}")
    return "\n".join(lines) + "\n"
