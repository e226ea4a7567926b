"""The Reminders page and the opt-out page in Chromium: axe-clean, usable at 360 px, no CSP breakage."""

import re

import pytest

from owners.models import Organisation
from reminders.models import Reminder, ReminderOptOut
from reminders.services import reminders_send
from reminders.tokens import make_token
from tests.browser.conftest import run_axe
from tests.reminder_helpers import ON


@pytest.fixture
def sent(live_server, demo_transactional, settings):
    """One run of the demo trust's reminders (to Django's test outbox)."""
    settings.SITE_URL = live_server.url
    trust = Organisation.objects.get(ods_code="RYV")
    totals = reminders_send(on=ON, organisation=trust)
    assert totals.sent > 0
    return totals


def test_hr_lead_reads_the_preview_and_the_history_of_runs(live_server, login, page, sent):
    login(page, "hr.lead")
    page.get_by_role("link", name="Reminders", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Reminders"
    assert page.get_by_role("heading", name=re.compile(r"^Would be reminded \(\d+\)")).is_visible()
    history = page.locator("#run-table tbody tr")
    assert history.count() == 1
    assert "1 December 2026" in history.first.inner_text()
    assert str(sent.sent) in history.first.inner_text()
    assert run_axe(page) == []


def test_the_reminders_page_fits_a_360_pixel_wide_phone(live_server, login, browser, sent):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    try:
        page = login(context.new_page(), "hr.lead")
        page.goto(f"{live_server.url}/reminders/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.locator("#run-table").is_visible()
        assert run_axe(page) == []
    finally:
        context.close()


def test_an_owner_stops_their_reminders_from_the_link_without_signing_in(live_server, browser, sent):
    reminder = Reminder.objects.select_related("owner").order_by("pk").first()
    context = browser.new_context(viewport={"width": 360, "height": 740})  # CSP enforced: no bypass
    try:
        page = context.new_page()
        messages = []
        page.on("console", lambda message: messages.append(message.text))
        page.goto(f"{live_server.url}/reminders/opt-out/{make_token(reminder)}/")
        assert page.get_by_role("heading", level=1).inner_text() == "Stop your People Plan reminders"
        page.get_by_role("button", name="Stop my reminders").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Reminders turned off"
        assert ReminderOptOut.objects.filter(owner=reminder.owner).exists()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert [m for m in messages if "Content Security Policy" in m] == []
    finally:
        context.close()


def test_the_opt_out_page_has_no_accessibility_violations(live_server, page, sent):
    reminder = Reminder.objects.order_by("pk").first()
    page.goto(f"{live_server.url}/reminders/opt-out/{make_token(reminder)}/")
    assert run_axe(page) == []
    page.goto(f"{live_server.url}/reminders/opt-out/not-a-token/")
    assert page.get_by_role("heading", level=1).inner_text() == "This link does not work"
    assert run_axe(page) == []
