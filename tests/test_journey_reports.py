"""In a real browser on a laptop-sized screen: a partner teacher opens the attendance matrix of
a cohort of 30 participants and 60 sessions from the reports page, scrolls the table and still
sees the header row and the names, then downloads the matrix as XLSX."""

import openpyxl
import pytest
from browser import sign_in
from playwright.sync_api import expect
from report_data import sized_cohort

from conftest import PASSWORD
from linkenglish.models import Role

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}


def test_partner_scrolls_the_matrix_and_downloads_it(page, app, make_user, tmp_path):
    cohort_id = sized_cohort(
        app, participants=30, sessions=60, name="LIEP Autumn", partner_name="British Council"
    )
    make_user(Role.PARTNER, email="kim@britishcouncil.example", partner_name="British Council")
    page.set_viewport_size(LAPTOP)
    sign_in(page, "kim@britishcouncil.example", PASSWORD)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    page.get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="LIEP Autumn").click()
    expect(page.get_by_role("heading", name="Attendance matrix: LIEP Autumn")).to_be_visible()
    table = page.get_by_role("region", name="Matrix, scrolls across and down")
    expect(table.locator("tbody tr")).to_have_count(30)
    expect(table.locator("thead th.day")).to_have_count(60)

    # Every session column fits the laptop's width; only the counts after them scroll.
    last_day = table.locator("thead th.day").last.bounding_box()
    assert last_day["x"] + last_day["width"] <= LAPTOP["width"]

    corner = table.locator("thead th.matrix-name")
    day = table.locator("thead th.day").nth(40)
    first_name = table.locator("tbody th.matrix-name").first
    last_name = table.locator("tbody th.matrix-name").last
    table.hover()  # which scrolls the page to bring the table's middle into view
    frame = table.bounding_box()
    header_top = day.bounding_box()["y"]
    assert header_top == pytest.approx(frame["y"] + 1 + 24, abs=2)  # under the month row

    page.mouse.wheel(400, 500)
    page.wait_for_function(
        "() => document.querySelector('.matrix-scroll').scrollTop > 200"
        " && document.querySelector('.matrix-scroll').scrollLeft > 100"
    )
    # Only the table scrolled; its header row and the names stayed in view, the rows moved up.
    assert table.bounding_box()["y"] == pytest.approx(frame["y"], abs=1)
    assert day.bounding_box()["y"] == pytest.approx(header_top, abs=1)
    assert corner.bounding_box()["y"] == pytest.approx(frame["y"] + 1, abs=2)
    assert corner.bounding_box()["x"] == pytest.approx(frame["x"] + 1, abs=2)
    assert last_name.bounding_box()["x"] == pytest.approx(frame["x"] + 1, abs=2)
    assert first_name.bounding_box()["y"] < header_top
    expect(day).to_be_in_viewport()
    expect(last_name).to_be_in_viewport()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"cohort-{cohort_id}-attendance-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.suffix == ".xlsx"
    sheet = openpyxl.load_workbook(saved).worksheets[0]
    assert sheet.max_row == 1 + 30 + 1  # header, participants, sessions' counts
    assert sheet.max_column == 9 + 60
    assert sheet.freeze_panes == "B2"
    assert sheet["B2"].number_format == "0.0%"
