"""The words a participant agrees to: shipped in consent/texts/<version>.<ko|en>.md and
stored once per version and language in the append-only consent_texts table. A new wording
is a new CONSENT_TEXT_VERSION, never an edit."""

from importlib import resources

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from linkenglish.extensions import db
from linkenglish.models import ConsentText, Language

# The consent text participants read now; its words live in consent/texts/<version>.<lang>.md.
CONSENT_TEXT_VERSION = "2026-11"


def consent_text_body(language: Language, version: str = CONSENT_TEXT_VERSION) -> str:
    """The shipped words of a consent text."""
    name = f"{version}.{language.value}.md"
    return resources.files("linkenglish.consent").joinpath("texts", name).read_text("utf-8")


def consent_text_current(language: Language) -> ConsentText:
    """The consent text participants read now, stored once (rows never change)."""
    query = select(ConsentText).where(
        ConsentText.version == CONSENT_TEXT_VERSION, ConsentText.language == language
    )
    text = db.session.scalar(query)
    if text is not None:
        return text
    try:
        with db.session.begin_nested():
            text = ConsentText(
                version=CONSENT_TEXT_VERSION, language=language, body=consent_text_body(language)
            )
            db.session.add(text)
    except IntegrityError:  # another worker stored it first
        text = db.session.scalar(query)
    return text
