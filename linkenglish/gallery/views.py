"""The public gallery: essays published with consent under a pen name, for anyone.

No sign-in, and nothing about an author beyond what they chose to publish: title, text, pen
name, author note, program and month. Addresses carry the random slug only; the "older" link
carries a sealed cursor. What is public is decided in consent.services on every request, so
a withdrawal holds on the very next one.
"""

import re
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton
from flask import (
    Blueprint,
    Response,
    current_app,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, to_user_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from linkenglish.consent.selectors import publication_by_slug
from linkenglish.gallery import feeds
from linkenglish.gallery.queries import (
    CursorRefused,
    excerpt,
    gallery_page,
    latest,
    neighbours,
    sitemap_entries,
)
from linkenglish.models import ProgramCode
from linkenglish.models.base import utcnow
from linkenglish.writing.markdown import render_essay

bp = Blueprint("gallery", __name__)

# consent.services.new_slug: 16 random bytes in lower-case base32, without padding.
SLUG = re.compile(r"[a-z2-7]{26}")
PROGRAM_SHORT = {ProgramCode.LELP: _l("LELP"), ProgramCode.LIEP: _l("LIEP")}
PROGRAM_NAMES = {
    ProgramCode.LELP: _l("LiNK English Language Program"),
    ProgramCode.LIEP: _l("LiNK Intensive English Program"),
}


def publication_month(moment) -> str:
    """The month of publication, the only date the public sees: "November 2026" (a skeleton,
    not the pattern "MMMM y", so Korean reads "2026년 11월")."""
    return format_skeleton("yMMMM", to_user_timezone(moment), locale=get_locale())


@bp.context_processor
def gallery_helpers() -> dict:
    """Give the gallery templates their labels and formatters."""
    return {
        "program_short": lambda code: PROGRAM_SHORT[ProgramCode(code)],
        "program_name": lambda code: PROGRAM_NAMES[ProgramCode(code)],
        "publication_month": publication_month,
        "excerpt": excerpt,
    }


def missing():
    """The gallery's own 404: nothing at this address."""
    response = make_response(render_template("gallery/missing.html"), 404)
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def gone():
    """The gallery's own 410: this essay was public once and its author or the program
    took it down. It says nothing else about the essay, not even its title."""
    response = make_response(render_template("gallery/gone.html"), 410)
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def program_zone() -> ZoneInfo:
    """The programs' time zone, in which a publication's month is counted."""
    return ZoneInfo(current_app.config["APP_TIMEZONE"])


def essay_url(slug: str) -> str:
    """The absolute address of an essay."""
    return url_for("gallery.essay", slug=slug, _external=True)


@bp.route("/gallery/")
def index():
    """List the live essays, newest first, twelve to a page; filter by program."""
    program = request.args.get("program") or None
    if program is not None and program not in {code.value for code in ProgramCode}:
        return missing()
    cursor = request.args.get("after") or None
    try:
        page = gallery_page(program=program and ProgramCode(program), cursor=cursor)
    except CursorRefused:
        return missing()
    return render_template("gallery/index.html", page=page, program=program, paged=bool(cursor))


@bp.route("/essays/<slug>")
def essay(slug: str):
    """Show one published essay; 410 once it is taken down, 404 if it never was."""
    if not SLUG.fullmatch(slug):
        return missing()
    state, shown = publication_by_slug(slug)
    if state == "gone":
        return gone()
    if shown is None:
        return missing()
    newer, older = neighbours(slug)
    page = render_template(
        "gallery/essay.html",
        essay=shown,
        html=render_essay(shown.body),
        summary=excerpt(shown.body),
        newer=newer,
        older=older,
    )
    response = make_response(page)
    # Readers may keep a copy for the page's life only: a withdrawal holds on the next
    # request, and search engines show no cached copy.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Robots-Tag"] = "noarchive"
    return response


@bp.route("/gallery/feed.atom")
def feed():
    """Offer the twenty newest essays as an Atom feed."""
    body = feeds.atom_feed(
        latest(),
        title=_("LiNK English essays"),
        subtitle=_("Essays by participants of LiNK's English programs, under pen names."),
        anonymous=_("Anonymous"),
        feed_url=url_for("gallery.feed", _external=True),
        gallery_url=url_for("gallery.index", _external=True),
        essay_url=essay_url,
        language=str(get_locale()),
        zone=program_zone(),
        now=utcnow(),
    )
    return Response(body, content_type=feeds.ATOM_CONTENT_TYPE)


@bp.route("/sitemap.xml")
def sitemap():
    """List the gallery and every live essay for search engines."""
    body = feeds.sitemap(
        sitemap_entries(),
        gallery_url=url_for("gallery.index", _external=True),
        essay_url=essay_url,
        zone=program_zone(),
    )
    return Response(body, content_type=feeds.SITEMAP_CONTENT_TYPE)


@bp.route("/robots.txt")
def robots():
    """Let robots read the gallery and nothing else."""
    essays = url_for("gallery.essay", slug="x")[: -len("x")]
    allowed = [
        url_for("gallery.index"),
        essays,
        url_for("gallery.sitemap"),
        url_for("static", filename="css/gallery.css"),
    ]
    text = feeds.robots(allowed=allowed, sitemap_url=url_for("gallery.sitemap", _external=True))
    return Response(text, content_type="text/plain; charset=utf-8")
