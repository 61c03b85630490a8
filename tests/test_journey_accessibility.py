"""axe-core over the pages each role reaches from its dashboard, on the demo data: no WCAG 2.2
A/AA violation anywhere a coordinator, a partner teacher or a participant goes."""

import re

import pytest
from browser import axe_violations, sign_in

from linkenglish.demo.people import DEMO_LOGINS

pytestmark = pytest.mark.browser

PAGES_PER_ROLE = 25
# Downloads, feeds and state changes are not pages to check.
SKIP = re.compile(r"\.(csv|xlsx|pdf|ics|json|atom|xml)\b|download|/sign-out|/calendar/")


def same_site_links(page) -> list[str]:
    """The site-relative links of the page, without fragments."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    return [href.split("#")[0] for href in hrefs if href.startswith("/") and not SKIP.search(href)]


@pytest.mark.parametrize("role", ["coordinator", "partner", "participant"])
def test_pages_each_role_reaches_meet_wcag(browser, live_server, runner, role):
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0
    _role, email, password = next(login for login in DEMO_LOGINS if login[0] == role)
    context = browser.new_context(base_url=live_server, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    sign_in(page, email, password)

    # Breadth first, one page per path (the first query string seen), so every kind of
    # page is checked before a second participant's or session's.
    found, queue, checked = {}, ["/dashboard"], set()
    while queue and len(checked) < PAGES_PER_ROLE:
        url = queue.pop(0)
        shape = re.sub(r"/\d+", "/N", url.split("?")[0])
        if shape in checked:
            continue
        checked.add(shape)
        response = page.goto(url)
        if response.status != 200 or "text/html" not in response.headers["content-type"]:
            continue
        problems = axe_violations(page, ignore_svg_text=True)
        if problems:
            found[url] = problems
        queue += same_site_links(page)
    context.close()
    assert len(checked) >= 8, checked
    assert found == {}
