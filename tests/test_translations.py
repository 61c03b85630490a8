"""The Korean catalogue: complete, placeholders intact, and used."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KOREAN = ROOT / "linkenglish" / "translations" / "ko" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def korean_catalogue():
    with open(KOREAN / "messages.po", "rb") as po:
        return read_po(po, locale="ko")


def source_messages() -> set[str]:
    """Every _() / _l() / ngettext message in the code and templates, read afresh."""
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None,
                "ngettext": (1, 2), "lazy_ngettext": (1, 2)}  # fmt: skip
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_has_a_korean_translation_with_the_same_placeholders():
    problems = []
    for message in korean_catalogue():
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[-1]
        text = message.string if isinstance(message.string, str) else message.string[0]
        if not text or message.fuzzy:
            problems.append(("untranslated", source))
        elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(("placeholders", source, text))
    assert problems == []


def test_the_catalogue_holds_every_message_of_the_code():
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in korean_catalogue()}
    missing = sorted(source_messages() - translated)
    assert missing == [], "run `make messages`, translate the new strings in the ko .po"


@pytest.mark.skipif(
    not (KOREAN / "messages.mo").exists(), reason="make install compiles the catalogue"
)
def test_a_korean_browser_gets_korean_pages_and_the_footer_switches(client, csrf_token):
    page = client.get("/sign-in", headers={"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5"})
    html = page.get_data(as_text=True)
    assert '<html lang="ko">' in html
    assert "비밀번호" in html
    response = client.post(
        "/language",
        data={"csrf_token": csrf_token(), "language": "en", "next": "/sign-in"},
        headers={"Accept-Language": "ko"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/sign-in")
    english = client.get("/sign-in", headers={"Accept-Language": "ko"}).get_data(as_text=True)
    assert '<html lang="en">' in english and "Password" in english


def test_the_language_switch_refuses_a_foreign_next_and_unknown_languages(client, csrf_token):
    response = client.post(
        "/language",
        data={"csrf_token": csrf_token(), "language": "fr", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]
    assert '<html lang="en">' in client.get("/sign-in").get_data(as_text=True)


def test_dates_follow_the_readers_language(app):
    from datetime import UTC, date, datetime

    from linkenglish.dates import localdate, localtime

    moment = datetime(2026, 11, 28, 1, 5, tzinfo=UTC)  # 10:05 in Seoul
    with app.test_request_context(headers={"Accept-Language": "ko"}):
        assert localtime(moment, "d MMM y, HH:mm") == "2026년 11월 28일 10:05"
        assert localtime(moment, "EEE d MMM, HH:mm") == "11월 28일 (토) 10:05"
        assert localdate(date(2026, 3, 2), "d MMM y") == "2026년 3월 2일"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert localtime(moment, "d MMM y, HH:mm") == "28 Nov 2026, 10:05"
        assert localdate(date(2026, 3, 2), "EEE d MMM y") == "Mon 2 Mar 2026"
