"""Forms for level entries, voiding an entry, and program sub-levels."""

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import InstrumentedAttribute
from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import NumberInput

from linkenglish.forms import Form, fits_column, int_or_none, with_placeholder
from linkenglish.labels import ASSESSMENT_METHOD_LABELS, SKILL_LABELS
from linkenglish.levels.scale import cefr_rank_bounds, level_code_taken
from linkenglish.models import (
    CEFR,
    AssessmentMethod,
    LevelAssessment,
    ProficiencyLevel,
    Program,
)
from linkenglish.models.programs import SKILLS
from linkenglish.timeutil import local_today

EARLIEST_DATE = date(2000, 1, 1)
REASON_LENGTH = 500
BAD_NUMBER = _l("Enter a number such as 6.5.")


def strip(value):
    """Trim spaces around typed text."""
    return value.strip() if isinstance(value, str) else value


class FitsNumeric:
    """Refuse a number a Numeric(precision, scale) column cannot hold, or a negative one."""

    def __init__(self, attribute: InstrumentedAttribute):
        column_type = attribute.property.columns[0].type
        self.scale = column_type.scale
        self.limit = Decimal(10) ** (column_type.precision - column_type.scale)

    def __call__(self, form, field) -> None:
        value = field.data
        if value is None:
            return
        if not value.is_finite():
            raise ValidationError(BAD_NUMBER)
        if value < 0:
            raise ValidationError(_l("A score cannot be negative."))
        if value >= self.limit:
            raise ValidationError(
                _l("A score must be less than %(limit)s.", limit=f"{self.limit:,}")
            )
        if value != value.quantize(Decimal(1).scaleb(-self.scale)):
            raise ValidationError(_l("Use at most one digit after the decimal point."))


def score_field(label, attribute: InstrumentedAttribute) -> DecimalField:
    """Make an optional, non-negative score field with one decimal place, as its column holds."""
    return DecimalField(
        label,
        validators=[Optional(), FitsNumeric(attribute)],
        places=1,
        invalid_value_message=BAD_NUMBER,
        widget=NumberInput(step="0.1", min="0"),
    )


def level_label(level: ProficiencyLevel) -> str:
    """Label a level for a list: its name, with its code in front when the name lacks it."""
    return level.name if level.name.startswith(level.code) else f"{level.code} — {level.name}"


