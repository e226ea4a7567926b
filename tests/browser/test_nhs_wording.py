"""NHS.UK wording and inputs in Chromium (issue 19, point 8): error messages in the service
manual's words, "Error:" page titles, the day/month/year date input, confirming a past due date,
and responsive tables at 360 px. Each page is checked with axe-core and for console errors.

``SCREENSHOT_DIR`` set: screenshots of each page at 1280 px and 360 px are saved there.
"""

import datetime
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from actions.models import Response
from owners.models import Organisation
from tests.browser.conftest import fill_date, run_axe
from tests.conftest import DEMO_ODS
from tests.pages_helpers import hw_response, own

SHOTS = os.environ.get("SCREENSHOT_DIR")


def violations(page):
    """axe violations, less the shared header's logo-label finding (base.html, not these pages)."""
    return [
        v
        for v in run_axe(page)
        if not (v["id"] == "label-content-name-mismatch" and v["nodes"] == [[".nhsuk-header__service-logo"]])
    ]


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def console_errors(page):
    """Collect the page's console errors and uncaught exceptions into a list.

    The NHS.UK font from https://assets.nhs.uk cannot load in the offline test machine: that one
    network failure is left out (the page falls back to Arial); every other error counts."""
    errors = []

    def on_console(message):
        url = message.location.get("url", "")
        if message.type == "error" and not (url.startswith("https://assets.nhs.uk/") and "ERR_NAME" in message.text):
            errors.append(f"{message.text} {url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def hw(live_server, demo_transactional):
    """A Health and wellbeing action of the demo trust, owned by the HR lead, no local due date."""
    response = hw_response(Organisation.objects.get(ods_code=DEMO_ODS), ref=3)
    Response.objects.filter(pk=response.pk).update(local_due_date=None)
    own(response, User.objects.get(username="hr.lead"))
    return response


def _open_due_date_form(page, live_server, response):
    page.goto(f"{live_server.url}/actions/{response.pk}/")
    details = page.locator("#due-date-details")
    if details.get_attribute("open") is None:
        page.get_by_text("Change the local due date").click()
    return page.get_by_role("group", name="Local due date", exact=True)


def _box_in_error(group, label):
    return "nhsuk-input--error" in (group.get_by_label(label).get_attribute("class") or "")


def test_sign_in_error_is_in_plain_words_with_an_error_title(page, live_server, demo_transactional):
    errors = console_errors(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("hr.lead")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".nhsuk-error-summary")
    assert summary.get_by_role("link", name="Enter your username and password correctly").is_visible()
    assert "correct username" not in page.content()  # Django's own wording is gone
    assert page.title().startswith("Error: Sign in")
    page.get_by_label("Username").fill("")
    page.get_by_label("Password").fill("")
    page.get_by_role("button", name="Sign in").click()
    assert summary.get_by_role("link", name="Enter your username").is_visible()
    assert summary.get_by_role("link", name="Enter your password").is_visible()
    assert violations(page) == []
    shoot(page, "sign-in-error-1280")
    assert errors == []


def test_new_report_errors_are_worded_and_titled(page, login, live_server):
    errors = console_errors(page)
    login(page, "secretary")
    page.goto(f"{live_server.url}/reports/new/")
    assert not page.title().startswith("Error:")
    page.get_by_label("Title", exact=True).fill("")
    page.get_by_role("button", name="Create draft report").click()
    summary = page.locator(".nhsuk-error-summary")
    assert summary.get_by_role("link", name="Enter the meeting date").is_visible()
    assert summary.get_by_role("link", name="Enter a title for the report").is_visible()
    assert "This field is required" not in page.content()
    assert page.title().startswith("Error: New board report")
    # The date's error sits on its fieldset; every box of the empty date is marked.
    meeting = page.get_by_role("group", name="Meeting date", exact=True)
    assert all(_box_in_error(meeting, label) for label in ("Day", "Month", "Year"))
    assert violations(page) == []
    shoot(page, "report-form-errors-1280")
    # A date with no month says which part is missing and marks only that box.
    fill_date(page, "Meeting date", 28, "", 2026)
    page.get_by_role("button", name="Create draft report").click()
    assert summary.get_by_role("link", name="Meeting date must include a month").is_visible()
    meeting = page.get_by_role("group", name="Meeting date", exact=True)
    assert _box_in_error(meeting, "Month")
    assert not _box_in_error(meeting, "Day") and not _box_in_error(meeting, "Year")
    assert meeting.get_by_label("Day").input_value() == "28"  # what was typed stays
    assert errors == []


def test_local_due_date_by_keyboard_with_the_error_on_the_right_box(page, login, live_server, hw):
    errors = console_errors(page)
    login(page, "hr.lead")
    group = _open_due_date_form(page, live_server, hw)
    assert group.get_by_label("Day").get_attribute("inputmode") == "numeric"
    assert page.locator('#due-date-details input[type="date"]').count() == 0
    # 31 February: typed box by box with the keyboard.
    group.get_by_label("Day").focus()
    page.keyboard.type("31")
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("2030")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Save due date"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Error:")
    link = page.locator(".nhsuk-error-summary").get_by_role("link", name="Local due date must be a real date")
    assert link.is_visible()
    group = page.get_by_role("group", name="Local due date", exact=True)
    assert link.get_attribute("href") == f"#{group.get_by_label('Day').get_attribute('id')}"
    assert _box_in_error(group, "Day") and not _box_in_error(group, "Month") and not _box_in_error(group, "Year")
    assert violations(page) == []
    shoot(page, "due-date-error-1280")
    # A month of 13 marks the month.
    group.get_by_label("Day").fill("1")
    group.get_by_label("Month").fill("13")
    page.get_by_role("button", name="Save due date").click()
    group = page.get_by_role("group", name="Local due date", exact=True)
    assert _box_in_error(group, "Month") and not _box_in_error(group, "Day")
    # A real future date saves.
    future = datetime.date.today() + datetime.timedelta(days=400)
    fill_date(page, "Local due date", future.day, future.month, future.year)
    page.get_by_role("button", name="Save due date").click()
    assert page.locator("#local-due-date").inner_text() == f"{future.day} {future:%B %Y}"
    assert not page.title().startswith("Error:")
    hw.refresh_from_db()
    assert hw.local_due_date == future
    assert errors == []


