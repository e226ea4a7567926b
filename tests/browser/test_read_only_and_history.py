"""Issue 19 in Chromium: the assurance level is never pre-selected (point 3), read-only made plain
(point 7), history in words and breadcrumbs that follow where the person came from (point 8).

Every page visited passes axe-core and logs no console error. Screenshots at 1280 px and 360 px go to
``$READONLY_SCREENSHOTS`` (default /tmp/peopleplan-readonly-shots)."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import fill_date, run_axe

SHOTS = Path(os.environ.get("READONLY_SCREENSHOTS", "/tmp/peopleplan-readonly-shots"))
WIDTHS = (1280, 360)


def page_violations(page):
    """axe violations, less the shared header's known logo-label finding (base.html, not ours)."""
    return [
        v
        for v in run_axe(page)
        if not (v["id"] == "label-content-name-mismatch" and v["nodes"] == [[".nhsuk-header__service-logo"]])
    ]


# The NHS.UK fonts come from assets.nhs.uk, which this test machine cannot reach (no network): the
# only failed loads allowed, and only those. Anything else failing, and any other console error, fails.
OFFSITE_FONTS = "https://assets.nhs.uk/fonts/"
UNREACHABLE = "Failed to load resource: net::ERR_NAME_NOT_RESOLVED"


def watch_console(page):
    """Console errors and uncaught exceptions of the page from now on (a list, filled as it goes)."""
    errors = []

    def on_console(message):
        if message.type == "error" and message.text != UNREACHABLE:
            errors.append(message.text)

    def on_failed(request):
        if not request.url.startswith(OFFSITE_FONTS):
            errors.append(f"failed to load {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", on_failed)
    return errors


