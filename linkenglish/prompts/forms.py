"""Forms for prompts, extensions and the own-work statement on submission."""

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from linkenglish.forms import Form, column_length, fits_column
from linkenglish.models import Extension, WritingPrompt
from linkenglish.timeutil import from_local

BAD_DATE = _l("Enter a real date as YYYY-MM-DD, such as 2026-09-01.")
BAD_TIME = _l("Enter a time as HH:MM, such as 23:59.")
END_OF_DAY = time(23, 59)


def within_years(_form, field):
    """Refuse dates far from now, which are typing mistakes."""
    if field.data and not date(2000, 1, 1) <= field.data <= date(2100, 12, 31):
        raise ValidationError(_l("Enter a date between the years 2000 and 2100."))


class DueMixin:
    """A due day and time, typed in the app's time zone."""

    def due_at(self) -> datetime | None:
        """The due moment in UTC, or None when no day was given."""
        if self.due_on.data is None:
            return None
        return from_local(datetime.combine(self.due_on.data, self.due_time.data or END_OF_DAY))


class PromptForm(DueMixin, Form):
    """A writing prompt: title, instructions, due day and time, suggested length."""

    title = StringField(
        _l("Title"),
        validators=[
            InputRequired(_l("Give the prompt a title.")),
            Length(
                max=column_length(WritingPrompt.title),
                message=_l("A title can be at most %(max)d characters long."),
            ),
        ],
    )
    instructions = TextAreaField(
        _l("Instructions"),
        validators=[Length(max=20_000, message=_l("Keep the instructions shorter."))],
        render_kw={"rows": 8},
    )
    due_on = DateField(
        _l("Due day"), validators=[Optional(), within_years], invalid_value_message=BAD_DATE
    )
    due_time = TimeField(
        _l("Due time"), validators=[Optional()], default=END_OF_DAY, invalid_value_message=BAD_TIME
    )
    suggested_words = IntegerField(
        _l("Suggested length (words)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=100_000, message=_l("Enter a number of words from 1.")),
        ],
        invalid_value_message=_l("Enter a whole number of words."),
    )


class ExtensionForm(DueMixin, Form):
    """A later due day and time for one participant, and why."""

    due_on = DateField(
        _l("New due day"),
        validators=[InputRequired(_l("Enter a date.")), within_years],
        invalid_value_message=BAD_DATE,
    )
    due_time = TimeField(
        _l("New due time"),
        validators=[Optional()],
        default=END_OF_DAY,
        invalid_value_message=BAD_TIME,
    )
    reason = StringField(_l("Reason"), validators=[fits_column(Extension.reason)])


class StatementForm(Form):
    """What submitting asks besides the text: the own-work statement and, for free
    writing, the cohort to send it to."""

    class Meta:
        csrf = False  # part of the editor's form, which carries the token

    own_work = BooleanField(_l("This is my own work"))
    cohort = SelectField(_l("Send to"), choices=[], validate_choice=False)

    def cohort_id(self) -> int | None:
        """The chosen cohort as a number, or None."""
        value = self.cohort.data or ""
        return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None
