"""The partner organisation form."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired

from linkenglish.forms import Form, fits_column
from linkenglish.models import PartnerOrganisation


class PartnerOrganisationForm(Form):
    """An organisation that teaches with LiNK."""

    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Enter the organisation's name.")),
            fits_column(PartnerOrganisation.name),
        ],
    )
