"""What the public gallery reads: keyset pages, neighbours, the feed and the sitemap.

Every list here is one query whatever the number of publications: keyset pages on
(published_at, id) over the live publications' partial index, never OFFSET and never
COUNT(*). Rows come from consent.services.live_publications(), and a row whose version no
longer holds the consented text is skipped (publication_text_intact). Publication ids stay in
this module: the cursor that carries one to the next page is encrypted and authenticated
(AES-SIV, keyed from SECRET_KEY), so a URL shows nothing readable and a forged one is refused;
what leaves is a PublicEssay (slug, never an id).
"""

import base64
import binascii
import re
import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import Select, literal, select, tuple_

from linkenglish.consent.selectors import (
    PublicEssay,
    live_publications,
    public_essay,
    publication_text_intact,
)
from linkenglish.extensions import db
from linkenglish.models import ProgramCode, Publication
from linkenglish.writing.markdown import render_essay

PAGE_SIZE = 12
FEED_SIZE = 20
# One sitemap file holds at most 50,000 URLs (sitemaps.org); a sitemap index would be next.
SITEMAP_SIZE = 50_000
SITEMAP_BATCH = 500
# Neighbours fetched per direction, so one whose text is no longer intact can be stepped over.
NEIGHBOUR_ROWS = 3
EXCERPT_LENGTH = 200
HEADING_MARK = re.compile(r"^ {0,3}#{1,6}(?=\s|$)", re.MULTILINE)
CURSOR_PURPOSE = b"linkenglish/gallery-cursor/v1"
# A cursor holds the position's microseconds since 1970 and the publication id, sealed.
CURSOR_LAYOUT = struct.Struct(">qq")
CURSOR_MAX_LENGTH = 64
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class CursorRefused(ValueError):
    """A cursor that this app did not make (forged, truncated or from another key)."""


@dataclass(frozen=True)
class GalleryPage:
    """One page of the gallery, and the sealed cursor of the next (None on the last)."""

    essays: list[PublicEssay]
    next_cursor: str | None


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The essay's opening words as plain text, cut at a word, without Markdown marks."""
    # Rendering first, then dropping the tags, removes exactly the marks the essay page
    # interprets (an escaped \* stays a star); it does not parse headings, so their # go first.
    plain = render_essay(HEADING_MARK.sub("", text)).striptags()
    if len(plain) <= length:
        return plain
    cut = plain[: length + 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else plain[:length]
    return cut.rstrip(" ,;:.—–-") + "…"


def cursor_cipher() -> AESSIV:
    """The cipher of gallery cursors, keyed from SECRET_KEY for this purpose only."""
    secret = current_app.config["SECRET_KEY"].encode()
    key = HKDF(algorithm=hashes.SHA256(), length=64, salt=None, info=CURSOR_PURPOSE)
    return AESSIV(key.derive(secret))


def cursor_seal(published_at: datetime, publication_id: int) -> str:
    """An opaque, tamper-proof cursor pointing after this publication. AES-SIV is
    deterministic, so a page always links to the same next address (no crawler trap)."""
    microseconds = (published_at - EPOCH) // timedelta(microseconds=1)
    sealed = cursor_cipher().encrypt(CURSOR_LAYOUT.pack(microseconds, publication_id), None)
    return base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def cursor_open(token: str) -> tuple[datetime, int] | None:
    """The (published_at, id) a cursor points after, or None when it is not one of ours."""
    if len(token) > CURSOR_MAX_LENGTH:
        return None
    try:
        sealed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        microseconds, publication_id = CURSOR_LAYOUT.unpack(cursor_cipher().decrypt(sealed, None))
        return EPOCH + timedelta(microseconds=microseconds), publication_id
    except (binascii.Error, ValueError, struct.error, InvalidTag, OverflowError):
        return None


def position():
    """The keyset columns, as one row value."""
    return tuple_(Publication.published_at, Publication.id)


def at(published_at: datetime, publication_id: int):
    """A keyset position as a row value, typed like the columns."""
    return tuple_(
        literal(published_at, Publication.published_at.type),
        literal(publication_id, Publication.id.type),
    )


def newest_first(query: Select) -> Select:
    """Order live publications newest first."""
    return query.order_by(Publication.published_at.desc(), Publication.id.desc())


def intact(rows) -> list[PublicEssay]:
    """The public fields of the rows whose text is still exactly what was consented to."""
    return [
        public_essay(*row)
        for row in rows
        if publication_text_intact(row.ConsentRecord, row.EssayVersion)
    ]


def gallery_page(*, program: ProgramCode | None = None, cursor: str | None = None) -> GalleryPage:
    """One page of live publications, newest first: one query, whatever the page.

    Raises CursorRefused when the cursor is not one of ours."""
    query = live_publications()
    if program is not None:
        query = query.where(Publication.program == program)
    if cursor is not None:
        after = cursor_open(cursor)
        if after is None:
            raise CursorRefused
        query = query.where(position() < at(*after))
    rows = db.session.execute(newest_first(query).limit(PAGE_SIZE + 1)).all()
    page, more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
    # The cursor follows the last row fetched, shown or not, so no row is skipped or repeated.
    last = page[-1].Publication if page else None
    next_cursor = cursor_seal(last.published_at, last.id) if more else None
    return GalleryPage(essays=intact(page), next_cursor=next_cursor)


def neighbours(slug: str) -> tuple[PublicEssay | None, PublicEssay | None]:
    """The live publications just newer and just older than this one (two queries)."""
    this = select(Publication.published_at, Publication.id).where(Publication.slug == slug)
    this = this.subquery()
    here = tuple_(this.c.published_at, this.c.id)
    newer = live_publications().join(this, position() > here)
    newer = newer.order_by(Publication.published_at, Publication.id)
    older = newest_first(live_publications().join(this, position() < here))
    found = []
    for query in (newer, older):
        essays = intact(db.session.execute(query.limit(NEIGHBOUR_ROWS)).all())
        found.append(essays[0] if essays else None)
    return found[0], found[1]


def latest(limit: int = FEED_SIZE) -> list[PublicEssay]:
    """The newest live publications, for the feed."""
    return intact(db.session.execute(newest_first(live_publications()).limit(limit)).all())


def sitemap_entries() -> list[tuple[str, datetime]]:
    """The slug and publication time of every live publication, newest first: one query,
    streamed in batches, keeping no essay text once its check is done."""
    query = newest_first(live_publications()).limit(SITEMAP_SIZE)
    rows = db.session.execute(query.execution_options(yield_per=SITEMAP_BATCH))
    return [
        (row.Publication.slug, row.Publication.published_at)
        for row in rows
        if publication_text_intact(row.ConsentRecord, row.EssayVersion)
    ]
