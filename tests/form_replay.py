"""Read the forms on a page as a browser does, so a test can submit one back unchanged."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

TEXT_LIKE = {"", "text", "hidden", "date", "time", "datetime-local", "number", "email", "tel",
             "url", "search", "password", "month", "week", "color", "range"}  # fmt: skip


class ParsedForm:
    """One <form>: its method, action and the fields a browser would send."""

    def __init__(self, method: str, action: str):
        self.method, self.action = method, action
        self.pairs: list[tuple[str, str]] = []
        self.submit: tuple[str, str] | None = None  # the first named submit button
        self.has_submit = False


class FormReader(HTMLParser):
    """Collect each form's successful controls (HTML's "form data set")."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[ParsedForm] = []
        self.form: ParsedForm | None = None
        self.textarea: tuple[str, list[str]] | None = None
        self.select: tuple[str, bool, list[tuple[str, bool]]] | None = None
        self.option: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            self.form = ParsedForm(a.get("method", "get").lower(), a.get("action", ""))
            self.forms.append(self.form)
        if self.form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                if not self.form.has_submit and name:
                    self.form.submit = (name, a.get("value", ""))
                self.form.has_submit = True
            elif kind in ("checkbox", "radio"):
                if name and "checked" in a:
                    self.form.pairs.append((name, a.get("value", "on")))
            elif kind in TEXT_LIKE and name:
                self.form.pairs.append((name, a.get("value", "")))
        elif tag == "button" and a.get("type", "submit").lower() == "submit":
            if not self.form.has_submit and name:
                self.form.submit = (name, a.get("value", ""))
            self.form.has_submit = True
        elif tag == "textarea" and name:
            self.textarea = (name, [])
        elif tag == "select" and name:
            self.select = (name, "multiple" in a, [])
        elif tag == "option" and self.select is not None:
            self.option = [a.get("value"), "selected" in a, []]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)
        if self.option is not None:
            self.option[2].append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self.option is not None:
            value, selected, text = self.option
            self.select[2].append((value if value is not None else "".join(text), selected))
            self.option = None
        elif tag == "textarea" and self.textarea is not None:
            name, parts = self.textarea
            text = "".join(parts).replace("\r\n", "\n").replace("\r", "\n")
            # A browser drops one newline right after <textarea> and sends line breaks as CRLF.
            text = text[1:] if text.startswith("\n") else text
            self.form.pairs.append((name, text.replace("\n", "\r\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            if self.option is not None:
                self.handle_endtag("option")
            name, multiple, options = self.select
            chosen = [value for value, selected in options if selected]
            if not multiple:
                # The last selected option wins; with none, the first is shown and sent.
                chosen = chosen[-1:] or [value for value, _ in options[:1]]
            self.form.pairs += [(name, value) for value in chosen]
            self.select = None
        elif tag == "form":
            self.form = None


def form_posting_to(html: str, page_url: str) -> ParsedForm:
    """The one POST form on the page whose action is the page itself."""
    reader = FormReader()
    reader.feed(html)
    reader.close()
    target = urlsplit(page_url).path
    found = [
        form
        for form in reader.forms
        if form.method == "post" and urlsplit(urljoin(page_url, form.action)).path == target
    ]
    assert len(found) == 1, f"{len(found)} forms post to {target}"
    return found[0]


def submitted_pairs(form: ParsedForm) -> list[tuple[str, str]]:
    """What pressing Enter (the first submit button) sends."""
    return form.pairs + ([form.submit] if form.submit else [])
