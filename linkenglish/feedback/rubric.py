"""The writing rubric: four criteria and an overall band, each on the CEFR scale.

The descriptors are short paraphrases of the CEFR written-production scales (task
fulfilment, coherence, vocabulary range and control, grammatical accuracy), written for
learners to read next to their band.
"""

from flask_babel import lazy_gettext as _l

from linkenglish.models import CEFR

CRITERIA = ("task", "organisation", "vocabulary", "grammar", "overall")

CRITERION_LABELS = {
    "task": _l("Task achievement"),
    "organisation": _l("Organisation"),
    "vocabulary": _l("Vocabulary"),
    "grammar": _l("Grammar"),
    "overall": _l("Overall"),
}

DESCRIPTORS = {
    "task": {
        CEFR.A1: _l("Gives simple personal information in isolated phrases."),
        CEFR.A2: _l("Covers the task in short, simple sentences; some parts are missing."),
        CEFR.B1: _l("Covers the main points of the task in straightforward, connected text."),
        CEFR.B2: _l("Covers the task fully, with relevant detail and reasons."),
        CEFR.C1: _l("Covers the task fully and develops points with well-chosen support."),
        CEFR.C2: _l("Fulfils the task with precision and an effective, natural style."),
    },
    "organisation": {
        CEFR.A1: _l("Links words and phrases with very basic connectors like 'and'."),
        CEFR.A2: _l("Links simple sentences with 'and', 'but' and 'because'."),
        CEFR.B1: _l("Writes a linear sequence of points with clear paragraphs."),
        CEFR.B2: _l("Organises ideas logically and uses a range of linking words."),
        CEFR.C1: _l("Writes clear, well-structured text with controlled cohesion."),
        CEFR.C2: _l("Builds a smooth, logical structure that helps the reader throughout."),
    },
    "vocabulary": {
        CEFR.A1: _l("Uses a basic repertoire of isolated words and phrases."),
        CEFR.A2: _l("Uses everyday words for familiar topics; often repeats them."),
        CEFR.B1: _l("Has enough words for familiar topics, with some circumlocution."),
        CEFR.B2: _l("Uses a good range of vocabulary; some confusion in word choice."),
        CEFR.C1: _l("Uses a broad range, including idioms, with only occasional slips."),
        CEFR.C2: _l("Uses a very broad, precise vocabulary with full control."),
    },
    "grammar": {
        CEFR.A1: _l("Shows limited control of a few simple structures."),
        CEFR.A2: _l("Uses simple structures correctly but makes basic mistakes."),
        CEFR.B1: _l("Uses common structures reasonably accurately in familiar contexts."),
        CEFR.B2: _l("Shows good control; errors do not cause misunderstanding."),
        CEFR.C1: _l("Keeps a high degree of accuracy; errors are rare and hard to spot."),
        CEFR.C2: _l("Keeps consistent control of complex language."),
    },
    "overall": {
        CEFR.A1: _l("Can write simple isolated phrases and sentences."),
        CEFR.A2: _l("Can write a series of simple phrases and sentences linked together."),
        CEFR.B1: _l("Can write straightforward connected text on familiar subjects."),
        CEFR.B2: _l("Can write clear, detailed text, giving reasons and views."),
        CEFR.C1: _l("Can write clear, well-structured text on complex subjects."),
        CEFR.C2: _l("Can write clear, smoothly flowing, complex text in a fitting style."),
    },
}


def band_field(criterion: str) -> str:
    """The Feedback column holding a criterion's band."""
    return f"{criterion}_band"


def descriptor(criterion: str, band: CEFR | str | None) -> str:
    """The short descriptor of a band for a criterion ('' when no band is given)."""
    if not band:
        return ""
    return str(DESCRIPTORS[criterion][CEFR(band)])


def criterion_label(criterion: str) -> str:
    """The name of a criterion."""
    return str(CRITERION_LABELS[criterion])
