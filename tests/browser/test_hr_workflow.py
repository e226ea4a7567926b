"""The HR lead's workflow in a real browser (Playwright + Debian's Chromium), with axe-core checks."""

import re

import pytest
from django.contrib.auth.models import Group, User

from actions.models import Response, Status
from owners.models import Membership, Organisation
from peopleplan.roles import HR_LEAD
from tests.browser.conftest import run_axe
from tests.conftest import DEMO_ODS
from tests.pages_helpers import add_item, hw_response, make_overdue, own


@pytest.fixture
def overdue_hw(live_server, demo_transactional):
    """An overdue Health and wellbeing action owned by the HR lead, with an open checklist item."""
    trust = Organisation.objects.get(ods_code=DEMO_ODS)
    response = make_overdue(hw_response(trust, ref=3), days=40, status=Status.AT_RISK)
    response.checklist.all().delete()
    add_item(response, "Agree the risk assessment template")
    own(response, User.objects.get(username="hr.lead"))
    return response


def url(live_server, path):
    return f"{live_server.url}{path}"


def test_hr_lead_filters_opens_ticks_updates_and_sees_the_dashboard_change(live_server, login, page, overdue_hw):
    login(page, "hr.lead")
    page.get_by_role("link", name="Actions", exact=True).first.click()
    page.get_by_text("Filter actions").click()
    page.get_by_label("Theme").select_option(label="Health and wellbeing")
    page.get_by_label("Overdue only").check()
    page.get_by_role("button", name="Apply filters").click()
    assert "overdue=on" in page.url and "theme=" in page.url  # the filtered view is a shareable URL
    rows = page.locator("#action-table tbody tr")
    assert rows.count() >= 1
    for text in rows.all_inner_texts():
        assert "Health and wellbeing" in text and "Overdue" in text

    page.get_by_role("link", name="Health and wellbeing 3").click()
    page.get_by_role("button", name=re.compile("^Mark as done")).click()
    assert page.locator("#checklist").is_visible()
    assert "marked as done" in page.content()
    assert page.locator(".app-checklist__item .nhsuk-tag--green", has_text="Done").count() == 1

    page.get_by_label("Status").select_option(label="Off track")
    page.get_by_label("Progress note").fill("Template delayed: the union asked for changes.")
    page.get_by_role("button", name="Record update").click()
    assert "Your progress update has been recorded." in page.content()
    assert "Template delayed: the union asked for changes." in page.locator("#timeline").inner_text()

    page.get_by_role("link", name="Dashboard", exact=True).first.click()
    latest = page.locator("#latest-updates + ul li").first
    assert "Health and wellbeing 3" in latest.inner_text() and "Off track" in latest.inner_text()
    assert Response.objects.get(pk=overdue_hw.pk).status == Status.OFF_TRACK


def test_second_of_two_concurrent_editors_gets_the_conflict_and_keeps_their_text(
    live_server, login, browser, overdue_hw
):
    trust = Organisation.objects.get(ods_code=DEMO_ODS)
    second = User.objects.create_user("hr.two", password="people-plan-demo", first_name="Jo", last_name="Second")
    second.groups.add(Group.objects.get(name=HR_LEAD))
    Membership.objects.create(user=second, organisation=trust)
    detail = url(live_server, f"/actions/{overdue_hw.pk}/")

    first_ctx, second_ctx = browser.new_context(), browser.new_context()
    try:
        first, other = login(first_ctx.new_page(), "hr.lead"), login(second_ctx.new_page(), "hr.two")
        first.goto(detail)
        other.goto(detail)
        first.get_by_label("Status").select_option(label="On track")
        first.get_by_label("Progress note").fill("First editor's note.")
        first.get_by_role("button", name="Record update").click()
        assert "Your progress update has been recorded." in first.content()

        other.get_by_label("Progress note").fill("Second editor's carefully typed note.")
        with other.expect_response(lambda r: "/update/" in r.url) as posted:
            other.get_by_role("button", name="Record update").click()
        assert posted.value.status == 409
        summary = other.locator(".nhsuk-error-summary")
        assert "Someone else changed this action while you were editing it" in summary.inner_text()
        assert "First editor's note." in summary.inner_text()  # what the other person changed
        assert other.get_by_label("Progress note").input_value() == "Second editor's carefully typed note."
        # Saving again, having seen the change, goes through.
        other.get_by_role("button", name="Record update").click()
        assert "Your progress update has been recorded." in other.content()
    finally:
        first_ctx.close()
        second_ctx.close()


