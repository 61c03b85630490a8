"""Forms for importing participants from a spreadsheet."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField
from wtforms.validators import DataRequired, Regexp

from linkenglish.forms import Form
from linkenglish.imports.storage import TOKEN_PATTERN


class ImportUploadForm(Form):
    """The spreadsheet to check: CSV or XLSX."""

    file = FileField(
        _l("Spreadsheet (CSV or XLSX)"),
        validators=[
            FileRequired(_l("Choose a CSV or XLSX file to upload.")),
            FileAllowed(["csv", "xlsx"], _l("Upload a CSV or XLSX file; other kinds are refused.")),
        ],
        render_kw={"accept": ".csv,.xlsx"},
    )


class ImportConfirmForm(Form):
    """Confirms the import of a checked file, kept on the server under a random id."""

    upload = HiddenField(validators=[DataRequired(), Regexp(TOKEN_PATTERN)])
