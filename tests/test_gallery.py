"""The public gallery: pages, feed, sitemap and robots.txt, what a withdrawal does to them,
and a crawl that looks for anything of a participant's identity in what anyone can fetch."""

import base64
import html
import re
import xml.etree.ElementTree as ET
from collections import deque
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest

from linkenglish.consent.services import (
    consent_give,
    consent_withdraw,
    publication_publish,
    publication_take_down,
)
from linkenglish.extensions import db
from linkenglish.models import (
    ConsentRecord,
    Language,
    Participant,
    ProgramCode,
    Publication,
    Role,
    User,
)
from linkenglish.writing.services import essay_create, essay_submit

ATOM = {"a": "http://www.w3.org/2005/Atom"}
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ESSAY_LINK = re.compile(r'href="/essays/([a-z2-7]{26})"')
OLDER_LINK = re.compile(r'<a rel="next" href="([^"]+)"')
NOVEMBER = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)  # midday in Seoul


def publish_many(app, *, by, participant, essays, pen_name="Morning Star"):
    """Publish essays (dicts: title, body, pen_name, author_note, published_at) for one
    participant through the real services, in one app context; return their ids. Another
    author needs another pen_name: two authors may not publish under look-alike names."""
    made = []
    with app.app_context():
        coordinator = db.session.get(User, by.id)
        author = db.session.get(Participant, participant.id)
        for fields in essays:
            essay = essay_create(
                participant=author, by=coordinator, title=fields["title"], body=fields["body"]
            )
            version = essay_submit(essay=essay, by=coordinator)
            consent = consent_give(
                essay=essay, version=version, pen_name=fields.get("pen_name", pen_name),
                author_note=fields.get("author_note"), language=Language.ENGLISH, by=coordinator,
            )  # fmt: skip
            publication = publication_publish(consent=consent, by=coordinator)
            if "published_at" in fields:
                publication.published_at = fields["published_at"]
            db.session.flush()
            made.append(
                SimpleNamespace(
                    title=fields["title"],
                    slug=publication.slug,
                    published_at=publication.published_at,
                    participant_id=author.id,
                    essay_id=essay.id,
                    version_id=version.id,
                    consent_id=consent.id,
                    publication_id=publication.id,
                )
            )
        db.session.commit()
    return made


def withdraw(app, made, by):
    """The author withdraws consent (as the coordinator records it)."""
    with app.app_context():
        consent = db.session.get(ConsentRecord, made.consent_id)
        withdrawal = consent_withdraw(consent=consent, by=db.session.get(User, by.id))
        db.session.commit()
        return withdrawal.id


def take_down(app, made, by):
    """A coordinator takes a publication down."""
    with app.app_context():
        publication_take_down(
            publication=db.session.get(Publication, made.publication_id),
            by=db.session.get(User, by.id),
            reason="asked by the program",
        )
        db.session.commit()


def newest_first(made):
    """The order the gallery lists publications in."""
    return sorted(made, key=lambda m: (m.published_at, m.publication_id), reverse=True)


def series(count, *, ties=1, **fields):
    """Essays numbered from 0, newest first, an hour apart, `ties` at a time sharing one time."""
    return [
        {
            "title": f"Essay number {n}",
            "body": f"Paragraph of essay {n}.",
            "published_at": NOVEMBER - timedelta(hours=n // ties),
            **fields,
        }
        for n in range(count)
    ]


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR)


@pytest.fixture
def author(make_participant):
    return make_participant()


def walk(client, start="/gallery/"):
    """Follow the "older" links from start; return the slugs of each page."""
    pages, url = [], start
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        pages.append(ESSAY_LINK.findall(body))
        older = OLDER_LINK.search(body)
        url = html.unescape(older.group(1)) if older else None
        assert len(pages) < 20
    return pages


# --- the index -------------------------------------------------------------------------


