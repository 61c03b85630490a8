"""Count the SQL statements of one request in-process (Flask test client), after the load:
nothing is added to the app's responses."""

from urllib.parse import urlencode

from sqlalchemy import event

from bench.signin import form_fields


class ClientBrowser:
    """The Browser interface (get, post, sign_in) over app.test_client(), counting SQL."""

    def __init__(self, app):
        self.app, self.client, self.statements = app, app.test_client(), 0
        self.base = app.config["PUBLIC_URL"]  # the Host the app answers to

    def get(self, path: str) -> str:
        """Fetch a page as text."""
        return self.client.get(path, base_url=self.base).get_data(as_text=True)

    def post(self, path: str, fields: list) -> str:
        """Post a form."""
        return self.client.post(
            path,
            base_url=self.base,
            data=urlencode(fields),
            content_type="application/x-www-form-urlencoded",
        ).get_data(as_text=True)

    def sign_in(self, *, path: str, email: str, password: str) -> None:
        """Sign in through the sign-in form."""
        fields = dict(form_fields(self.get(path), path))
        fields.update(email=email, password=password)
        self.post(path, list(fields.items()))

    def count(self, path: str, post: list | None = None) -> tuple[int, int]:
        """The statements one GET (or form POST) of path runs, and its status code."""
        with self.app.app_context():
            from linkenglish.extensions import db

            engine = db.engine

        def tally(*_args):
            self.statements += 1

        event.listen(engine, "before_cursor_execute", tally)
        try:
            self.statements = 0
            if post is None:
                response = self.client.get(path, base_url=self.base)
            else:
                response = self.client.post(
                    path,
                    base_url=self.base,
                    data=urlencode(post),
                    content_type="application/x-www-form-urlencoded",
                )
            return self.statements, response.status_code
        finally:
            event.remove(engine, "before_cursor_execute", tally)
