"""In a real browser: a coordinator uploads a participant list with a bad row, reads what is
wrong, uploads the corrected file, imports it, and finds the people in the list."""

import pytest
from browser import sign_in
from playwright.sync_api import expect

from conftest import PASSWORD
from linkenglish.models import Role

pytestmark = pytest.mark.browser

HEADER = "법적 이름,영문 이름,이메일,전화,프로그램,레벨\r\n"
GOOD_ROW = "김하늘,Haneul,haneul@example.org,010-1234-5678,LELP,B1\r\n"


def csv_file(*rows: str) -> dict:
    """A file for the file input, as Korean Excel saves CSV (CP949)."""
    return {"name": "people.csv", "mimeType": "text/csv", "buffer": "".join(rows).encode("cp949")}


def test_coordinator_imports_a_corrected_list(page, live_server, make_user):
    make_user(Role.COORDINATOR, email="importer@example.org")
    sign_in(page, "importer@example.org", PASSWORD)
    page.get_by_role("link", name="Participants", exact=True).click()
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Import participants")).to_be_visible()

    # One bad row: nothing is imported and the row is named with the reason.
    page.get_by_label("Spreadsheet (CSV or XLSX)").set_input_files(
        csv_file(HEADER, GOOD_ROW, "이민준,Minjun,minjun-at-example.org,,LELP,A2\r\n")
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Nothing was imported")).to_be_visible()
    expect(page.get_by_text("Row 3").first).to_be_visible()
    expect(
        page.get_by_text("“minjun-at-example.org” is not an e-mail address").first
    ).to_be_visible()
    assert page.get_by_role("button", name="Import").count() == 0

    # While the corrected file is sent, a progress indicator shows and the button rests.
    page.get_by_role("link", name="Upload the corrected file").click()
    fixed = csv_file(HEADER, GOOD_ROW, "이민준,Minjun,minjun@example.org,,LELP,A2\r\n")
    page.get_by_label("Spreadsheet (CSV or XLSX)").set_input_files(fixed)
    page.evaluate(
        "document.querySelector('form[data-progress]')"
        ".addEventListener('submit', event => event.preventDefault())"
    )  # hold the form back, to look at the page while it would be sending
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Uploading and checking every row")).to_be_visible()
    expect(page.get_by_role("button", name="Check the file")).to_be_disabled()

    page.reload()
    page.get_by_label("Spreadsheet (CSV or XLSX)").set_input_files(fixed)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("All 2 rows can be imported")).to_be_visible()
    expect(page.get_by_role("cell", name="김하늘")).to_be_visible()
    page.get_by_role("button", name="Import 2 participants").click()

    expect(page.get_by_text("Imported 2 participants.")).to_be_visible()
    expect(page.get_by_role("link", name="Haneul")).to_be_visible()
    expect(page.get_by_role("link", name="Minjun")).to_be_visible()
    page.get_by_role("link", name="Minjun").click()
    expect(page.get_by_text("이민준")).to_be_visible()
