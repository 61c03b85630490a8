"""Forms for finding, creating and editing participants."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from linkenglish.forms import Form, fits_column, select_choices
from linkenglish.labels import PROGRAM_LABELS, STATUS_LABELS
from linkenglish.models import CEFR, Participant, ParticipantStatus, ProgramCode
from linkenglish.participants.listing import ListFilters, lookup_unseal

MAX_TERMS = 50
MAX_TERM_LENGTH = 100
PHONE = re.compile(r"^\+?[0-9 ()-]{6,30}$")


def choices(labels: dict, blank=None) -> list:
    """Select choices from an enum's label dict, optionally led by a blank choice."""
    options = [(member.value, label) for member, label in labels.items()]
    return select_choices([("", blank), *options] if blank is not None else options)


class ParticipantFilterForm(Form):
    """The list's filters; read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(_l("Preferred name contains"), validators=[Optional(), Length(max=100)])
    # An exact legal name or e-mail arrives sealed (see LookupForm): never readable in a URL.
    match = HiddenField(validators=[Optional(), Length(max=2000)])
    program = SelectField(_l("Program"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    cohort = SelectField(_l("Cohort"), validators=[Optional()])
    level = SelectField(_l("Current level"), validators=[Optional()])
    archived = BooleanField(_l("Show archived participants instead"))

    def __init__(self, *args, cohorts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.program.choices = choices(PROGRAM_LABELS, _l("All programs"))
        self.status.choices = choices(STATUS_LABELS, _l("All statuses"))
        self.cohort.choices = [("", _l("All cohorts"))] + [(str(c.id), c.name) for c in cohorts]
        self.level.choices = [("", _l("All levels"))] + [
            (level.value, level.value) for level in CEFR
        ]

    def filters(self) -> ListFilters:
        """The filters asked for, after validate(); a field with errors filters nothing."""
        valid = {name: field.data for name, field in self._fields.items() if not field.errors}
        return ListFilters(
            search=(valid.get("q") or "").strip(),
            exact=lookup_unseal(valid.get("match")).strip(),
            program=ProgramCode(valid["program"]) if valid.get("program") else None,
            status=ParticipantStatus(valid["status"]) if valid.get("status") else None,
            cohort_id=int(valid["cohort"]) if valid.get("cohort") else None,
            cefr=valid.get("level") or None,
            archived=bool(valid.get("archived")),
        )


class LookupForm(Form):
    """Find participants by their whole legal name or e-mail, through the keyed hashes.

    Sent by POST, so the name never stands in a URL, a browser history or a server log.
    """

    exact = StringField(
        _l("Exact legal name or e-mail"),
        validators=[DataRequired(_l("Type a legal name or an e-mail address.")), Length(max=254)],
        description=_l("Finds a participant only by the whole name or address, as recorded."),
    )


class ParticipantForm(Form):
    """A participant's details; personal fields are encrypted when saved."""

    legal_name = StringField(
        _l("Legal name"),
        validators=[DataRequired(_l("Enter the legal name.")), Length(max=200)],
        description=_l("Coordinators only; encrypted, and every view is recorded."),
    )
    preferred_name = StringField(
        _l("Preferred name"),
        validators=[
            DataRequired(_l("Enter the name the participant wants to be called.")),
            fits_column(Participant.preferred_name),
        ],
        description=_l("Used inside the program and shown to partner teachers."),
    )
    email = EmailField(
        _l("E-mail"),
        validators=[
            Optional(),
            Length(max=254),
            Email(_l("Enter an e-mail address such as name@example.org.")),
        ],
    )
    phone = TelField(_l("Phone"), validators=[Optional(), Length(max=30)])
    program = SelectField(_l("Program"), choices=choices(PROGRAM_LABELS))
    status = SelectField(_l("Status"), choices=choices(STATUS_LABELS))
    notes = TextAreaField(
        _l("Coordinator notes"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Coordinators only; never shown to the participant or partners."),
    )
    sensitive_terms = TextAreaField(
        _l("Sensitive terms"),
        validators=[Optional(), Length(max=MAX_TERMS * (MAX_TERM_LENGTH + 1))],
        description=_l(
            "One per line: family names, home town, anything that could identify them, in "
            "Hangul and in romanised spellings. Texts are checked for these before publishing."
        ),
    )
    allow_same_name = BooleanField(
        _l("Another participant has this legal name; save anyway, it is a different person.")
    )

    def validate_phone(self, field):
        """Accept digits, spaces, dashes, brackets and a leading plus."""
        if field.data and not PHONE.match(field.data.strip()):
            raise ValidationError(_l("Enter a phone number such as 010-1234-5678."))

    def validate_program(self, field):
        """Accept only a known program."""
        if field.data not in {code.value for code in ProgramCode}:
            raise ValidationError(_l("Choose a program."))

    def validate_status(self, field):
        """Accept only a known status."""
        if field.data not in {status.value for status in ParticipantStatus}:
            raise ValidationError(_l("Choose a status."))

    def validate_sensitive_terms(self, field):
        """At most 50 terms of at most 100 characters each."""
        terms = self.term_list()
        if len(terms) > MAX_TERMS:
            raise ValidationError(_l("Keep it to %(count)s terms.", count=MAX_TERMS))
        if any(len(term) > MAX_TERM_LENGTH for term in terms):
            raise ValidationError(
                _l("Each term has at most %(count)s characters.", count=MAX_TERM_LENGTH)
            )

    def term_list(self) -> list[str]:
        """The sensitive terms typed, one per line, blanks and repeats dropped."""
        seen = []
        for line in (self.sensitive_terms.data or "").splitlines():
            if line.strip() and line.strip() not in seen:
                seen.append(line.strip())
        return seen


class EraseForm(Form):
    """Erasure needs the coordinator to type ERASE, so it cannot happen by a slip."""

    confirm = StringField(_l("Type ERASE to confirm"), validators=[DataRequired(), Length(max=10)])

    def validate_confirm(self, field):
        """Only the exact word confirms."""
        if field.data.strip() != "ERASE":
            raise ValidationError(_l("Type ERASE in capitals to confirm."))
