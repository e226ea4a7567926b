"""The NHS.UK front end actually starts (issue 19, point 5).

Every page marks <body> ``nhsuk-frontend-supported`` (static/js/supported.js, an external file because the
Content-Security-Policy allows no inline script) so that init.mjs's initAll starts the components: no
console errors on any page, for every kind of user; focus on the error summary after a failed submit; the
header menu collapses behind "More" at 360 px. These pages run with the site's CSP enforced.
"""

import pytest

from actions.models import Response
from tests.browser.console import watch_console
from tests.conftest import DEMO_ODS

ROLES = ["hr.lead", "secretary", "board.member", "admin", "ics.lead", "region.lead"]


@pytest.fixture
def strict_context(browser):
    """A browser that keeps the site's Content-Security-Policy (the shared fixture bypasses it for axe)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def _pages_of(page, live_server):
    """The pages a person reaches from the menu, plus an action page, a board report and a missing page."""
    links = page.eval_on_selector_all(
        ".nhsuk-header__navigation-list a.nhsuk-header__navigation-link", "links => links.map(a => a.href)"
    )
    links = [link for link in dict.fromkeys(links) if "/admin/" not in link]
    response = Response.objects.filter(organisation__ods_code=DEMO_ODS).order_by("pk").first()
    return [*links, f"{live_server.url}/actions/{response.pk}/", f"{live_server.url}/no-such-page/"]


@pytest.mark.parametrize("username", ROLES)
def test_every_page_starts_the_front_end_without_a_console_error(live_server, login, strict_context, username):
    page = strict_context.new_page()
    problems = watch_console(page, live_server.url)
    login(page, username)
    visited = []
    for link in _pages_of(page, live_server):
        page.goto(link)
        page.wait_for_load_state("networkidle")
        visited.append(page.url)
        assert "nhsuk-frontend-supported" in page.evaluate("document.body.className"), page.url
        if page.locator(".nhsuk-header__navigation").count():
            assert page.locator("[data-module=nhsuk-header][data-nhsuk-header-init]").count() == 1, page.url
    assert len(visited) >= 4, visited
    assert problems == [], problems


def test_the_console_check_sees_the_front_end_not_starting(live_server, login, strict_context):
    """The check above can fail: without supported.js, NHS.UK frontend's SupportError is caught."""
    page = strict_context.new_page()
    problems = watch_console(page, live_server.url)
    page.route(
        "**/static/js/supported.js", lambda route: route.fulfill(status=200, body="", content_type="text/javascript")
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.wait_for_load_state("networkidle")
    assert any("SupportError" in text for _, text in problems), problems


def test_focus_lands_on_the_error_summary_after_a_failed_submit(live_server, login, strict_context):
    page = strict_context.new_page()
    problems = watch_console(page, live_server.url)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("hr.lead")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.activeElement.classList.contains('nhsuk-error-summary')")
    assert page.locator(".nhsuk-error-summary").is_visible()

    login(page, "hr.lead")
    response = Response.objects.filter(organisation__ods_code=DEMO_ODS).order_by("pk").first()
    page.goto(f"{live_server.url}/actions/{response.pk}/")
    page.get_by_role("button", name="Record update").click()  # no note: "Enter a progress note"
    page.wait_for_load_state("networkidle")
    assert page.title().startswith("Error:")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    summary = page.locator("#error-summary")
    box = summary.bounding_box()
    assert box and 0 <= box["y"] < page.viewport_size["height"]  # on screen
    summary.get_by_role("link", name="Enter a progress note").click()
    assert page.evaluate("document.activeElement.id") == "id_update-note"  # the summary's link moves focus
    assert problems == [], problems


def test_the_header_menu_collapses_at_360_px(live_server, login, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    problems = watch_console(page, live_server.url)
    login(page, "hr.lead")
    page.wait_for_load_state("networkidle")
    toggle = page.locator("#toggle-menu")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    board_reports = page.locator(".nhsuk-header__navigation").get_by_role("link", name="Board reports")
    assert not board_reports.is_visible()  # moved into the collapsed menu
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert board_reports.is_visible()
    board_reports.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Board reports", level=1).is_visible()
    assert problems == [], problems
    context.close()


def test_the_header_shows_every_link_at_1280_px(live_server, login, strict_context):
    page = strict_context.new_page()
    login(page, "hr.lead")
    page.wait_for_load_state("networkidle")
    assert not page.locator("#toggle-menu").is_visible()
    assert page.locator(".nhsuk-header__navigation").get_by_role("link", name="Board reports").is_visible()