def test_board_member_has_no_edit_controls_and_posts_are_refused(live_server, login, page, overdue_hw):
    login(page, "board.member")
    page.goto(url(live_server, f"/actions/{overdue_hw.pk}/"))
    assert page.get_by_role("heading", name="Health and wellbeing 3").is_visible()
    assert page.get_by_role("button", name="Record update").count() == 0
    assert page.get_by_role("button", name=re.compile("^Mark as")).count() == 0
    assert page.locator("textarea, select").count() == 0
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")  # the sign-out form's
    item = overdue_hw.checklist.get()
    for path, data in [
        (
            f"/actions/{overdue_hw.pk}/update/",
            {"update-note": "x", "update-status": "complete", "update-revision": "1"},
        ),
        (f"/actions/{overdue_hw.pk}/checklist/{item.pk}/done/", {"done": "true"}),
    ]:
        result = page.request.post(url(live_server, path), form={"csrfmiddlewaretoken": token, **data})
        assert result.status == 403
    item.refresh_from_db()
    assert not item.done and not overdue_hw.updates.exists()


def test_other_trusts_hr_lead_gets_404_for_this_trusts_action(live_server, login, page, overdue_hw):
    login(page, "other.hr")
    assert page.goto(url(live_server, f"/actions/{overdue_hw.pk}/")).status == 404
    page.goto(url(live_server, "/"))
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    result = page.request.post(
        url(live_server, f"/actions/{overdue_hw.pk}/update/"),
        form={"csrfmiddlewaretoken": token, "update-note": "x", "update-status": "complete", "update-revision": "1"},
    )
    assert result.status == 404
    assert not overdue_hw.updates.exists()


def test_pages_have_no_accessibility_violations(live_server, login, page, overdue_hw):
    login(page, "hr.lead")
    for path in [
        "/",
        "/actions/?theme=1&overdue=on&status=at_risk",
        f"/actions/{overdue_hw.pk}/",
        "/actions/mine/",
        "/owners/",
        f"/actions/{overdue_hw.pk}/checklist/{overdue_hw.checklist.get().pk}/edit/",
    ]:
        page.goto(url(live_server, path))
        assert run_axe(page) == [], path
    page.goto(url(live_server, f"/actions/{overdue_hw.pk}/"))
    page.get_by_label("Link to evidence (optional)").fill("not a link")
    page.get_by_role("button", name="Record update").click()
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert run_axe(page) == [], "action page with a validation error"


def _tab_to(page, predicate_js, limit=120):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate_js):
            return
    pytest.fail(f"keyboard focus never reached {predicate_js}")


def test_the_update_journey_works_with_the_keyboard_alone(live_server, login, page, overdue_hw):
    login(page, "hr.lead")
    page.goto(url(live_server, f"/actions/{overdue_hw.pk}/"))
    # Tick the checklist item.
    _tab_to(page, "document.activeElement.textContent.trim().startsWith('Mark as done')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "marked as done" in page.content()
    # Submit an empty note: the error summary takes focus and links to the field.
    _tab_to(page, "document.activeElement.id === 'id_update-status'")
    page.keyboard.press("ArrowDown")
    _tab_to(page, "document.activeElement.textContent.trim() === 'Record update'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".nhsuk-error-summary").is_visible()
    _tab_to(page, "document.activeElement.getAttribute('href') === '#id_update-note'")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_update-note"
    page.keyboard.type("Done from the keyboard.")
    _tab_to(page, "document.activeElement.textContent.trim() === 'Record update'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Your progress update has been recorded." in page.content()
    update = overdue_hw.updates.get()
    assert update.note == "Done from the keyboard."
    assert overdue_hw.checklist.get().done


def test_pages_fit_a_360_pixel_wide_phone(live_server, login, browser, overdue_hw):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    try:
        page = login(context.new_page(), "hr.lead")
        for path in ["/", "/actions/?overdue=on", f"/actions/{overdue_hw.pk}/", "/actions/mine/", "/owners/"]:
            page.goto(url(live_server, path))
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        page.goto(url(live_server, f"/actions/{overdue_hw.pk}/"))
        assert page.get_by_role("button", name="Record update").is_visible()
        assert run_axe(page) == []
    finally:
        context.close()


def test_pages_break_no_content_security_policy_rule(live_server, login, browser, overdue_hw):
    context = browser.new_context()  # CSP enforced, unlike the axe contexts
    try:
        page = context.new_page()
        messages = []
        page.on("console", lambda message: messages.append(message.text))
        login(page, "hr.lead")
        for path in ["/", "/actions/?overdue=on", "/actions/mine/", "/owners/", f"/actions/{overdue_hw.pk}/"]:
            page.goto(url(live_server, path))
        page.get_by_role("button", name="Record update").click()
        assert page.locator(".nhsuk-error-summary").is_visible()
        assert [m for m in messages if "Content Security Policy" in m] == []
    finally:
        context.close()
