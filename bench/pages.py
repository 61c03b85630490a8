"""The pages the bench loads, who loads them, and the form a POST replays."""

from dataclasses import dataclass

from bench.generate import LOGINS, PASSWORD


@dataclass(frozen=True)
class Page:
    """One row of the table: a URL (by key) loaded as a role, GET or a replayed form POST."""

    name: str
    role: str | None  # None: signed out
    url: str
    form: str | None = None  # POST: the key of the page whose form is replayed


PAGES = [
    Page("gallery index", None, "gallery"),
    Page("gallery, page 101", None, "gallery_deep"),
    Page("essay page", None, "essay"),
    Page("feed", None, "feed"),
    Page("sitemap", None, "sitemap"),
    Page("coordinator dashboard", "coordinator", "dashboard"),
    Page("participants list", "coordinator", "participants"),
    Page("participants search", "coordinator", "participants_search"),
    Page("participant page", "coordinator", "participant"),
    Page("cohort page", "coordinator", "cohort"),
    Page("cohort matrix", "coordinator", "matrix"),
    Page("cohort matrix XLSX", "coordinator", "matrix_xlsx"),
    Page("at-risk", "coordinator", "at_risk"),
    Page("partner summary", "coordinator", "partner_summary"),
    Page("audit log", "coordinator", "audit"),
    Page("partner attendance screen", "partner", "attendance"),
    Page("participant dashboard", "participant", "dashboard"),
    Page("My writing", "participant", "my_writing"),
    Page("autosave POST (same text)", "participant", "autosave", form="editor"),
    Page("attendance POST (same marks)", "partner", "attendance", form="attendance"),
    Page("sign-in POST (Argon2)", None, "sign_in", form="sign_in"),
]
AUTOSAVE_FIELDS = {"csrf_token", "title", "body", "revision"}


def browsers_signed_in(make, urls: dict) -> dict:
    """One browser per role (None: signed out), signed in through the form."""
    browsers = {None: make()}
    for role, email in LOGINS.items():
        browsers[role] = make()
        browsers[role].sign_in(path=urls["sign_in"], email=email, password=PASSWORD)
    return browsers


def post_fields(page: Page, browser, urls: dict) -> list | None:
    """The form fields a POST row sends, read off the page a person would post from."""
    from bench.signin import form_fields

    if page.form is None:
        return None
    if page.form == "editor":
        editor = urls["autosave"].removesuffix("/autosave")
        fields = form_fields(browser.get(editor), editor)
        return [(name, value) for name, value in fields if name in AUTOSAVE_FIELDS]
    if page.form == "sign_in":
        fields = dict(form_fields(browser.get(urls["sign_in"]), urls["sign_in"]))
        fields.update(email=LOGINS["participant"], password=PASSWORD)
        return list(fields.items())
    return form_fields(browser.get(urls[page.url]), urls[page.url])
