"""The README's *Reporting* screenshots, taken in a real browser at 1280 px: the *API keys* page right after
a key is made (the key shown once, the feed's two addresses) and the feed's JSON as Power BI fetches it.

Each test checks that the page shows what the README's caption says. To refresh the pictures in the README:

    README_SCREENSHOTS=docs/screenshots CI=true .venv/bin/python -m pytest -p no:cacheprovider \
        tests/browser/test_readme_screenshots.py

(without ``README_SCREENSHOTS`` they go to a temporary folder, so the suite never rewrites the repository).
"""

import json
import os
import re
from pathlib import Path

import pytest
import requests
from django.urls import reverse
from PIL import Image

WIDTH = 1280


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("README_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def wide_page(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": 900})  # our CSP enforced
    yield context.new_page()
    context.close()


def saved(page, path, **kwargs):
    page.screenshot(path=str(path), **kwargs)
    with Image.open(path) as image:
        assert image.width == WIDTH
    return path


def new_key(page, live_server, login):
    login(page, "admin")
    page.goto(f"{live_server.url}{reverse('api_keys')}")
    page.get_by_label("Name").fill("Power BI workforce report")
    page.get_by_role("button", name="Create key").click()
    page.wait_for_load_state()
    return page.get_by_label("Your new API key").input_value()


def test_the_api_keys_page_right_after_a_key_is_made(live_server, login, wide_page, shots):
    page = wide_page
    key = new_key(page, live_server, login)
    assert re.fullmatch(r"[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}", key)
    assert page.get_by_role("heading", name="Copy your new key now").is_visible()
    body = page.inner_text("main")
    assert "/api/v1/feed/RYV.csv" in body and "/api/v1/feed/RYV.json" in body
    saved(page, shots / "api-keys-new-key.png", full_page=True)


def test_the_feed_as_json(live_server, login, wide_page, browser, shots):
    key = new_key(wide_page, live_server, login)
    feed = f"{live_server.url}/api/v1/feed/RYV.json"
    rows = requests.get(feed, headers={"Authorization": f"Api-Key {key}"}, timeout=60).json()
    assert rows and rows[0]["Organisation"] == "Cambridgeshire Community Services NHS Trust" and "Status" in rows[0]
    # What Power BI receives: a browser nobody signed in to, sending only the key's header (as Get data → Web).
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 900}, extra_http_headers={"Authorization": f"Api-Key {key}"}
    )
    try:
        page = context.new_page()
        page.goto(feed)
        assert json.loads(page.inner_text("body")) == rows
        saved(page, shots / "feed-json.png")
    finally:
        context.close()
