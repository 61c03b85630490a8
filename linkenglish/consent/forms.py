"""Forms for consent, the identity check, redaction and take-down."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from linkenglish.forms import Form, fits_column, select_choices, with_placeholder
from linkenglish.models import ConsentMethod, ConsentRecord, EssayVersion, Publication, Redaction

LANGUAGE_CHOICES = [("ko", "한국어"), ("en", "English")]
METHOD_CHOICES = [
    (ConsentMethod.IN_PERSON.value, _l("In person")),
    (ConsentMethod.PAPER.value, _l("On paper")),
    (ConsentMethod.PHONE.value, _l("By phone")),
]


class ConsentForm(Form):
    """What the author agrees to: which version, under which name, where."""

    version = SelectField(
        _l("Which version"), validators=[InputRequired(_l("Choose a version."))], choices=[]
    )
    pen_name = StringField(
        _l("Pen name"),
        validators=[DataRequired(_l("Choose a pen name.")), fits_column(ConsentRecord.pen_name)],
    )
    author_note = StringField(
        _l("Author note (optional, one line)"),
        validators=[Optional(), fits_column(ConsentRecord.author_note)],
    )
    scope_web = BooleanField(_l("The LiNK English web gallery"), default=True)
    scope_print = BooleanField(_l("Printed material from LiNK"))
    scope_social = BooleanField(_l("LiNK's social media"))
    language = RadioField(
        _l("Read the consent text in"),
        choices=select_choices(LANGUAGE_CHOICES),
        default="ko",
        validators=[InputRequired()],
    )
    # What the preview showed, so that "I agree" confirms exactly that.
    previewed = HiddenField()
    agree = BooleanField(_l("I have read the consent text and I agree to publish this essay."))

    def set_versions(self, versions: list[EssayVersion], labels: dict[int, str]) -> None:
        """Offer these versions, newest first, the newest chosen by default (not when the
        person sent the empty choice: that is refused, not replaced)."""
        self.version.choices = with_placeholder(
            select_choices((version.id, labels[version.id]) for version in versions)
        )
        if not self.version.raw_data and self.version.data in (None, "", "None") and versions:
            self.version.data = str(versions[0].id)

    def chosen_version_id(self) -> int | None:
        """The chosen version's id, when it is one of those offered."""
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None

    def validate_scope_web(self, field) -> None:
        """At least one place to publish."""
        if not (field.data or self.scope_print.data or self.scope_social.data):
            raise ValidationError(_l("Choose at least one place where the essay may appear."))


class RecordConsentForm(ConsentForm):
    """A coordinator records consent the participant gave outside the app."""

    method = RadioField(
        _l("How the participant gave consent"),
        choices=select_choices(METHOD_CHOICES),
        validators=[InputRequired(_l("Say how consent was given."))],
    )
    method_note = TextAreaField(
        _l("Note (who was there, where the paper form is kept)"),
        validators=[Optional(), fits_column(ConsentRecord.method_note)],
    )
    agree = BooleanField(
        _l("The participant read this consent text (or had it read to them) and agreed.")
    )


class RedactForm(Form):
    """A coordinator's edit of the text before publication."""

    title = StringField(_l("Title"), validators=[DataRequired(), fits_column(EssayVersion.title)])
    body = TextAreaField(_l("Text"), validators=[DataRequired()])
    reason = StringField(
        _l("What was removed, and why (the participant sees this)"),
        validators=[DataRequired(), fits_column(Redaction.reason)],
    )


class TakeDownForm(Form):
    """Why a coordinator takes a publication down."""

    reason = StringField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Say why the essay is taken down.")),
            fits_column(Publication.withdrawal_reason),
        ],
    )


class ConfirmForm(Form):
    """A plain confirmation: CSRF and one button."""

    confirm = HiddenField(default="yes")
