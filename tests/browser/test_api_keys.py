"""The administrator creates an API key, copies it once, and revokes it — in a real browser; the page
is axe-clean; the API docs render under the real Content-Security-Policy."""

import re

import requests
from django.urls import reverse

from tests.api_helpers import clear_rate_limits
from tests.browser.conftest import run_axe


def _api(live_server, secret, path="/api/v1/organisations/"):
    return requests.get(live_server.url + path, headers={"Authorization": f"Api-Key {secret}"}, timeout=30)


def test_the_administrator_creates_a_key_copies_it_once_and_revokes_it(live_server, login, browser):
    clear_rate_limits()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    try:
        login(page, "admin")
        page.get_by_role("link", name="API keys").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="API keys").is_visible()
        page.get_by_label("Name").fill("Power BI workforce report")
        page.get_by_role("button", name="Create key").click()
        page.wait_for_load_state()

        assert page.get_by_role("heading", name="Copy your new key now").is_visible()
        shown = page.get_by_label("Your new API key").input_value()
        assert re.fullmatch(r"[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}", shown)
        page.get_by_role("button", name="Copy key").click()
        page.get_by_text("Key copied").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == shown
        assert run_axe(page) == []

        assert _api(live_server, copied).json()["results"][0]["ods_code"] == "RYV"  # the copy works

        page.goto(f"{live_server.url}{reverse('api_keys')}")  # once: never again
        assert copied not in page.content() and copied.split(".")[1] not in page.content()
        row = page.get_by_role("row", name=re.compile("Power BI workforce report"))
        assert "Active" in row.inner_text() and copied.split(".")[0] in row.inner_text()
        assert "Never" not in row.inner_text()  # last used: just now, by the call above

        row.get_by_role("link", name=re.compile("Revoke")).click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="Revoke “Power BI workforce report”?").is_visible()
        assert run_axe(page) == []
        page.get_by_role("button", name="Revoke key").click()
        page.wait_for_load_state()
        assert "is revoked" in page.content()
        row = page.get_by_role("row", name=re.compile("Power BI workforce report"))
        assert "Revoked" in row.inner_text()
        assert run_axe(page) == []

        refused = _api(live_server, copied)
        assert refused.status_code == 401 and refused.json() == {"detail": "Invalid API key."}
    finally:
        context.close()


def test_the_api_keys_page_works_on_a_phone(live_server, login, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    try:
        login(page, "admin")
        page.goto(f"{live_server.url}{reverse('api_keys')}")
        page.get_by_label("Name").fill("Phone key")
        page.get_by_role("button", name="Create key").click()
        page.wait_for_load_state()
        field = page.get_by_label("Your new API key")
        box = field.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360  # the whole key fits the screen
        assert run_axe(page) == []
    finally:
        context.close()


def test_the_api_docs_render_under_our_content_security_policy(live_server, login, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # CSP enforced
    page = context.new_page()
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    try:
        login(page, "board.member")
        page.goto(f"{live_server.url}{reverse('api:docs')}")
        page.get_by_text("/api/v1/responses/", exact=True).first.wait_for(timeout=20000)
        assert page.get_by_text("People Plan Tracker API").first.is_visible()
        assert refused == []
    finally:
        context.close()