def test_index_lists_essays_newest_first_with_pen_name_month_and_excerpt(
    app, client, coordinator, author
):
    long_body = "I was *born* by a **river**. " + "Every morning I walked to school. " * 20
    made = publish_many(
        app,
        by=coordinator,
        participant=author,
        essays=[
            {"title": "Older Days", "body": "Short.", "published_at": NOVEMBER - timedelta(60)},
            {"title": "A Life With No Exit", "body": long_body, "pen_name": "Jane",
             "published_at": NOVEMBER},
            {"title": "Middle Road", "body": "Middle.", "published_at": NOVEMBER - timedelta(1)},
        ],
    )  # fmt: skip
    response = client.get("/gallery/")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert ESSAY_LINK.findall(body) == [made[1].slug, made[2].slug, made[0].slug]
    assert "by Jane" in body and "November 2026" in body and "September 2026" in body
    assert "LELP" in body and "British Council" in body  # the programs are introduced
    excerpt = html.unescape(re.search(r'<p class="essay-excerpt">([^<]*)</p>', body)[1])
    plain = "I was born by a river. " + "Every morning I walked to school. " * 20
    assert excerpt.endswith("…") and len(excerpt) <= 201
    cut = excerpt[:-1]
    assert plain.startswith(cut) and plain[len(cut)] in " ."  # a whole word, marks gone
    assert 'lang="en"' in body and "<script" not in body
    assert "Set-Cookie" not in response.headers


def test_the_program_filter(app, client, coordinator, make_participant):
    lelp = publish_many(app, by=coordinator, participant=make_participant(),
                        essays=[{"title": "Lelp essay", "body": "One."}])  # fmt: skip
    liep_author = make_participant(program=ProgramCode.LIEP)
    liep = publish_many(app, by=coordinator, participant=liep_author, pen_name="Evening Star",
                        essays=[{"title": "Liep essay", "body": "Two."}])  # fmt: skip
    assert ESSAY_LINK.findall(client.get("/gallery/?program=liep").get_data(as_text=True)) == [
        liep[0].slug
    ]
    assert ESSAY_LINK.findall(client.get("/gallery/?program=lelp").get_data(as_text=True)) == [
        lelp[0].slug
    ]
    assert len(ESSAY_LINK.findall(client.get("/gallery/?program=").get_data(as_text=True))) == 2
    for bad in ("LIEP", "other", "lelp'--", "%00", "x" * 500):
        response = client.get("/gallery/", query_string={"program": bad})
        assert response.status_code == 404
        assert "gallery.css" in response.get_data(as_text=True)


def test_an_empty_gallery(client):
    response = client.get("/gallery/")
    assert response.status_code == 200
    assert "No essays are published here yet." in response.get_data(as_text=True)


# --- pages and cursors -------------------------------------------------------------------


