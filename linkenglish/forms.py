"""The base form every form in the app derives from."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm import InstrumentedAttribute
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

# The first option of every required select: HTML wants it empty, so that nothing real is
# chosen until the person chooses (InputRequired then refuses the empty value).
CHOOSE = _l("Choose…")
NUL_MESSAGE = _l("This contains a character that cannot be saved (NUL). Please remove it.")


class Form(FlaskForm):
    """A CSRF-protected form that refuses NUL characters in any text it receives."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The hidden token goes without an id: two forms on one page would both say
        # id="csrf_token", and nothing needs to point at it (scripts read it by name).
        if "csrf_token" in self._fields:
            self.csrf_token.render_kw = {"id": False}

    def validate(self, extra_validators=None) -> bool:
        """Run the field validators, then refuse text holding NUL characters."""
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and "\x00" in field.data:
                field.errors = [*field.errors, NUL_MESSAGE]
                valid = False
        return valid


def column_length(attribute: InstrumentedAttribute) -> int:
    """Return the length of a String(n) column, so forms and models share one number."""
    return attribute.property.columns[0].type.length


def fits_column(attribute: InstrumentedAttribute, min: int = -1) -> Length:
    """A Length validator that refuses what the column cannot hold."""
    return Length(min=min, max=column_length(attribute))


def select_choices(pairs) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs (WTForms 3.3 deprecates plain tuples)."""
    return [SelectChoice(value=str(value), label=label) for value, label in pairs]


def with_placeholder(choices) -> list[SelectChoice]:
    """A required select's choices, after an empty "Choose…" option outside any group."""
    return [SelectChoice(value="", label=CHOOSE), *choices]


def int_or_none(value) -> int | None:
    """Coerce a select's value to an id; the empty placeholder is no id."""
    return None if value in ("", None) else int(value)
