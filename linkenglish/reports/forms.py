"""The reports' choices, read from the query string: a date range and the at-risk rule.

Input that is missing or wrong never fails a page: the field shows a message saying what it
expects, and the report uses the default instead.
"""

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField
from wtforms.validators import NumberRange, Optional

from linkenglish.forms import Form

DEFAULT_DAYS = 90
MAX_DAYS = 3 * 366
DATE_MESSAGE = _l("Enter a real date as YYYY-MM-DD, such as 2026-03-02.")
THRESHOLD_MESSAGE = _l("Enter a whole number from 1 to 100.")
MIN_SESSIONS_MESSAGE = _l("Enter a whole number from 1 to 500.")


class DateRangeForm(Form):
    """A date range as ?from=YYYY-MM-DD&to=YYYY-MM-DD; no CSRF token, as it only reads."""

    class Meta:
        csrf = False

    start = DateField(
        _l("From"), name="from", validators=[Optional()], invalid_value_message=DATE_MESSAGE
    )
    end = DateField(
        _l("To"), name="to", validators=[Optional()], invalid_value_message=DATE_MESSAGE
    )

    def dates(self, *, today: date) -> tuple[date, date]:
        """Return the range asked for, the last 90 days where it is missing or wrong."""
        # Called after validate(); the fields then show the range used.
        end = self.end.data if self.end.data and not self.end.errors else today
        start = self.start.data if self.start.data and not self.start.errors else None
        start = start or end - timedelta(days=DEFAULT_DAYS)
        if start > end:
            self.end.errors = [*self.end.errors, _l("The end comes before the start.")]
            start, end = today - timedelta(days=DEFAULT_DAYS), today
        elif (end - start).days > MAX_DAYS:
            self.end.errors = [*self.end.errors, _l("Choose a range of at most three years.")]
            start, end = today - timedelta(days=DEFAULT_DAYS), today
        for field, value in ((self.start, start), (self.end, end)):
            if not field.errors:
                field.data, field.raw_data = value, None
        return start, end


class AtRiskForm(Form):
    """The at-risk rule as ?threshold=80&min_sessions=3; no CSRF token, as it only reads."""

    class Meta:
        csrf = False

    threshold = IntegerField(
        _l("Attendance under (%)"),
        validators=[Optional(), NumberRange(min=1, max=100, message=THRESHOLD_MESSAGE)],
        invalid_value_message=THRESHOLD_MESSAGE,
    )
    min_sessions = IntegerField(
        _l("After at least this many counted sessions"),
        validators=[Optional(), NumberRange(min=1, max=500, message=MIN_SESSIONS_MESSAGE)],
        invalid_value_message=MIN_SESSIONS_MESSAGE,
    )

    def validate(self, extra_validators=None) -> bool:
        """Validate, keeping one copy of each message (a wrong number fails two checks)."""
        valid = super().validate(extra_validators)
        for field in self:
            field.errors = list(dict.fromkeys(field.errors))
        return valid

    def rule(self, *, default_threshold: int, default_min_sessions: int) -> tuple[int, int]:
        """Return (threshold in percent, minimum counted sessions), defaults where wrong."""
        # Called after validate(); the fields then show the rule used.
        used = []
        for field, default in (
            (self.threshold, default_threshold),
            (self.min_sessions, default_min_sessions),
        ):
            if field.data is None or field.errors:
                used.append(default)
            else:
                used.append(field.data)
            if not field.errors:
                field.data, field.raw_data = used[-1], None
        return used[0], used[1]