def test_the_cursor_walks_every_essay_once_in_order(app, client, coordinator, author):
    # Five share each time, so a page ends inside a group of equal times.
    made = publish_many(app, by=coordinator, participant=author, essays=series(30, ties=5))
    pages = walk(client)
    assert [len(page) for page in pages] == [12, 12, 6]
    slugs = [slug for page in pages for slug in page]
    assert slugs == [m.slug for m in newest_first(made)]
    # The same page always links to the same next address, which hides where it points.
    first = client.get("/gallery/").get_data(as_text=True)
    again = client.get("/gallery/").get_data(as_text=True)
    older = html.unescape(OLDER_LINK.search(first).group(1))
    assert older == html.unescape(OLDER_LINK.search(again).group(1))
    cursor = dict(parse_qsl(urlsplit(older).query))["after"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{30,64}", cursor)
    sealed = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    last = newest_first(made)[11].publication_id
    assert str(last).encode() not in sealed and last.to_bytes(8, "big") not in sealed
    # Deep pages are not for search engines; the first page is.
    assert 'content="noindex, follow"' in client.get(older).get_data(as_text=True)
    assert "noindex" not in first


def test_the_cursor_keeps_the_program_filter(app, client, coordinator, make_participant):
    publish_many(app, by=coordinator, participant=make_participant(), essays=series(5))
    liep_author = make_participant(program=ProgramCode.LIEP)
    liep = publish_many(
        app, by=coordinator, participant=liep_author, essays=series(14), pen_name="Evening Star"
    )
    pages = walk(client, "/gallery/?program=liep")
    assert [slug for page in pages for slug in page] == [m.slug for m in newest_first(liep)]


def test_a_tampered_cursor_is_a_404_never_a_500(app, client, coordinator, author, other_app):
    publish_many(app, by=coordinator, participant=author, essays=series(13))
    older = html.unescape(OLDER_LINK.search(client.get("/gallery/").get_data(as_text=True))[1])
    cursor = dict(parse_qsl(urlsplit(older).query))["after"]
    flipped = cursor[:10] + ("A" if cursor[10] != "A" else "B") + cursor[11:]
    for bad in (flipped, cursor[:-2], cursor + "AAAA", "1", "x" * 5000, "%ff%fe", "===", "é"):
        response = client.get("/gallery/", query_string={"after": bad})
        assert response.status_code == 404, bad
        assert "gallery.css" in response.get_data(as_text=True)
    # A cursor made with another SECRET_KEY is not ours either.
    assert other_app(SECRET_KEY="another key").test_client().get(older).status_code == 404
    assert client.get(older).status_code == 200


def test_every_gallery_page_runs_a_fixed_number_of_queries(
    app, client, coordinator, author, count_queries
):
    def queries(url):
        client.get(url).close()  # warm: connections and caches
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(statements)

    def every_page(made):
        essay = f"/essays/{newest_first(made)[len(made) // 2].slug}"
        pages = ("/gallery/", "/gallery/?program=lelp", "/gallery/feed.atom", "/sitemap.xml")
        return [queries(url) for url in (*pages, essay)]

    made = publish_many(app, by=coordinator, participant=author, essays=series(3))
    few = every_page(made)
    made += publish_many(app, by=coordinator, participant=author, essays=series(30, ties=2))
    many = every_page(made)
    assert few == many == [1, 1, 1, 1, 3]  # the essay: itself, then newer and older
    older = html.unescape(OLDER_LINK.search(client.get("/gallery/").get_data(as_text=True))[1])
    older = html.unescape(OLDER_LINK.search(client.get(older).get_data(as_text=True))[1])
    assert queries(older) == 1  # a deep page costs what the first does


def test_rows_whose_text_is_no_longer_intact_are_skipped(app, client, coordinator, author):
    from sqlalchemy import update

    from linkenglish.models import EssayVersion

    made = newest_first(publish_many(app, by=coordinator, participant=author, essays=series(14)))
    broken = {made[1].title, made[12].title}
    with app.app_context():
        # The one change a frozen version allows (erasure blanks its text): the stored hash
        # no longer matches, so the essay is shown nowhere.
        db.session.execute(
            update(EssayVersion).where(EssayVersion.title.in_(broken)).values(title="", body="")
        )
        db.session.commit()
    pages = walk(client)
    assert [len(page) for page in pages] == [11, 1]
    assert [slug for page in pages for slug in page] == [
        m.slug for m in made if m.title not in broken
    ]
    assert client.get(f"/essays/{made[1].slug}").status_code == 410
    neighbours = ESSAY_LINK.findall(client.get(f"/essays/{made[0].slug}").get_data(as_text=True))
    assert neighbours == [made[2].slug]  # the older neighbour steps over the broken one
    assert made[1].slug not in client.get("/gallery/feed.atom").get_data(as_text=True)
    assert made[1].slug not in client.get("/sitemap.xml").get_data(as_text=True)


# --- the essay page ----------------------------------------------------------------------


def test_the_essay_page(app, client, coordinator, author):
    made = publish_many(
        app,
        by=coordinator,
        participant=author,
        essays=[{"title": "A Life With No Exit", "body": "I was *born* by a river.\n\n아리랑.",
                 "pen_name": "Jane", "author_note": "I live in Seoul now.",
                 "published_at": NOVEMBER}],
    )[0]  # fmt: skip
    response = client.get(f"/essays/{made.slug}")
    assert response.status_code == 200
    assert response.headers["X-Robots-Tag"] == "noarchive"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in response.headers
    body = response.get_data(as_text=True)
    assert body.count("<h1") == 1 and "<title>A Life With No Exit ·" in body
    assert "by Jane" in body and "November 2026" in body and "LELP" in body
    assert "<em>born</em>" in body and "아리랑." in body and "I live in Seoul now." in body
    assert '<article class="essay" lang="en">' in body
    assert '<html lang="en">' in body
    for meta in (
        '<meta property="og:type" content="article">',
        '<meta property="og:title" content="A Life With No Exit">',
        '<meta property="og:description" content="I was born by a river. 아리랑.">',
        '<meta property="article:author" content="Jane">',
    ):
        assert meta in body
    assert "og:image" not in body and "<script" not in body
    for landmark in ("<header", "<nav", "<main", "<footer", 'class="skip-link"', "/sign-in"):
        assert landmark in body


def test_the_month_is_in_the_program_time_zone_and_the_reader_language(
    app, client, coordinator, author
):
    late_november = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
    essays = [{"title": "New Year", "body": "Snow.", "published_at": late_november}]
    made = publish_many(app, by=coordinator, participant=author, essays=essays)[0]
    body = client.get(f"/essays/{made.slug}").get_data(as_text=True)
    assert "December 2026" in body  # 05:00 on 1 December in Seoul
    korean = client.get(f"/essays/{made.slug}", headers={"Accept-Language": "ko"})
    body = korean.get_data(as_text=True)
    assert '<html lang="ko">' in body and "2026년 12월" in body
    assert '<article class="essay" lang="en">' in body
    feed = client.get("/gallery/feed.atom").get_data(as_text=True)
    assert "<published>2026-12-01T00:00:00+09:00</published>" in feed


def test_neighbour_links(app, client, coordinator, author):
    old, middle, new = publish_many(
        app,
        by=coordinator,
        participant=author,
        essays=[{"title": f"Essay {n}", "body": "Text.", "published_at": NOVEMBER + timedelta(n)}
                for n in range(3)],
    )  # fmt: skip

    def neighbours(made):
        return ESSAY_LINK.findall(client.get(f"/essays/{made.slug}").get_data(as_text=True))

    assert neighbours(middle) == [new.slug, old.slug]
    assert neighbours(new) == [middle.slug]
    assert neighbours(old) == [middle.slug]
    assert 'rel="prev"' in client.get(f"/essays/{old.slug}").get_data(as_text=True)


def test_unknown_and_malformed_slugs_are_404_in_the_gallery_style(client):
    for slug in ("a" * 26, "A" * 26, "a" * 25, "a" * 27, "1" * 26, "abc", "a" * 2000):
        response = client.get(f"/essays/{slug}")
        assert response.status_code == 404, slug
        body = response.get_data(as_text=True)
        assert "gallery.css" in body and "Page not found" in body and slug not in body


def test_a_withdrawal_holds_on_the_next_request_everywhere(app, client, coordinator, author):
    kept, withdrawn, taken_down = publish_many(
        app,
        by=coordinator,
        participant=author,
        essays=[{"title": "Kept Essay", "body": "Stays."},
                {"title": "Withdrawn Essay", "body": "Goes."},
                {"title": "Taken Down Essay", "body": "Goes too."}],
    )  # fmt: skip
    urls = ("/gallery/", "/gallery/feed.atom", "/sitemap.xml", f"/essays/{kept.slug}")
    before = [client.get(url).get_data(as_text=True) for url in urls]
    for gone in (withdrawn, taken_down):
        assert client.get(f"/essays/{gone.slug}").status_code == 200
        assert all(gone.slug in body for body in before[:3])
    withdraw(app, withdrawn, coordinator)
    take_down(app, taken_down, coordinator)
    for url in urls:
        body = client.get(url).get_data(as_text=True)
        assert kept.slug in body
        for gone in (withdrawn, taken_down):
            assert gone.slug not in body and gone.title not in body, url
    for gone in (withdrawn, taken_down):
        response = client.get(f"/essays/{gone.slug}")
        assert response.status_code == 410
        body = response.get_data(as_text=True)
        assert "This essay is no longer published" in body and "gallery.css" in body
        assert gone.title not in body and gone.slug not in body
        assert response.headers["Cache-Control"] == "no-store"


# --- feed, sitemap, robots.txt -----------------------------------------------------------


def test_the_atom_feed(app, client, coordinator, make_participant):
    made = publish_many(
        app,
        by=coordinator,
        participant=make_participant(),
        essays=[*series(22),
                {"title": "Odd <characters> & \x0bcontrols", "body": "A *vertical*\x0b tab.",
                 "pen_name": "Blue Kite", "published_at": NOVEMBER + timedelta(1)}],
    )  # fmt: skip
    withdraw(app, made[1], coordinator)
    response = client.get("/gallery/feed.atom")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.data)  # noqa: S314 (our own output, parsed strictly)
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.findtext("a:id", namespaces=ATOM) == "http://localhost/gallery/"
    assert feed.findtext("a:title", namespaces=ATOM)
    assert datetime.fromisoformat(feed.findtext("a:updated", namespaces=ATOM))
    links = {link.get("rel"): link.get("href") for link in feed.findall("a:link", ATOM)}
    assert links == {
        "self": "http://localhost/gallery/feed.atom",
        "alternate": "http://localhost/gallery/",
    }
    entries = feed.findall("a:entry", ATOM)
    assert len(entries) == 20
    live = [m for m in newest_first(made) if m is not made[1]][:20]
    assert [entry.findtext("a:id", namespaces=ATOM) for entry in entries] == [
        f"http://localhost/essays/{m.slug}" for m in live
    ]
    for entry in entries:
        for required in ("a:id", "a:title", "a:updated", "a:published", "a:author/a:name"):
            assert entry.findtext(required, namespaces=ATOM), required
        assert entry.find("a:author/a:email", ATOM) is None
        assert entry.find("a:author/a:uri", ATOM) is None
        assert [child.tag for child in entry.find("a:author", ATOM)] == [
            "{http://www.w3.org/2005/Atom}name"
        ]
        assert entry.find("a:link", ATOM).get("href") == entry.findtext("a:id", namespaces=ATOM)
        assert entry.find("a:content", ATOM).get("type") == "html"
        assert entry.find("a:summary", ATOM).get("type") == "text"
    odd = entries[0]
    assert odd.findtext("a:title", namespaces=ATOM) == "Odd <characters> & controls"
    assert odd.findtext("a:author/a:name", namespaces=ATOM) == "Blue Kite"
    assert odd.findtext("a:content", namespaces=ATOM) == "<p>A <em>vertical</em> tab.</p>\n"
    # Only the month is public: the first moment of it, in the program's time zone.
    assert odd.findtext("a:published", namespaces=ATOM) == "2026-11-01T00:00:00+09:00"
    assert made[1].slug.encode() not in response.data