def test_a_past_due_date_asks_for_confirmation(page, login, live_server, hw):
    errors = console_errors(page)
    login(page, "hr.lead")
    _open_due_date_form(page, live_server, hw)
    fill_date(page, "Local due date", 1, 3, 2021)
    page.get_by_role("button", name="Save due date").click()
    # Not saved: a warning and a box to confirm, named in the error summary.
    hw.refresh_from_db()
    assert hw.local_due_date is None
    assert page.locator("#past-due-warning").is_visible()
    assert page.title().startswith("Error:")
    confirm = page.get_by_label("Yes, the due date is in the past")
    assert confirm.is_visible() and not confirm.is_checked()
    assert page.locator(".nhsuk-error-summary").get_by_role("link", name="Local due date is in the past").is_visible()
    group = page.get_by_role("group", name="Local due date", exact=True)
    assert group.get_by_label("Year").input_value() == "2021"  # the typed date is kept
    assert violations(page) == []
    shoot(page, "past-due-date-1280")
    confirm.check()
    page.get_by_role("button", name="Save due date").click()
    assert page.locator("#local-due-date").inner_text() == "1 March 2021"
    hw.refresh_from_db()
    assert hw.local_due_date == datetime.date(2021, 3, 1)
    # Saving the same date again needs no second confirmation; a future date never does.
    assert page.locator("#past-due-warning").count() == 0
    assert errors == []


def test_tables_stack_at_360_px_with_a_heading_in_each_cell(browser, login, live_server, hw):
    from peopleplan.demo.reports import create_demo_reports

    create_demo_reports(Organisation.objects.get(ods_code=DEMO_ODS), User.objects.get(username="secretary"))
    for width in (1280, 360):
        context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
        try:
            page = context.new_page()
            errors = console_errors(page)
            login(page, "secretary")
            for path, table, name in [
                ("/", "table.app-status-table", "dashboard"),
                ("/reports/", "#report-table", "report-list"),
                ("/actions/", "#action-table", "action-list"),
            ]:
                page.goto(f"{live_server.url}{path}")
                first_table = page.locator(table).first
                assert first_table.get_attribute("role") == "table", path
                row = first_table.locator("tbody tr").first
                heading = row.locator(".nhsuk-table-responsive__heading").first
                if width == 360:
                    # Column headings visually hidden (1 px, for screen readers), each cell a
                    # stacked block that names its column.
                    assert first_table.locator("thead").bounding_box()["height"] <= 1, path
                    assert heading.is_visible(), path
                    cells = row.locator("[role=cell]:visible")
                    boxes = [cells.nth(i).bounding_box() for i in range(min(cells.count(), 3))]
                    assert len({round(box["y"]) for box in boxes}) == len(boxes), f"{path}: cells not stacked"
                    assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
                    if name == "dashboard":  # a theme lists only the statuses it has
                        assert first_table.locator(".app-cell--zero").first.is_hidden()
                        assert first_table.locator("td:not(.app-cell--zero)").first.is_visible()
                else:
                    assert first_table.locator("thead").bounding_box()["height"] > 20, path
                    assert not heading.is_visible(), path
                assert violations(page) == [], f"{path} at {width} px"
                shoot(page, f"{name}-{width}")
            assert errors == []
        finally:
            context.close()


def test_error_pages_at_360_px(browser, login, live_server, hw):
    context = browser.new_context(viewport={"width": 360, "height": 800}, bypass_csp=True)
    try:
        page = context.new_page()
        errors = console_errors(page)
        login(page, "hr.lead")
        _open_due_date_form(page, live_server, hw)
        fill_date(page, "Local due date", 1, 3, 2021)
        page.get_by_role("button", name="Save due date").click()
        assert page.get_by_label("Yes, the due date is in the past").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert violations(page) == []
        shoot(page, "past-due-date-360")
        context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_role("button", name="Sign in").click()
        assert page.title().startswith("Error:")
        shoot(page, "sign-in-error-360")
        assert errors == []
    finally:
        context.close()
