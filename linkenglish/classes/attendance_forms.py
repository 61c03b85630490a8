"""The attendance form: the participants it lists, and one row of choices for each."""

from flask_babel import lazy_gettext as _l
from wtforms import Field, RadioField, StringField
from wtforms.validators import AnyOf, Optional

from linkenglish.classes.attendance import MarkChoice, SheetRow
from linkenglish.forms import Form, fits_column, select_choices
from linkenglish.models import AttendanceMark, AttendanceStatus
from linkenglish.routing import MAX_INT

ATTENDANCE_STATUS_LABELS = {
    AttendanceStatus.PRESENT: _l("Present"),
    AttendanceStatus.LATE: _l("Late"),
    AttendanceStatus.EXCUSED: _l("Excused"),
    AttendanceStatus.ABSENT: _l("Absent"),
}
MAX_ROWS = 1000  # the largest cohort has 1,000 places
DAMAGED_LIST = _l(
    "The list of participants on this form is damaged. Reload the page and take attendance again."
)


class IdListField(Field):
    """Whole-number ids sent as repeated hidden inputs (the template writes them)."""

    def process_formdata(self, valuelist):
        """Keep each id once, in order; anything but a whole number is an error."""
        self.data = []
        if len(valuelist) > MAX_ROWS:
            raise ValueError(DAMAGED_LIST)
        for value in valuelist:
            if not (value.isascii() and value.isdigit() and len(value) <= 10):
                raise ValueError(DAMAGED_LIST)
            number = int(value)
            if not 0 < number <= MAX_INT:
                raise ValueError(DAMAGED_LIST)
            if number not in self.data:
                self.data.append(number)


class MarkForm(Form):
    """One participant's row: a status to choose and a remark."""

    class Meta:
        csrf = False  # the row is part of AttendanceForm, which carries the token

    status = RadioField(
        _l("Attendance"),
        choices=select_choices(ATTENDANCE_STATUS_LABELS.items()),
        validate_choice=False,
        validators=[
            Optional(),
            AnyOf(
                [status.value for status in AttendanceStatus],
                message=_l("Choose present, late, excused or absent."),
            ),
        ],
    )
    remark = StringField(_l("Remark"), validators=[fits_column(AttendanceMark.remark)])


def row_prefix(participant_id: int) -> str:
    """Return the prefix of a participant's fields: stable names and ids in any order."""
    return f"p{participant_id}"


def mark_form_showing(row: SheetRow) -> MarkForm:
    """Build a row form showing the participant's current mark, not what was posted."""
    data = {"status": row.mark.status.value, "remark": row.mark.remark} if row.mark else {}
    return MarkForm(formdata=None, prefix=row_prefix(row.participant_id), data=data)


class AttendanceForm(Form):
    """The marks of the participants listed on the form, saved together or not at all."""

    participants = IdListField()
    # Which button was pressed: "all_present" also marks present those with no mark yet.
    action = StringField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows: dict[int, MarkForm] = {}  # by participant id, once validated

    def validate(self, extra_validators=None) -> bool:
        """Check the list of ids, then each listed participant's row."""
        valid = super().validate(extra_validators)
        self.rows = {
            participant_id: MarkForm(prefix=row_prefix(participant_id))
            for participant_id in self.participants.data or []
        }
        for row in self.rows.values():
            valid = row.validate() and valid
            if not row.status.data and (row.remark.data or "").strip() and not self.all_present:
                row.status.errors.append(_l("Choose a mark to go with the remark."))
                valid = False
        return valid

    @property
    def all_present(self) -> bool:
        """Tell whether "Mark all present" was pressed."""
        return self.action.data == "all_present"

    def choices(self) -> tuple[dict[int, MarkChoice], dict[int, MarkChoice]]:
        """Return the marks chosen, and (for "Mark all present") those for blank rows."""
        chosen, blank = {}, {}
        for participant_id, row in self.rows.items():
            if row.status.data:
                chosen[participant_id] = MarkChoice(row.status.data, row.remark.data)
            elif self.all_present:
                blank[participant_id] = MarkChoice(AttendanceStatus.PRESENT, row.remark.data)
        return chosen, blank

    def row_forms(self, rows: list[SheetRow]) -> list[tuple[SheetRow, MarkForm]]:
        """Pair each roster row with its form: as posted if it was, else the current mark."""
        return [(row, self.rows.get(row.participant_id) or mark_form_showing(row)) for row in rows]
