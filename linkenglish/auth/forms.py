"""Sign-in form."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from linkenglish.auth.services import PASSWORD_MAX_LENGTH
from linkenglish.forms import Form


class LoginForm(Form):
    """E-mail and password."""

    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
            Email(_l("Enter an e-mail address such as name@example.org.")),
        ],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Enter your password.")),
            Length(
                max=PASSWORD_MAX_LENGTH,
                message=_l(
                    "A password has at most %(count)s characters.", count=PASSWORD_MAX_LENGTH
                ),
            ),
        ],
        render_kw={"autocomplete": "current-password"},
    )
