"""Forms for self check-in: the teacher's window and the participant's code."""

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from linkenglish.checkin.codes import DIGITS
from linkenglish.checkin.services import (
    DEFAULT_LATE_AFTER,
    DEFAULT_MINUTES,
    MAX_LATE_AFTER,
    MAX_MINUTES,
)
from linkenglish.forms import Form

LONGEST_INPUT = 64  # anything longer is not a code someone typed


class OpenForm(Form):
    """How long the window stays open, and from when a check-in counts as late."""

    minutes = IntegerField(
        _l("Minutes open"),
        default=DEFAULT_MINUTES,
        validators=[
            InputRequired(_l("Enter how many minutes check-in stays open.")),
            NumberRange(min=1, max=MAX_MINUTES, message=_l("From 1 to 120 minutes.")),
        ],
        invalid_value_message=_l("Enter a whole number of minutes, such as 15."),
    )
    late_after = IntegerField(
        _l("Late after (minutes from the start of the session)"),
        default=DEFAULT_LATE_AFTER,
        validators=[
            InputRequired(_l("Enter after how many minutes a check-in counts as late.")),
            NumberRange(min=0, max=MAX_LATE_AFTER, message=_l("From 0 to 240 minutes.")),
        ],
        invalid_value_message=_l("Enter a whole number of minutes, such as 10."),
    )


def code_digits(value):
    """Read a code as typed: full-width digits as digits, spaces and dashes dropped."""
    if not isinstance(value, str) or len(value) > LONGEST_INPUT:
        return value
    value = unicodedata.normalize("NFKC", value)
    return "".join(character for character in value if character not in " -\t")


def six_digits(_form, field):
    """Accept exactly the digits of a code, nothing else."""
    value = field.data or ""
    if not (len(value) == DIGITS and value.isascii() and value.isdigit()):
        raise ValidationError(
            _l("Enter the %(digits)s digits shown on your teacher's screen.", digits=DIGITS)
        )


class CodeForm(Form):
    """The code a participant reads off the teacher's screen."""

    code = StringField(
        _l("Check-in code"),
        filters=[code_digits],
        validators=[
            InputRequired(_l("Enter the code shown on your teacher's screen.")),
            six_digits,
        ],
        render_kw={
            "inputmode": "numeric",
            "autocomplete": "one-time-code",
            "pattern": "[0-9 ]*",
            "autocapitalize": "off",
            "spellcheck": "false",
        },
    )
