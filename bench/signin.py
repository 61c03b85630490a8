"""Sign in over HTTP as a browser does, and read forms off pages, for wrk to replay."""

import http.cookiejar
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urlencode


class FormReader(HTMLParser):
    """The fields a browser would send from the form whose action ends with a path."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.fields, self.textarea = action, False, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            # A form without an action posts to its own page, which is action here.
            target = attrs.get("action") or self.action
            self.inside = target.split("?")[0].endswith(self.action)
        elif not self.inside or "name" not in attrs:
            return
        elif tag == "input" and attrs.get("type") not in {"submit", "button", "checkbox", "radio"}:
            self.fields.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "input" and "checked" in attrs:
            self.fields.append((attrs["name"], attrs.get("value") or "on"))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append(tuple(self.textarea))
            self.textarea = None


def form_fields(html: str, action: str) -> list[tuple[str, str]]:
    """Read the fields of the form posting to action."""
    reader = FormReader(action)
    reader.feed(html)
    return reader.fields


class Browser:
    """A cookie jar and a way to fetch pages on one base URL."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        """Fetch a page as text."""
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.read().decode()

    def post(self, path: str, fields: list) -> str:
        """Post a form and follow the redirect."""
        data = urlencode(fields).encode()
        with self.opener.open(self.base + path, data=data, timeout=60) as response:
            return response.read().decode()

    def cookie(self) -> str:
        """The Cookie header the browser would send now."""
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def sign_in(self, *, path: str, email: str, password: str) -> None:
        """Sign in through the sign-in form."""
        fields = dict(form_fields(self.get(path), path))
        fields.update(email=email, password=password)
        self.post(path, list(fields.items()))
