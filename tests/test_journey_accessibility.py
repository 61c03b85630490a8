"""axe-core over every page type each role reaches (tests/sweep_pages.py), on the demo data,
each page loaded fresh in a phone-sized tab: no WCAG 2.2 A/AA finding, serious or critical or
any other, anywhere a coordinator, a partner teacher, a participant or the public goes."""

import pytest
from browser import axe_violations, sign_in
from sweep_pages import ROLES, SWEEP_LOGINS, seeded_pages

pytestmark = [pytest.mark.browser, pytest.mark.sweep]

# A phone from the start (not a desktop page made narrow): 390 × 844 CSS pixels, touch.
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_meets_wcag_on_a_phone(browser, live_server, app, runner, role):
    pages = seeded_pages(app, runner)
    context = browser.new_context(base_url=live_server, **PHONE)
    page = context.new_page()
    # Script errors and anything the Content-Security-Policy refused (an inline style or
    # script) show in the console, with where; so does an error page's own status.
    console = []
    page.on("pageerror", lambda error: console.append((page.url, str(error))))

    def note(message):
        if message.type == "error":
            console.append((message.location.get("url") or page.url, message.text))

    page.on("console", note)
    if role != "public":
        sign_in(page, *SWEEP_LOGINS[role])
    found, answers = {}, {}
    for url, _status in pages[role]:
        answers[url] = page.goto(url).status
        # Any finding fails, whatever its impact (the phone sweep found none below serious).
        if problems := axe_violations(page, ignore_svg_text=True):
            found[url] = problems
    context.close()
    assert answers == dict(pages[role])
    assert found == {}, "\n".join(f"{url}: {problem}" for url in found for problem in found[url])
    status_of = {live_server + url: status for url, status in pages[role]}
    own_status = "Failed to load resource: the server responded with a status of {} ("
    unexpected = [
        f"{url}: {text}"
        for url, text in console
        if not text.startswith(own_status.format(status_of.get(url)))
    ]
    assert unexpected == []
