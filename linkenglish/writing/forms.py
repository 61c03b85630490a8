"""The essay editor's form, shared by its buttons and by autosave."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from linkenglish.forms import Form, column_length
from linkenglish.models.writing import EssayDraft
from linkenglish.routing import MAX_INT

BODY_LENGTH = 100_000  # far beyond any essay here; a paste of a whole book is refused
ACTIONS = ("save", "version", "submit", "preview")


def positive_revision(_form, field):
    """Accept a revision number as the page was given it: a whole number from 1."""
    value = field.data or ""
    if not (value.isascii() and value.isdigit() and 0 < int(value) <= MAX_INT):
        raise ValidationError(_l("This page is out of date. Reload it and try again."))


class EssayForm(Form):
    """Title and text of the working draft, and the revision the page started from."""

    title = StringField(
        _l("Title"),
        validators=[
            Length(
                max=column_length(EssayDraft.title),
                message=_l("A title can be at most %(max)d characters long."),
            )
        ],
        render_kw={"autocomplete": "off"},
    )
    body = TextAreaField(
        _l("Your essay"),
        validators=[
            Length(
                max=BODY_LENGTH,
                message=_l("An essay can be at most %(max)d characters long. Please shorten it."),
            )
        ],
        render_kw={"rows": 18, "spellcheck": "true"},
    )
    revision = HiddenField(validators=[InputRequired(), positive_revision])

    def revision_number(self) -> int:
        """The revision as a number, once validated."""
        return int(self.revision.data)
