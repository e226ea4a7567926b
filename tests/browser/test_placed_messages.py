"""Messages where people look (issue 19, point 6): after "Record update" or "Mark as done" the outcome is an
NHS.UK notification banner just above the section the page returns to, on screen and focused (so a screen
reader reads it), and not repeated at the top of the page. At 1280 and 360 px, axe-core clean."""

import os
from pathlib import Path

import pytest

from actions.models import ProgressUpdate, Response
from tests.browser.conftest import run_axe
from tests.browser.console import watch_console
from tests.conftest import DEMO_ODS
from tests.pages_helpers import add_item


@pytest.fixture
def response_with_item(demo_transactional):
    response = Response.objects.filter(organisation__ods_code=DEMO_ODS).order_by("pk").first()
    response.checklist.all().delete()
    add_item(response, "Agree the risk assessment template")
    return response


def _on_screen(page, selector):
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def _shoot(page, name):
    folder = os.environ.get("SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}-{page.viewport_size['width']}.png")


@pytest.mark.parametrize("width,height", [(1280, 900), (360, 740)])
def test_the_outcome_is_shown_and_focused_where_the_person_is(
    live_server, login, page, response_with_item, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    problems = watch_console(page, live_server.url)
    login(page, "hr.lead")
    page.goto(f"{live_server.url}/actions/{response_with_item.pk}/")
    page.get_by_label("Progress note").fill("Wellbeing guardians met; template agreed in principle.")
    page.get_by_role("button", name="Record update").click()
    page.wait_for_load_state("networkidle")

    assert page.url.endswith("#banner-progress")
    banner = page.locator("#banner-progress")
    assert banner.get_attribute("role") == "alert" and banner.get_attribute("tabindex") == "-1"
    assert "Your progress update has been recorded." in banner.inner_text()
    assert _on_screen(page, "#banner-progress"), "the banner is off screen"
    assert page.evaluate("document.activeElement.id") == "banner-progress"
    assert page.get_by_text("Your progress update has been recorded.").count() == 1  # not also at the top
    assert page.locator(".app-message").count() == 0
    # The new update is just below it, under the section's heading.
    assert page.locator("#timeline").get_by_text("Wellbeing guardians met").first.is_visible()
    _shoot(page, "banner-progress")
    assert run_axe(page) == []

    page.get_by_role("button", name="Mark as done").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("#banner-checklist")
    assert "“Agree the risk assessment template” marked as done." in page.locator("#banner-checklist").inner_text()
    assert _on_screen(page, "#banner-checklist")
    assert page.evaluate("document.activeElement.id") == "banner-checklist"
    assert page.locator("#banner-progress").count() == 0  # the earlier message is gone
    _shoot(page, "banner-checklist")
    assert run_axe(page) == []
    assert problems == [], problems


def test_the_banner_is_reached_without_javascript_too(live_server, login, browser, response_with_item):
    """The redirect's anchor is the banner itself (tabindex -1): the browser scrolls to it and focuses it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    login(page, "hr.lead")
    page.goto(f"{live_server.url}/actions/{response_with_item.pk}/")
    page.get_by_label("Progress note").fill("Without JavaScript")
    page.get_by_role("button", name="Record update").click()
    page.wait_for_load_state()
    assert _on_screen(page, "#banner-progress")
    assert page.evaluate("document.activeElement.id") == "banner-progress"
    context.close()
    assert ProgressUpdate.objects.filter(response=response_with_item, note="Without JavaScript").exists()
