"""The account journey in Chromium: forgotten password → e-mail (a real SMTP server on the loopback) → new
password → sign in → Your account → change password → sign out everywhere. axe-clean, no console errors."""

import re
from pathlib import Path

import pytest
from django.core.cache import cache

from peopleplan.demo.users import DEMO_PASSWORD
from tests.browser.conftest import run_axe
from tests.reminder_helpers import smtp  # noqa: F401  (fixture)

NEW_PASSWORD = "Winter-rota-2026!"
NEWER_PASSWORD = "Spring-rota-2027!"
EMAIL = "hr.lead@example.nhs.uk"
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "accounts"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def errors(page, live_server):
    """Console errors and uncaught exceptions of the page, collected as it goes.

    Only the NHS.UK web fonts (assets.nhs.uk, which this closed network cannot reach) may fail to load:
    a resource of our own that fails is an error like any other.
    """
    seen = []

    def console(message):
        offsite = not message.location.get("url", "").startswith(live_server.url)
        if message.type == "error" and not (offsite and message.text.startswith("Failed to load resource")):
            seen.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", console)
    page.on("pageerror", lambda error: seen.append(str(error)))
    return seen


def check(page, errors, name):
    """axe-clean, no console error, and a screenshot at 1280 px and at 360 px."""
    assert run_axe(page) == [], name
    assert errors == [], name
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(SHOTS / f"{name}-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{name}: scrolls sideways at 360 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def sign_in(page, url, password):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill("hr.lead")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()


def test_forgotten_password_to_sign_out_everywhere(live_server, demo_transactional, page, errors, smtp, settings):
    settings.SITE_URL = live_server.url

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_role("heading", name="Reset your password").wait_for()
    page.get_by_role("button", name="Send reset link").click()  # nothing entered
    assert page.title().startswith("Error: ")
    page.get_by_label("Email address").fill(EMAIL)
    check(page, errors, "reset-request")
    page.get_by_role("button", name="Send reset link").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    check(page, errors, "reset-sent")

    [message] = smtp.to(EMAIL)
    link = re.search(r"http://\S+/accounts/reset/\S+/", message.part("text/plain")).group(0)
    page.goto(link)
    page.get_by_role("heading", name="Set a new password").wait_for()
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    check(page, errors, "reset-new-password")
    page.get_by_role("button", name="Set new password").click()
    page.get_by_role("heading", name="Your new password is set").wait_for()
    check(page, errors, "reset-complete")

    sign_in(page, live_server.url, DEMO_PASSWORD)  # the old password is refused
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    sign_in(page, live_server.url, NEW_PASSWORD)
    assert page.url.rstrip("/") == live_server.url

    page.get_by_role("link", name=re.compile("^Your account")).click()
    page.get_by_role("heading", name="Your account", exact=True).wait_for()
    check(page, errors, "account")

    page.get_by_role("link", name="Change your password").click()
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password", exact=True).fill(NEWER_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEWER_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    assert page.get_by_role("link", name="Your current password is not right. Enter it again.").is_visible()
    check(page, errors, "change-password-error")
    page.get_by_label("Current password").fill(NEW_PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEWER_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEWER_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    page.get_by_role("heading", name="Your password has been changed").wait_for()
    check(page, errors, "change-password-done")

    page.goto(f"{live_server.url}/accounts/")
    page.get_by_role("button", name="Sign out everywhere").click()
    page.get_by_text("You have been signed out on every device").wait_for()
    assert "/accounts/login/" in page.url
    check(page, errors, "signed-out-everywhere")
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url  # really signed out


def test_someone_who_signs_in_only_with_sso_sees_why_there_is_no_change_form(
    live_server, demo_transactional, page, errors, context
):
    from django.conf import settings as django_settings
    from django.contrib.auth import SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    person = get_user_model().objects.get(username="board.member")
    person.set_unusable_password()
    person.save()
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = person.get_session_auth_hash()
    session.save()
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session.session_key, "domain": host, "path": "/"}]
    )

    page.goto(f"{live_server.url}/accounts/password_change/")
    page.get_by_role("heading", name="You have no password to change").wait_for()
    assert page.locator("input[type=password]").count() == 0
    check(page, errors, "change-password-sso")
