"""Forms for inviting people, creating a participant's login and setting a password."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    ValidationError,
)

from linkenglish.auth.services import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, user_by_email
from linkenglish.extensions import db
from linkenglish.forms import Form, column_length
from linkenglish.models import PartnerOrganisation, User
from linkenglish.routing import MAX_INT

EMAIL_MAX_LENGTH = 254


def strip(value):
    """Drop the spaces people paste around an e-mail address or name."""
    return value.strip() if isinstance(value, str) else value


def optional_id(value):
    """Read a select's value as a row id; anything else becomes None."""
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and int(value) <= MAX_INT:
        return int(value)
    return None


def login_email_field() -> EmailField:
    """The e-mail address a person signs in with."""
    return EmailField(
        _l("E-mail for signing in"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter an e-mail address.")),
            Length(
                max=EMAIL_MAX_LENGTH,
                message=_l("An e-mail address has at most %(max)d characters."),
            ),
            Email(_l("Enter an e-mail address such as name@example.org.")),
        ],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )


class LoginEmailForm(Form):
    """An e-mail address no other login uses."""

    email = login_email_field()

    def validate_email(self, field):
        """Refuse an address another login has."""
        if user_by_email(field.data) is not None:
            raise ValidationError(_("Another login uses this e-mail address already."))


class ParticipantLoginForm(LoginEmailForm):
    """The participant's login e-mail; the invitation link comes with it."""


class CoordinatorInviteForm(LoginEmailForm):
    """A new coordinator: e-mail and the name the program knows them by."""

    display_name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter the name the program uses for this person.")),
            Length(
                max=column_length(User.display_name),
                message=_l("A name has at most %(max)d characters."),
            ),
        ],
        render_kw={"autocomplete": "off"},
    )


class PartnerInviteForm(CoordinatorInviteForm):
    """A new partner user: also the partner organisation they belong to."""

    partner = SelectField(
        _l("Partner organisation"),
        coerce=optional_id,
        validate_choice=False,  # checked against the database below
        validators=[InputRequired(_l("Choose the partner organisation."))],
    )

    def validate_partner(self, field):
        """Accept only an organisation that exists."""
        if field.data is None or db.session.get(PartnerOrganisation, field.data) is None:
            raise ValidationError(_("Choose one of the partner organisations in the list."))


class SetPasswordForm(Form):
    """A new password, typed twice."""

    password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(
                min=PASSWORD_MIN_LENGTH,
                message=_l("A password needs at least %(min)d characters."),
            ),
            Length(
                max=PASSWORD_MAX_LENGTH,
                message=_l("A password has at most %(max)d characters."),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(_l("Type the password a second time.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class ConfirmForm(Form):
    """No fields: the CSRF token of a button that changes something."""
