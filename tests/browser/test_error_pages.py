"""Error pages in a real browser, with the debug setting off (issue 19, point 4).

pytest-django runs the live server with DEBUG False (settings_test sets DJANGO_DEBUG=false too), so these
are the pages people get in production: the NHS.UK header, plain words, a way back; axe-core clean; no
console errors. A GET on a form's POST-only address (which showed Chromium's own error page) opens the
form's page instead.
"""

import pytest
from django.conf import settings

from actions.models import Response
from tests.browser.conftest import run_axe
from tests.browser.console import watch_console
from tests.conftest import DEMO_ODS


def _shoot(page, name):
    """With SHOTS_DIR set, keep a full-page screenshot of each error page at the viewport's width."""
    import os
    from pathlib import Path

    folder = os.environ.get("SHOTS_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


def _check(page, live_server, *, status, heading, reason=None, name):
    assert settings.DEBUG is False
    assert page.locator("header.nhsuk-header").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == heading
    if reason:
        assert reason in page.locator("main").inner_text()
    way_back = page.locator("main").get_by_role("link", name="Go to the dashboard")
    assert way_back.count() or page.locator("main").get_by_role("link", name="Sign in").count()
    _shoot(page, name)
    assert run_axe(page) == [], name


def _post_form(page, action, *, with_token):
    """Submit a form as a page would (a real navigation), with or without the CSRF token."""
    page.evaluate(
        """([action, withToken]) => {
            const form = document.createElement('form');
            form.method = 'post'; form.action = action;
            const token = document.cookie.split('; ').find(c => c.startsWith('csrftoken='));
            if (withToken && token) {
                const input = document.createElement('input');
                input.type = 'hidden'; input.name = 'csrfmiddlewaretoken'; input.value = token.split('=')[1];
                form.appendChild(input);
            }
            document.body.appendChild(form); form.submit();
        }""",
        [action, with_token],
    )
    page.wait_for_load_state("networkidle")


@pytest.fixture
def response_pk(demo_transactional):
    return Response.objects.filter(organisation__ods_code=DEMO_ODS).order_by("pk").first().pk


@pytest.mark.parametrize("width", [1280, 360])
def test_page_not_found(live_server, login, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    problems = watch_console(page, live_server.url)
    login(page, "hr.lead")
    answer = page.goto(f"{live_server.url}/no-such-page/")
    assert answer.status == 404
    _check(page, live_server, status=404, heading="Page not found", reason="check it is correct", name="404")
    assert problems == []


@pytest.mark.parametrize("width", [1280, 360])
def test_a_refusal_in_words(live_server, login, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    problems = watch_console(page, live_server.url)
    login(page, "board.member")
    page.goto(f"{live_server.url}/reports/")
    page.evaluate("location.href = '/reports/new/'")  # followed from the reports page: Back returns there
    page.wait_for_load_state("networkidle")
    assert page.title().startswith("You do not have permission")
    _check(
        page,
        live_server,
        status=403,
        heading="You do not have permission to do this",
        reason="Only board secretaries create board reports. You can read the issued reports.",
        name="403",
    )
    page.locator(".nhsuk-back-link__link").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/reports/"
    assert problems == []


def test_a_get_on_the_update_address_opens_the_action_page_at_the_form(live_server, login, page, response_pk):
    problems = watch_console(page, live_server.url)
    login(page, "hr.lead")
    answer = page.goto(f"{live_server.url}/actions/{response_pk}/update/")
    assert answer.status == 200  # not Chromium's own "HTTP ERROR 405" page
    assert page.url == f"{live_server.url}/actions/{response_pk}/#record-update"
    box = page.get_by_role("heading", name="Record a progress update").bounding_box()
    assert box and 0 <= box["y"] < page.viewport_size["height"]  # scrolled to the form
    page.goto(f"{live_server.url}/actions/{response_pk}/checklist/999/done/")  # no such item: the page still opens
    assert page.url.startswith(f"{live_server.url}/actions/{response_pk}/")
    assert problems == []


@pytest.mark.parametrize("width", [1280, 360])
def test_a_form_sent_to_a_page_that_cannot_save_it(live_server, login, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    problems = watch_console(page, live_server.url)
    login(page, "hr.lead")
    _post_form(page, "/", with_token=True)
    assert page.title().startswith("This page cannot save a form")
    _check(
        page, live_server, status=405, heading="This page cannot save a form", reason="nothing was saved", name="405"
    )
    assert problems == []


@pytest.mark.parametrize("width", [1280, 360])
def test_a_failed_form_check(live_server, login, page, response_pk, width):
    page.set_viewport_size({"width": width, "height": 900})
    problems = watch_console(page, live_server.url)
    login(page, "hr.lead")
    page.goto(f"{live_server.url}/actions/{response_pk}/")
    _post_form(page, f"/actions/{response_pk}/update/", with_token=False)
    _check(
        page,
        live_server,
        status=403,
        heading="Your changes were not saved",
        reason="page has been open for a long time",
        name="csrf",
    )
    page.get_by_role("link", name="Go back to the page you were on").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/actions/{response_pk}/"
    assert problems == []


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize("width", [1280, 360])
def test_a_server_error(live_server, demo_transactional, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    problems = watch_console(page, live_server.url)
    answer = page.goto(f"{live_server.url}/broken/")
    assert answer.status == 500
    assert "A bug in a view" not in page.content()
    _check(
        page,
        live_server,
        status=500,
        heading="Sorry, there is a problem with the service",
        reason="Try again later.",
        name="500",
    )
    assert problems == []