def test_the_sitemap(app, client, coordinator, author):
    made = publish_many(app, by=coordinator, participant=author, essays=series(4))
    take_down(app, made[2], coordinator)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/xml")
    urlset = ET.fromstring(response.data)  # noqa: S314 (our own output, parsed strictly)
    assert urlset.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    locations = [url.findtext("s:loc", namespaces=SITEMAP) for url in urlset]
    assert sorted(locations) == sorted(
        ["http://localhost/gallery/"]
        + [f"http://localhost/essays/{m.slug}" for m in made if m is not made[2]]
    )
    for url in urlset:
        assert re.fullmatch(r"2026-11-01T00:00:00\+09:00", url.findtext("s:lastmod", "", SITEMAP))


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.get_data(as_text=True).splitlines()
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    for line in ("User-agent: *", "Allow: /gallery/", "Allow: /essays/", "Disallow: /"):
        assert line in lines


# --- the leak crawl ----------------------------------------------------------------------

LINK_PATTERNS = [
    re.compile(r'(?:href|src|action)="([^"]*)"'),
    re.compile(r'content="(https?://[^"]*)"'),
    re.compile(r"<(?:loc|id)>([^<]*)</(?:loc|id)>"),
    re.compile(r"^(?:Allow|Disallow|Sitemap): (\S+)$", re.MULTILINE),
]
CRAWL_LIMIT = 500


