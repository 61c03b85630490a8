"""Forms for cohorts and enrollments."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    widgets,
)
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from linkenglish.forms import Form, fits_column, select_choices
from linkenglish.labels import ENROLLMENT_STATUS_LABELS
from linkenglish.models import Cohort, EnrollmentStatus


class CohortForm(Form):
    """A cohort's details."""

    program = SelectField(_l("Program"), coerce=int)
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Give the cohort a name.")), fits_column(Cohort.name)],
        description=_l("For example: LIEP Spring 2027."),
    )
    starts_on = DateField(_l("First day"), validators=[DataRequired(_l("Enter a date."))])
    ends_on = DateField(_l("Last day"), validators=[DataRequired(_l("Enter a date."))])
    target_level = SelectField(_l("Target level"), validators=[Optional()])
    capacity = IntegerField(
        _l("Places"),
        validators=[
            Optional(),
            NumberRange(min=1, max=1000, message=_l("Between 1 and 1,000 places.")),
        ],
        description=_l("Leave empty for no limit."),
    )
    partner = SelectField(_l("Teaching partner"), validators=[Optional()])

    def __init__(self, *args, programs=(), levels=(), partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.program.choices = select_choices((p.id, p.name) for p in programs)
        self.target_level.choices = select_choices(
            [("", _l("None"))] + [(level.id, level.name) for level in levels]
        )
        self.partner.choices = select_choices(
            [("", _l("None: LiNK teaches it"))] + [(p.id, p.name) for p in partners]
        )

    def validate_ends_on(self, field):
        """A cohort ends after it starts."""
        if self.starts_on.data and field.data and field.data <= self.starts_on.data:
            raise ValidationError(_l("The last day comes after the first day."))


class CohortEditForm(CohortForm):
    """A cohort's details; new dates that move enrollments need confirming how many move."""

    move_enrollments = BooleanField(
        _l("Move these enrollments with the cohort's dates."),
    )
    # What the confirmation showed: "count:first day:last day".
    moving = HiddenField()

    def confirmation_show(self, count: int) -> None:
        """Ask to confirm that count enrollments move to the dates in the form."""
        self.moving.data = f"{count}:{self.starts_on.data}:{self.ends_on.data}"
        self.move_enrollments.data = False

    def moves_confirmed(self) -> int | None:
        """The number of enrollments confirmed to move to the dates in the form, or None."""
        count, _, dates = (self.moving.data or "").partition(":")
        confirmed = dates == f"{self.starts_on.data}:{self.ends_on.data}"
        return int(count) if self.move_enrollments.data and confirmed and count.isdigit() else None


def checklist(label):
    """A list of checkboxes for choosing several."""
    return SelectMultipleField(
        label,
        coerce=int,
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
    )


class TeachersForm(Form):
    """Which of the teaching partner's users teach this cohort."""

    teachers = checklist(_l("Teachers"))


class EnrollForm(Form):
    """Participants to enroll, picked from a checklist, and the day they start."""

    participants = checklist(_l("Participants"))
    enrolled_on = DateField(_l("Enrolled from"), validators=[DataRequired(_l("Enter a date."))])

    def validate_participants(self, field):
        """At least one participant."""
        if not field.data:
            raise ValidationError(_l("Tick at least one participant."))


class EnrollmentForm(Form):
    """An enrollment's status and dates."""

    status = SelectField(
        _l("Status"),
        choices=select_choices(
            (status.value, label) for status, label in ENROLLMENT_STATUS_LABELS.items()
        ),
    )
    enrolled_on = DateField(_l("Enrolled from"), validators=[DataRequired(_l("Enter a date."))])
    ended_on = DateField(
        _l("Ended on"),
        validators=[Optional()],
        description=_l("Needed when the enrollment is completed or withdrawn."),
    )

    def validate_status(self, field):
        """Accept only a known status."""
        if field.data not in {status.value for status in EnrollmentStatus}:
            raise ValidationError(_l("Choose a status."))
