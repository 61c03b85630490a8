"""The audit log's filter form."""

from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from linkenglish.audit.labels import action_label
from linkenglish.audit.queries import AuditFilters
from linkenglish.forms import Form, select_choices
from linkenglish.labels import role_label
from linkenglish.models import Role
from linkenglish.routing import MAX_INT
from linkenglish.timeutil import from_local

DATE_MESSAGE = _l("Enter a real date as YYYY-MM-DD, such as 2026-03-02.")
PARTICIPANT_MESSAGE = _l("Enter a participant's number, as in the address of their page.")
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(9998, 12, 31)
NO_ACTOR = "none"


class AuditFilterForm(Form):
    """The log's filters, read from the query string, so no CSRF token. A wrong value
    shows a message on its field and filters nothing."""

    class Meta:
        csrf = False

    action = SelectField(_l("What"), validators=[Optional()])
    actor = SelectField(_l("Who"), validators=[Optional()])
    participant = IntegerField(
        _l("Participant number"),
        validators=[Optional(), NumberRange(min=1, max=MAX_INT, message=PARTICIPANT_MESSAGE)],
        invalid_value_message=PARTICIPANT_MESSAGE,
        description=_l(
            "Events about the participant, their login, consents, essays, enrollments and "
            "level entries, and what their login did."
        ),
    )
    start = DateField(
        _l("From"), name="from", validators=[Optional()], invalid_value_message=DATE_MESSAGE
    )
    end = DateField(
        _l("To"), name="to", validators=[Optional()], invalid_value_message=DATE_MESSAGE
    )

    def __init__(self, *args, actions=(), logins=(), **kwargs):
        super().__init__(*args, **kwargs)
        named = sorted((action_label(code), code) for code in actions)
        self.action.choices = select_choices([("", _l("Any action"))] + [(c, n) for n, c in named])
        self.actor.choices = select_choices(
            [("", _l("Anyone")), (NO_ACTOR, _l("No one signed in (failed sign-ins)"))]
            + [(user_id, login_label(*login)) for user_id, *login in logins]
        )

    def validate(self, extra_validators=None) -> bool:
        """Validate, keeping one copy of each message and checking the dates' range."""
        valid = super().validate(extra_validators)
        for field in (self.start, self.end):
            if field.data and not FIRST_DAY <= field.data <= LAST_DAY:
                field.errors = [*field.errors, DATE_MESSAGE]
                valid = False
        both = self.start.data and self.end.data and not (self.start.errors or self.end.errors)
        if both and self.end.data < self.start.data:
            self.end.errors = [*self.end.errors, _l("The end comes before the start.")]
            valid = False
        for field in self:
            field.errors = list(dict.fromkeys(field.errors))
        return valid

    def filters(self) -> AuditFilters:
        """The filters asked for, after validate(); a field with errors filters nothing."""
        valid = {name: field.data for name, field in self._fields.items() if not field.errors}
        dates_valid = not (self.start.errors or self.end.errors)
        start, end = (valid.get("start"), valid.get("end")) if dates_valid else (None, None)
        actor = valid.get("actor") or ""
        return AuditFilters(
            action=valid.get("action") or None,
            actor_id=int(actor) if actor.isdigit() else None,
            anonymous=actor == NO_ACTOR,
            participant_id=valid.get("participant"),
            # From the start of the first day to the start of the day after the last, in the
            # app's time zone.
            since=from_local(datetime.combine(start, time.min)) if start else None,
            until=from_local(datetime.combine(end + timedelta(days=1), time.min)) if end else None,
        )


def login_label(display_name: str | None, role: Role, organisation: str | None) -> str:
    """A staff login as the actor choice shows it: name, then organisation or role."""
    name = display_name or _("Login without a name")
    return f"{name} — {organisation or role_label(role)}"