def found_links(body: str) -> list[str]:
    """Every address-like value in a page, feed, sitemap or robots.txt."""
    return [html.unescape(link) for pattern in LINK_PATTERNS for link in pattern.findall(body)]


def same_site(base: str, link: str) -> str | None:
    """The path and query of a link on this host, or None for anything else."""
    parts = urlsplit(urljoin(base, link))
    if parts.scheme not in {"http", "https"} or parts.netloc != "localhost":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def numbers_in(url: str) -> set[str]:
    """Path segments and query values of a URL that are whole numbers."""
    parts = urlsplit(url)
    pieces = parts.path.split("/") + [value for _name, value in parse_qsl(parts.query)]
    return {piece for piece in pieces if piece.isdigit()}


@pytest.fixture
def canary_world(app, make_participant, make_user):
    """Participants whose names, contacts, notes and sensitive terms are canaries; some
    essays published, one withdrawn. Returns what the crawl checks against."""
    people = []
    for n, tag in enumerate(("Alpha", "Bravo", "Charlie", "Delta"), 1):
        people.append(
            make_participant(
                legal_name=f"CanaryLegal{tag}",
                preferred_name=f"CanaryPreferred{tag}",
                email=f"canary.{tag.lower()}@example.org",
                phone=f"010-9999-{n:04d}",
                notes=f"CanaryNote{tag}",
                sensitive_terms=[f"CanaryTerm{tag}"],
                program=ProgramCode.LIEP if tag == "Charlie" else ProgramCode.LELP,
            )
        )
    logins = [
        make_user(Role.PARTICIPANT, email="canary.login@example.org", participant=people[0]),
        make_user(Role.COORDINATOR, email="canary.coordinator@example.org"),
    ]
    coordinator = logins[1]
    published = publish_many(app, by=coordinator, participant=people[0], essays=[
        {"title": "The River in Winter", "body": "Ice *everywhere*.\n\n- cold\n- quiet",
         "pen_name": "Morning Star", "author_note": "Thank you for reading."},
        {"title": "Learning to Swim", "body": "Water again.", "pen_name": "River Stone"},
    ])  # fmt: skip
    withdrawn = publish_many(app, by=coordinator, participant=people[1], essays=[
        {"title": "Lantern Withdrawn Title", "body": "A lantern story.", "pen_name": "Quiet Heron"},
    ])[0]  # fmt: skip
    published += publish_many(app, by=coordinator, participant=people[2], essays=[
        {"title": "Blue Kite", "body": "Flying.", "pen_name": "Paper Crane",
         "author_note": "Written in LIEP."},
    ])  # fmt: skip
    withdrawal_id = withdraw(app, withdrawn, coordinator)
    ids = {withdrawal_id}
    for made in [*published, withdrawn]:
        ids |= {made.essay_id, made.version_id, made.consent_id, made.publication_id}
    ids |= {person.id for person in people} | {login.id for login in logins}
    return SimpleNamespace(
        canaries=["canary", "010-9999-"],
        published=published,
        withdrawn=withdrawn,
        withdrawn_marks=[withdrawn.slug, withdrawn.title, "Quiet Heron", "A lantern story"],
        ids={str(i) for i in ids},
    )


