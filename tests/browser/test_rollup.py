"""The ICS people lead in Chromium: trusts side by side, a member trust's action (read only), one
action across the system, exceptions and the roll-up download — each page axe-clean, and usable
at 360 px (nothing wider than the screen)."""

import io
import os
from pathlib import Path

from openpyxl import load_workbook

from .test_report_page import page_violations

SHOTS = Path(os.environ.get("ROLLUP_SCREENSHOTS", "/tmp/peopleplan-rollup-shots"))
MEMBERS = [
    "Cambridgeshire Community Services NHS Trust",
    "Demo Fenland Hospitals Trust (demo data)",
    "Demo Nene Valley Mental Health Trust (demo data)",
]


def _no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_ics_lead_reviews_the_system(page, login, live_server):
    login(page, "ics.lead")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Trusts side by side").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Trusts side by side"
    table = page.locator("#side-by-side")
    for name in MEMBERS:
        assert table.get_by_role("link", name=name, exact=True).is_visible()
    assert page_violations(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "side-by-side.png"), full_page=True)

    # A member trust's action list and one of its actions: read only, no edit controls.
    table.get_by_role("link", name=MEMBERS[1], exact=True).click()
    assert page.get_by_text("Read only").first.is_visible()
    assert page_violations(page) == []
    page.locator("#action-table a").first.click()
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_role("button", name="Record update").count() == 0
    assert page.get_by_role("link", name="Record a progress update").count() == 0
    assert page.locator("main form[method=post]").count() == 0
    assert page_violations(page) == []

    # One action across the system.
    page.goto(f"{live_server.url}/rollups/QUE/")
    page.get_by_role("link", name="One action across the system").click()
    page.get_by_label("Action").select_option(
        label=page.locator("#id_action option", has_text="Health and wellbeing 4:").inner_text()
    )
    page.get_by_role("button", name="Show").click()
    across = page.locator("#action-across")
    for name in MEMBERS:
        assert across.get_by_role("link", name=name, exact=True).is_visible()
    assert page_violations(page) == []
    page.screenshot(path=str(SHOTS / "one-action.png"), full_page=True)

    page.get_by_role("link", name="Exceptions").click()
    assert page.locator("#exception-counts").is_visible()
    assert page_violations(page) == []

    with page.expect_download() as download:
        page.get_by_role(
            "link", name="workbook (.xlsx) of NHS Cambridgeshire and Peterborough Integrated Care System"
        ).click()
    assert download.value.suggested_filename.startswith("que-people-plan-roll-up-")
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    assert workbook.sheetnames == ["Cover", "By organisation", "By theme", "Exceptions", "Responses"]


def test_the_roll_up_pages_are_usable_at_360_px(browser, login, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 780}, bypass_csp=True)
    page = context.new_page()
    try:
        login(page, "ics.lead")
        for path in ["/rollups/QUE/", "/rollups/QUE/action/?action=4", "/rollups/QUE/exceptions/"]:
            page.goto(live_server.url + path)
            assert _no_horizontal_scroll(page), path
            assert page_violations(page) == [], path
        page.goto(live_server.url + "/rollups/QUE/")
        page.screenshot(path=str(SHOTS / "side-by-side-360.png"), full_page=True)
    finally:
        context.close()


def test_the_region_lead_goes_from_the_region_to_a_system(page, login, live_server):
    login(page, "region.lead")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Systems side by side").click()
    page.locator("#side-by-side").get_by_role(
        "link", name="NHS Cambridgeshire and Peterborough Integrated Care System"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Trusts side by side"
    assert page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="East of England").count() >= 1
    assert page_violations(page) == []
