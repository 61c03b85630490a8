"""The checks of one row of a participant list on its own: required fields, lengths, e-mail
and phone, program, level and cohort. Checks across rows are in services.py."""

from dataclasses import dataclass, field
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask_babel import format_date
from flask_babel import gettext as _

from linkenglish.crypto import normalise
from linkenglish.forms import column_length
from linkenglish.imports.parsing import FIELD_LABELS, RawRow
from linkenglish.models import Cohort, Participant, ProficiencyLevel, ProgramCode
from linkenglish.models.base import lookup_hash
from linkenglish.participants.forms import PHONE

# The limits of ParticipantForm, so an imported participant could have been typed in.
LEGAL_NAME_MAX = 200
EMAIL_MAX = 254
PHONE_MAX = 30


@dataclass
class ImportRow:
    """One row of the file as it would be imported, and what is wrong with it."""

    number: int
    values: dict[str, str]
    program: ProgramCode | None = None
    level: ProficiencyLevel | None = None
    cohort: Cohort | None = None
    name_hash: bytes | None = None
    email_hash: bytes | None = None
    errors: list[str] = field(default_factory=list)

    def text(self, name: str) -> str | None:
        """A field's text, or None when the cell was empty."""
        return self.values[name] or None


class CohortIndex:
    """The cohorts by program and name: exact names first, then ignoring case and spaces."""

    def __init__(self, pairs):
        self.exact, self.folded, self.by_name = {}, {}, {}
        for cohort, program in pairs:
            self.exact[program, cohort.name] = cohort
            self.folded.setdefault((program, normalise(cohort.name)), cohort)
            self.by_name.setdefault(normalise(cohort.name), []).append(program)

    def find(self, program: ProgramCode, name: str) -> Cohort | None:
        """The program's cohort of this name, if there is one."""
        return self.exact.get((program, name)) or self.folded.get((program, normalise(name)))

    def programs_with(self, name: str) -> list[ProgramCode]:
        """The programs that have a cohort of this name."""
        return self.by_name.get(normalise(name), [])


def row_check(raw: RawRow, *, levels: dict, cohorts: CohortIndex, today: date) -> ImportRow:
    """Check one row's own cells; the checks across rows come after."""
    row = ImportRow(number=raw.number, values=dict(raw.values))
    nul = [name for name, text in row.values.items() if "\x00" in text]
    for name in nul:
        row.errors.append(
            _(
                "%(field)s holds a NUL character, which cannot be saved; remove it.",
                field=FIELD_LABELS[name],
            )
        )
        row.values[name] = row.values[name].replace("\x00", "")
    text_check(row)
    program_text = row.values["program"]
    if not program_text:
        row.errors.append(_("Enter the program: LELP or LIEP."))
    elif program_text.casefold() in {code.value for code in ProgramCode}:
        row.program = ProgramCode(program_text.casefold())
    else:
        row.errors.append(_("“%(value)s” is not a program; use LELP or LIEP.", value=program_text))
    level_check(row, levels)
    cohort_check(row, cohorts, today)
    return row


def text_check(row: ImportRow) -> None:
    """Names required and within length; e-mail and phone well formed."""
    legal_name, preferred_name = row.values["legal_name"], row.values["preferred_name"]
    preferred_max = column_length(Participant.preferred_name)
    if not legal_name:
        row.errors.append(_("Enter the legal name."))
    elif len(legal_name) > LEGAL_NAME_MAX:
        row.errors.append(
            _("The legal name is longer than %(count)s characters.", count=LEGAL_NAME_MAX)
        )
    else:
        row.name_hash = lookup_hash(legal_name, "name")
    if not preferred_name:
        row.errors.append(_("Enter the name the participant wants to be called."))
    elif len(preferred_name) > preferred_max:
        row.errors.append(
            _("The preferred name is longer than %(count)s characters.", count=preferred_max)
        )
    email, phone = row.values["email"], row.values["phone"]
    if email:
        if len(email) > EMAIL_MAX or not email_valid(email):
            row.errors.append(
                _("“%(value)s” is not an e-mail address such as name@example.org.", value=email)
            )
        else:
            row.email_hash = lookup_hash(email, "email")
    if phone and (len(phone) > PHONE_MAX or not PHONE.match(phone)):
        row.errors.append(
            _("“%(value)s” is not a phone number such as 010-1234-5678.", value=phone)
        )


def email_valid(email: str) -> bool:
    """Whether an address passes the check the participant form makes (no DNS lookup)."""
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def level_check(row: ImportRow, levels: dict) -> None:
    """A level on the scale: CEFR, or a sub-level of the row's own program."""
    text = row.values["level"]
    if not text:
        return
    found = levels.get(text.casefold())
    if found is None:
        row.errors.append(
            _("“%(value)s” is not a level; use A1 to C2 or a level on the scale.", value=text)
        )
    elif found[1] is not None and row.program is not None and found[1] != row.program:
        row.errors.append(
            _(
                "Level %(level)s belongs to %(program)s.",
                level=found[0].code,
                program=found[1].value.upper(),
            )
        )
    else:
        row.level = found[0]


def cohort_check(row: ImportRow, cohorts: CohortIndex, today: date) -> None:
    """An open cohort of the row's program that has not ended."""
    name = row.values["cohort"]
    if not name or row.program is None:
        return
    cohort = cohorts.find(row.program, name)
    if cohort is None:
        others = [code.value.upper() for code in cohorts.programs_with(name)]
        if others:
            row.errors.append(
                _(
                    "Cohort “%(name)s” belongs to %(programs)s, not %(program)s.",
                    name=name,
                    programs=", ".join(others),
                    program=row.program.value.upper(),
                )
            )
        else:
            row.errors.append(_("There is no cohort called “%(name)s”.", name=name))
    elif cohort.closed_at is not None:
        row.errors.append(_("Cohort “%(name)s” is closed.", name=cohort.name))
    elif cohort.ends_on < today:
        row.errors.append(
            _(
                "Cohort “%(name)s” ended on %(date)s.",
                name=cohort.name,
                date=format_date(cohort.ends_on),
            )
        )
    else:
        row.cohort = cohort
