"""A participant's own view: upcoming sessions, their attendance, and a private calendar feed."""
