"""The form behind the calendar link's buttons."""

from linkenglish.forms import Form


class CalendarLinkForm(Form):
    """Create or reset the calendar link: no fields, only the CSRF token."""