def shoot(page, name, *, locator=None):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        path = str(SHOTS / f"{name}-{width}.png")
        if locator is not None:  # from the top of the first element to the bottom of the last
            first, last = locator.first.bounding_box(), locator.last.bounding_box()  # viewport coordinates
            scrolled = page.evaluate("window.scrollY")
            top = first["y"]
            clip = {"x": 0, "y": top + scrolled - 8, "width": width, "height": last["y"] + last["height"] - top + 24}
            page.screenshot(path=path, full_page=True, clip=clip)
        else:
            page.screenshot(path=path, full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def way_back(page):
    """The page the breadcrumb leads back to (its last crumb) — the same as the back link (360 px)."""
    crumb = page.get_by_role("navigation", name="Breadcrumb").locator(".nhsuk-breadcrumb__link").last
    back = page.locator(".nhsuk-back-link").text_content().replace("Back to ", "").strip()
    assert crumb.inner_text().strip() == back
    return back


def go_back(page):
    page.get_by_role("navigation", name="Breadcrumb").locator(".nhsuk-breadcrumb__link").last.click()
    page.wait_for_load_state()


@pytest.fixture
def demo_response(demo_transactional):
    from actions.models import Response

    return (
        Response.objects.filter(
            organisation__ods_code="RYV", action__theme__name="Health and wellbeing", action__withdrawn_in__isnull=True
        )
        .order_by("action__ref")
        .first()
    )


def test_a_new_report_has_no_assurance_level_until_the_secretary_chooses(page, login, live_server):
    errors = watch_console(page)
    login(page, "secretary")
    page.goto(f"{live_server.url}/reports/new/")
    radios = page.locator("input[name=assurance_level]")
    assert radios.count() == 4 and page.locator("input[name=assurance_level]:checked").count() == 0
    assert page.get_by_text("You must choose one before you issue the report.").is_visible()
    assert page_violations(page) == []
    shoot(page, "new-report")
    # A draft may be saved without a level, but it cannot be issued until one is chosen.
    fill_date(page, "Meeting date", 28, 1, 2026)
    page.get_by_label("Report author").fill("Angela Hartley")
    page.get_by_label("Executive sponsor", exact=True).fill("Anita Pisani")
    page.get_by_role("button", name="Create draft report").click()
    expect(page.get_by_text("Not chosen yet")).to_be_visible()
    page.get_by_role("link", name="Issue report").click()
    assert page.title().startswith("Error: ")
    assert page.get_by_role("button", name="Issue report").count() == 0
    assert page_violations(page) == []
    page.get_by_role("link", name="Choose the assurance level").click()
    page.get_by_label("Partial").check()
    page.get_by_role("button", name=re.compile("Save")).click()
    page.get_by_role("link", name="Issue report").click()
    page.get_by_role("button", name="Issue report").click()
    assert page.get_by_text("Report issued.").is_visible()
    assert errors == []


def test_a_board_member_sees_what_they_can_do_and_never_a_draft(page, login, live_server, demo_response):
    from django.contrib.auth import get_user_model

    from owners.models import Organisation
    from peopleplan.demo.reports import create_demo_strategy_update

    draft = create_demo_strategy_update(
        Organisation.objects.get(ods_code="RYV"), get_user_model().objects.get(username="secretary")
    )
    errors = watch_console(page)
    login(page, "board.member")
    menu = page.get_by_role("navigation", name="Menu")
    assert menu.get_by_role("link", name="My actions").count() == 0
    assert menu.get_by_role("link", name="Board reports").count() == 1
    page.goto(f"{live_server.url}/actions/mine/")
    assert page.get_by_text("Your role is read only").is_visible()
    assert page_violations(page) == []
    # From the action list's search to an action: the way back is the search.
    page.goto(f"{live_server.url}/actions/?q=wellbeing")
    page.locator("table a[href*='/actions/']").first.click()
    assert page.get_by_text("You can view this action. Owners and HR leads update it.").is_visible()
    assert page.get_by_role("button", name="Record update").count() == 0
    assert page.get_by_role("button", name=re.compile("Mark as")).count() == 0
    assert way_back(page) == "Search results for “wellbeing”"
    assert page_violations(page) == []
    shoot(page, "board-member-action")
    go_back(page)
    assert page.url.endswith("/actions/?q=wellbeing")
    page.goto(f"{live_server.url}/reports/")
    assert page.get_by_role("link", name=draft.title).count() == 0
    assert errors == []
    # A draft does not exist for a board member, not even by its address.
    not_found = []
    page.on("response", lambda response: not_found.append(response.url) if response.status == 404 else None)
    assert page.goto(f"{live_server.url}/reports/{draft.pk}/").status == 404
    assert not_found == [f"{live_server.url}/reports/{draft.pk}/"]


def test_history_reads_in_words_and_the_way_back_is_my_actions(page, login, live_server, demo_response):
    from actions.models import ResponseOwner
    from owners.models import Owner

    ResponseOwner.objects.get_or_create(
        response=demo_response, owner=Owner.objects.get(user__username="hr.lead"), defaults={"is_lead": False}
    )
    errors = watch_console(page)
    login(page, "hr.lead")
    page.goto(f"{live_server.url}/actions/mine/")
    page.locator("#my-actions").get_by_role(
        "link", name=f"Health and wellbeing {demo_response.action.ref}", exact=True
    ).click()
    page.get_by_label("Status").first.select_option(label="At risk")
    page.get_by_label("Progress note").fill("Recruitment of wellbeing champions has slipped.")
    page.get_by_role("button", name="Record update").click()
    history = page.locator("#history + ol.app-history")
    assert history.get_by_text(re.compile(r"^Status changed from .+ to At risk$")).first.is_visible()
    assert history.get_by_text("Status at the time: At risk").first.is_visible()
    assert way_back(page) == "My actions"
    assert page_violations(page) == []
    shoot(page, "history", locator=page.locator("#history, #history + ol.app-history"))
    go_back(page)
    assert page.url.endswith("/actions/mine/")
    assert errors == []


def test_a_system_lead_goes_back_to_the_roll_up(page, login, live_server, demo_transactional):
    errors = watch_console(page)
    login(page, "ics.lead")
    page.goto(f"{live_server.url}/rollups/QUE/exceptions/")
    page.locator("table a[href*='/actions/']").first.click()
    assert page.locator("#read-only-note").is_visible()
    assert page.get_by_role("button", name="Record update").count() == 0
    assert way_back(page).startswith("Exceptions: ")
    assert page_violations(page) == []
    go_back(page)
    assert "/rollups/QUE/exceptions/" in page.url
    assert errors == []