def check_response(world, url, response):
    """Nothing of anyone's identity in body or headers, no number in any address (public
    addresses hold none, so an internal id cannot hide among them), and nothing of the
    withdrawn essay: its slug may only be in the URL that asked for its 410."""
    headers = "\n".join(f"{name}: {value}" for name, value in response.headers.items())
    text = (response.get_data(as_text=True) + "\n" + headers).lower()
    problems = [f"{url}: {canary!r}" for canary in world.canaries if canary in text]
    marks = world.withdrawn_marks
    problems += [f"{url}: withdrawn {mark!r}" for mark in marks if mark.lower() in text]
    for link in [*found_links(text), response.headers.get("Location", ""), url]:
        for number in numbers_in(link):
            kind = "an internal id" if number in world.ids else "a number"
            problems.append(f"{url}: {kind} ({number}) in {link}")
    return problems


def test_the_leak_crawl(app, client, canary_world, other_app):
    world = canary_world
    seeds = ["/gallery/", "/gallery/feed.atom", "/sitemap.xml", "/robots.txt"]
    queue, seen, problems, statuses = deque(seeds), set(seeds), [], {}
    while queue:
        url = queue.popleft()
        response = client.get(url)
        statuses[url] = response.status_code
        problems += check_response(world, url, response)
        links = found_links(response.get_data(as_text=True))
        links += [response.headers["Location"]] if "Location" in response.headers else []
        for link in links:
            target = same_site("http://localhost" + url, link)
            if target is not None and target not in seen and len(seen) < CRAWL_LIMIT:
                seen.add(target)
                queue.append(target)
        response.close()
    essays = {f"/essays/{made.slug}" for made in world.published}
    assert essays <= seen and all(statuses[url] == 200 for url in essays)
    assert {"/sitemap.xml", "/sign-in", "/static/css/gallery.css"} <= seen
    assert len(seen) < CRAWL_LIMIT

    extra = {
        "/gallery/no-such-page": client.get("/gallery/no-such-page"),
        "/essays/" + "b" * 26: client.get("/essays/" + "b" * 26),
        "POST /gallery/": client.post("/gallery/"),
        "/gallery/?after=forged": client.get("/gallery/?after=forged"),
    }
    assert [r.status_code for r in extra.values()] == [404, 404, 405, 404]
    for url, response in extra.items():
        problems += check_response(world, url, response)
    gone = client.get(f"/essays/{world.withdrawn.slug}")
    assert gone.status_code == 410
    problems += check_response(world, "(the withdrawn essay)", gone)

    broken = other_app(PROPAGATE_EXCEPTIONS=False)

    def boom():
        raise RuntimeError("CanaryLegalAlpha canary.alpha@example.org")

    broken.view_functions["gallery.feed"] = boom
    failure = broken.test_client().get("/gallery/feed.atom")
    assert failure.status_code == 500
    assert "Traceback" not in failure.get_data(as_text=True)
    problems += check_response(world, "(a 500)", failure)
    assert problems == []