class LevelAssessmentForm(Form):
    """One entry of a participant's level history."""

    assessed_on = DateField(
        _l("Date"),
        validators=[InputRequired(_l("Enter the date the level was assessed."))],
        invalid_value_message=_l("Enter a date such as 2026-03-14."),
    )
    level = SelectField(
        _l("Level"),
        coerce=int_or_none,
        validators=[InputRequired(_l("Choose a level."))],
        invalid_value_message=_l("Choose a level from the list."),
        invalid_choice_message=_l("Choose a level from the list."),
    )
    method = SelectField(
        _l("How it was reached"),
        choices=with_placeholder(
            SelectChoice(value=method.value, label=label)
            for method, label in ASSESSMENT_METHOD_LABELS.items()
        ),
        validators=[InputRequired(_l("Choose how the level was reached."))],
        invalid_choice_message=_l("Choose how the level was reached from the list."),
    )
    external_test = StringField(
        _l("External test"),
        validators=[Optional(), fits_column(LevelAssessment.external_test)],
        filters=[strip],
        description=_l("Its name, such as Aptis or IELTS; needed for an external test."),
    )
    external_score = score_field(_l("External test score"), LevelAssessment.external_score)
    speaking_score = score_field(SKILL_LABELS["speaking"], LevelAssessment.speaking_score)
    listening_score = score_field(SKILL_LABELS["listening"], LevelAssessment.listening_score)
    reading_score = score_field(SKILL_LABELS["reading"], LevelAssessment.reading_score)
    writing_score = score_field(SKILL_LABELS["writing"], LevelAssessment.writing_score)
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), fits_column(LevelAssessment.note)],
        filters=[strip],
        description=_l("About the learner's level. The participant can read it."),
    )

    def __init__(self, *args, levels: list[ProficiencyLevel], **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = {level.id: level for level in levels}
        # Grouped by CEFR level, sub-levels under theirs, in rank order.
        self.level.choices = with_placeholder(
            SelectChoice(value=str(level.id), label=level_label(level), optgroup=level.cefr.value)
            for level in levels
        )
        today = local_today()
        self.assessed_on.render_kw = {"min": EARLIEST_DATE.isoformat(), "max": today.isoformat()}

    def validate_assessed_on(self, field) -> None:
        """Refuse a date in the future or before the programs began."""
        if field.data is None:
            return
        if field.data > local_today():
            raise ValidationError(_l("The date cannot be in the future."))
        if field.data < EARLIEST_DATE:
            raise ValidationError(_l("Enter a date from 2000 on."))

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, then ask an external test for its name and score."""
        valid = super().validate(extra_validators)
        if self.method.data == AssessmentMethod.EXTERNAL_TEST.value:
            if not self.external_test.data and not self.external_test.errors:
                self.external_test.errors.append(
                    _l("Enter the external test's name, such as Aptis or IELTS.")
                )
                valid = False
            if self.external_score.data is None and not self.external_score.errors:
                self.external_score.errors.append(_l("Enter the external test's score."))
                valid = False
        return valid

    def values(self) -> dict:
        """Return the entry's fields from a validated form, for the services."""
        return {
            "level": self.levels[self.level.data],
            "assessed_on": self.assessed_on.data,
            "method": AssessmentMethod(self.method.data),
            "external_test": self.external_test.data or None,
            "external_score": self.external_score.data,
            "skill_scores": {skill: getattr(self, f"{skill}_score").data for skill in SKILLS},
            "note": self.note.data or None,
        }


class VoidForm(Form):
    """Why an entry is void."""

    reason = TextAreaField(
        _l("Why is this entry a mistake?"),
        validators=[
            DataRequired(_l("Say why the entry is void, such as “recorded for the wrong person”.")),
            Length(max=REASON_LENGTH),
        ],
        filters=[strip],
    )


class LevelForm(Form):
    """A program's sub-level of a CEFR level."""

    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(_l("Enter a short code, such as B1.2.")),
            fits_column(ProficiencyLevel.code),
        ],
        filters=[strip],
    )
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Enter a name, such as “B1 second term”.")),
            fits_column(ProficiencyLevel.name),
        ],
        filters=[strip],
    )
    cefr = SelectField(
        _l("CEFR level"),
        choices=[SelectChoice(value=level.value) for level in CEFR],
        invalid_choice_message=_l("Choose a CEFR level from the list."),
    )
    program = SelectField(
        _l("Program"),
        coerce=int,
        invalid_value_message=_l("Choose a program from the list."),
        invalid_choice_message=_l("Choose a program from the list."),
    )
    rank = IntegerField(
        _l("Rank"),
        validators=[InputRequired(_l("Enter a rank, such as 32."))],
        invalid_value_message=_l("Enter a whole number, such as 32."),
        description=_l(
            "Orders the scale: A1 is 10, A2 20 … C2 60. A sub-level of B1 ranks 31 to 39."
        ),
    )

    def __init__(self, *args, programs: list[Program], **kwargs):
        super().__init__(*args, **kwargs)
        self.programs = {program.id: program for program in programs}
        self.program.choices = [
            SelectChoice(value=str(program.id), label=program.name) for program in programs
        ]

    def validate_code(self, field) -> None:
        """Refuse a code another level has, whatever its case."""
        if field.data and level_code_taken(code=field.data):
            raise ValidationError(_l("A level with this code exists already; choose another."))

    def validate_rank(self, field) -> None:
        """Keep a sub-level between its CEFR level and the next one up."""
        if field.data is None or self.cefr.data not in {level.value for level in CEFR}:
            return
        low, high = cefr_rank_bounds(cefr=CEFR(self.cefr.data))
        high = high if high is not None else low + 10
        if not low < field.data < high:
            raise ValidationError(
                _l(
                    "A sub-level of %(cefr)s ranks from %(low)s to %(high)s.",
                    cefr=self.cefr.data,
                    low=low + 1,
                    high=high - 1,
                )
            )
