"""The base form every form in the app derives from."""

import enum

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import inspect
from sqlalchemy.orm import InstanceState, InstrumentedAttribute
from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice, SelectFieldBase
from wtforms.validators import Length

# The first option of every required select: HTML wants it empty, so that nothing real is
# chosen until the person chooses (InputRequired then refuses the empty value).
CHOOSE = _l("Choose…")
NUL_MESSAGE = _l("This contains a character that cannot be saved (NUL). Please remove it.")


def option_value(value):
    """The option a stored value stands for: a row by its primary key, an enum by its value."""
    if isinstance(value, list | tuple | set):
        return [option_value(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    state = inspect(value, raiseerr=False)
    if isinstance(state, InstanceState):
        key = state.mapper.primary_key_from_instance(value)
        return key[0] if len(key) == 1 else value
    return value


class StoredOptions:
    """An object to pre-fill a form from, whose select fields read as option values."""

    def __init__(self, obj, names: set[str]):
        self._obj, self._names = obj, names

    def __getattr__(self, name):
        value = getattr(self._obj, name)
        return option_value(value) if name in self._names else value


def lf_newlines(text):
    """Text with CRLF and CR line breaks (as browsers send them) made LF, as stored."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if isinstance(text, str) else text


class Form(FlaskForm):
    """A CSRF-protected form that refuses NUL characters and saves stored values back as is."""

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        """Fill the fields: a stored row or enum selects its option; line breaks arrive as LF."""
        selects = {
            name for name, field in self._fields.items() if isinstance(field, SelectFieldBase)
        }
        if obj is not None:
            obj = StoredOptions(obj, selects)
        if data is not None:
            data = {name: option_value(v) if name in selects else v for name, v in data.items()}
        filters = {name: list(value) for name, value in (extra_filters or {}).items()}
        for name, field in self._fields.items():
            if isinstance(field, TextAreaField):
                filters.setdefault(name, []).append(lf_newlines)
        super().process(formdata, obj, data=data, extra_filters=filters, **kwargs)

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
