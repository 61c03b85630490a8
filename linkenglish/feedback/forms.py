"""The feedback form: comments and a CEFR band, with its descriptor, per criterion."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.validators import Length, Optional

from linkenglish.feedback.rubric import CRITERIA, CRITERION_LABELS, band_field, descriptor
from linkenglish.forms import Form, select_choices
from linkenglish.models import CEFR

COMMENTS_LENGTH = 20_000


def band_choices(criterion: str):
    """The six bands, each labelled with its descriptor for this criterion."""
    return select_choices(
        (band.value, f"{band.value} — {descriptor(criterion, band)}") for band in CEFR
    )


class FeedbackForm(Form):
    """A teacher's comments and bands on one submitted version."""

    comments = TextAreaField(
        _l("Comments"),
        validators=[
            Length(
                max=COMMENTS_LENGTH,
                message=_l("Comments can be at most %(max)d characters long."),
            )
        ],
        render_kw={"rows": 10},
    )
    task_band = RadioField(CRITERION_LABELS["task"], validators=[Optional()])
    organisation_band = RadioField(CRITERION_LABELS["organisation"], validators=[Optional()])
    vocabulary_band = RadioField(CRITERION_LABELS["vocabulary"], validators=[Optional()])
    grammar_band = RadioField(CRITERION_LABELS["grammar"], validators=[Optional()])
    overall_band = RadioField(CRITERION_LABELS["overall"], validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            self[band_field(criterion)].choices = band_choices(criterion)

    def bands(self) -> dict[str, CEFR | None]:
        """The chosen bands by criterion, once validated."""
        return {
            criterion: CEFR(value) if (value := self[band_field(criterion)].data) else None
            for criterion in CRITERIA
        }
