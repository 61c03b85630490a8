"""Forms for class sessions: one-off, weekly series, edit, cancel."""

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from linkenglish.classes.scheduling import EARLIEST, LATEST
from linkenglish.cohorts.forms import checklist
from linkenglish.forms import Form, fits_column, select_choices
from linkenglish.labels import SESSION_MODE_LABELS
from linkenglish.models import ClassSession, SessionMode

WEEKDAY_LABELS = [
    _l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"),
    _l("Saturday"), _l("Sunday"),
]  # fmt: skip
MAX_MINUTES = 1440  # the database refuses longer sessions too
LONGEST_SERIES = timedelta(weeks=200)
BAD_DATE = _l("Enter a real date as YYYY-MM-DD, such as 2026-09-01.")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def strip(value):
    """Trim text typed with spaces around it."""
    return value.strip() if isinstance(value, str) else value


def day_field(label, **kwargs) -> DateField:
    """A required date with a clear message for dates that do not exist."""
    return DateField(
        label,
        validators=[InputRequired(_l("Enter a date.")), within_years],
        invalid_value_message=BAD_DATE,
        **kwargs,
    )


def within_years(_form, field):
    """Refuse dates far from now, which are typing mistakes."""
    if field.data and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(_l("Enter a date between the years 2000 and 2100."))


def web_address(_form, field):
    """Accept only an http:// or https:// link."""
    if not field.data:
        return
    try:
        parts = urlsplit(field.data)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in {"http", "https"}
        or not parts.netloc
        or any(character.isspace() or ord(character) < 32 for character in field.data)
    ):
        raise ValidationError(_l("Enter a web link that starts with https:// or http://."))


class SessionDetailsForm(Form):
    """What one session and a weekly series both need."""

    start_time = TimeField(
        _l("Start time"),
        validators=[InputRequired(_l("Enter a start time."))],
        format=["%H:%M", "%H:%M:%S"],
        invalid_value_message=_l("Enter a time from 00:00 to 23:59, such as 19:30."),
    )
    duration_minutes = IntegerField(
        _l("Length in minutes"),
        validators=[
            InputRequired(_l("Enter how many minutes the session lasts.")),
            NumberRange(min=1, max=MAX_MINUTES, message=_l("From 1 to 1,440 minutes (a day).")),
        ],
        invalid_value_message=_l("Enter a whole number of minutes, such as 90."),
    )
    mode = RadioField(
        _l("How it meets"),
        choices=select_choices((mode.value, label) for mode, label in SESSION_MODE_LABELS.items()),
        default=SessionMode.IN_PERSON.value,
        validators=[InputRequired(_l("Choose online or in person."))],
        invalid_choice_message=_l("Choose online or in person."),
    )
    place = StringField(
        _l("Place"),
        filters=[strip],
        validators=[Optional(), fits_column(ClassSession.place)],
        description=_l("For a session in person: the address or room."),
    )
    meeting_url = StringField(
        _l("Meeting link"),
        filters=[strip],
        validators=[Optional(), fits_column(ClassSession.meeting_url), web_address],
        description=_l("For an online session: a link that starts with https://."),
    )
    topic = StringField(
        _l("Topic"), filters=[strip], validators=[Optional(), fits_column(ClassSession.topic)]
    )
    teacher = SelectField(
        _l("Teacher"), invalid_choice_message=_l("Choose a teacher from the list.")
    )

    def set_teachers(self, users) -> None:
        """Offer these partner users as teachers, or no teacher."""
        self.teacher.choices = select_choices(
            [("", _l("No teacher named yet"))]
            + [
                (user.id, user.display_name or _l("Partner user %(id)s", id=user.id))
                for user in users
            ]
        )

    def session_values(self) -> dict:
        """The fields a service takes, from a validated form (teacher as an id)."""
        return {
            "duration_minutes": self.duration_minutes.data,
            "mode": SessionMode(self.mode.data),
            "place": self.place.data or None,
            "meeting_url": self.meeting_url.data or None,
            "topic": self.topic.data or None,
            "teacher_id": int(self.teacher.data) if self.teacher.data else None,
        }


class SessionForm(SessionDetailsForm):
    """A one-off session, or one session being edited (moving one with marks needs
    move_marks)."""

    day = day_field(_l("Date"))
    scope = RadioField(
        _l("Apply to"),
        choices=select_choices(
            [
                ("one", _l("This session only")),
                ("rest", _l("This session and the rest of its series")),
            ]
        ),
        default="one",
        validators=[Optional()],
        invalid_choice_message=_l("Choose which sessions to change."),
    )
    move_marks = BooleanField(
        _l("Attendance was taken in this session: move its marks with it to the new date.")
    )


class SeriesForm(SessionDetailsForm):
    """A weekly series: days of the week, a period, and dates to skip."""

    weekdays = checklist(_l("Days of the week"))
    first_day = day_field(_l("First day"))
    last_day = day_field(_l("Last day"))
    skip = TextAreaField(
        _l("Dates to skip"),
        validators=[Length(max=4000)],
        description=_l("One date per line, as YYYY-MM-DD; anything after the date is a note."),
    )
    expected = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.weekdays.choices = select_choices(enumerate(WEEKDAY_LABELS))
        self.skip_dates: set[date] = set()

    def validate_weekdays(self, field):
        """At least one day of the week."""
        if not field.data:
            raise ValidationError(_l("Tick at least one day of the week."))

    def validate_last_day(self, field):
        """The period runs forwards and is not absurdly long."""
        first = self.first_day.data
        if not first or not field.data:
            return
        if field.data < first:
            raise ValidationError(_l("The last day is on or after the first day."))
        if field.data - first > LONGEST_SERIES:
            raise ValidationError(_l("A series covers at most 200 weeks."))

    def validate_skip(self, field):
        """Read one date per line; name each line that is not a date."""
        problems, self.skip_dates = [], set()
        for number, line in enumerate((field.data or "").splitlines(), start=1):
            words = line.split()
            if not words:
                continue
            try:
                if not ISO_DATE.fullmatch(words[0]):
                    raise ValueError(words[0])
                self.skip_dates.add(date.fromisoformat(words[0]))
            except ValueError:
                problems.append(
                    _l(
                        "Line %(number)s: “%(text)s” is not a date as YYYY-MM-DD.",
                        number=number,
                        text=words[0][:20],
                    )
                )
        if problems:
            raise ValidationError(" ".join(str(problem) for problem in problems[:5]))


class CancelForm(Form):
    """Why a session is cancelled, and, when it has marks, the confirmation."""

    reason = TextAreaField(
        _l("Reason"),
        filters=[strip],
        validators=[
            DataRequired(_l("Say why the session is cancelled.")),
            fits_column(ClassSession.cancellation_reason),
        ],
        description=_l("Everyone who sees the session reads it, participants too."),
    )
    confirm = BooleanField(_l("I understand: the marks stay on record but no longer count."))
