"""Error pages in the product's style (issue 19, point 4), with the debug setting off.

Each of 400, 403, 404, 405, 500 and the CSRF failure is an NHS.UK page: the header, a heading in plain
words, the reason where there is one, and a way back. A GET on a form's POST-only address opens the
form's page instead of a 405. The 500 page renders with the database unreachable.
"""

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from actions.models import ProgressUpdate
from tests.pages_helpers import hw_response

NHS_HEADER = 'class="nhsuk-header"'


def html_of(page):
    return page.content.decode()


def test_the_debug_setting_is_off_in_these_tests():
    assert settings.DEBUG is False


def test_an_unknown_address_is_a_page_not_found_in_the_site_layout(client, hr_lead):
    client.force_login(hr_lead)
    page = client.get("/no-such-page/")
    html = html_of(page)
    assert page.status_code == 404
    assert NHS_HEADER in html and "<title>Page not found – People Plan Tracker</title>" in html
    assert "If you typed the web address, check it is correct." in html
    assert f'href="{reverse("dashboard")}">Go to the dashboard</a>' in html
    assert "Board reports" in html  # the signed-in menu is there


def test_page_not_found_gives_our_reason_but_never_djangos(client, hr_lead, other_trust):
    client.force_login(hr_lead)
    elsewhere = hw_response(other_trust)
    ours = html_of(client.get(reverse("response_detail", args=[elsewhere.pk])))
    assert 'id="error-reason">No such action.</p>' in ours
    unknown = html_of(client.get("/no-such-page/"))
    assert 'id="error-reason"' not in unknown and "tried" not in unknown  # no resolver detail


def test_signed_out_the_way_back_is_signing_in(client):
    html = html_of(client.get("/no-such-page/"))
    assert f'href="{reverse("login")}">Sign in</a>' in html
    assert "Go to the dashboard" not in html


def test_a_refusal_is_in_words_with_the_views_reason(client, board_member):
    client.force_login(board_member)
    page = client.get(reverse("report_create"))
    html = html_of(page)
    assert page.status_code == 403
    assert NHS_HEADER in html and "You do not have permission to do this" in html
    assert "Only board secretaries create board reports. You can read the issued reports." in html


def test_every_refusal_has_words_even_without_a_reason(client, board_member, rf):
    from django.core.exceptions import PermissionDenied

    from peopleplan.errors import permission_denied

    request = rf.get("/")
    request.user = board_member
    html = permission_denied(request, PermissionDenied()).content.decode()
    assert 'id="error-reason">Your role does not allow it.</p>' in html


def test_the_way_back_is_the_page_the_person_came_from_when_it_is_ours(client, board_member):
    client.force_login(board_member)
    came_from = "http://testserver" + reverse("report_list")
    html = html_of(client.get(reverse("report_create"), HTTP_REFERER=came_from))
    assert f'<a class="nhsuk-back-link__link" href="{came_from}">Back</a>' in html
    assert f'href="{came_from}">Go back to the page you were on</a>' in html
    foreign = html_of(client.get(reverse("report_create"), HTTP_REFERER="https://elsewhere.example/x"))
    assert "elsewhere.example" not in foreign and "Go back to the page you were on" not in foreign


@pytest.mark.parametrize(
    "name, args, goes_to",
    [
        ("response_record_update", ["pk"], "response_detail#record-update"),
        ("response_set_due_date", ["pk"], "response_detail#status"),
        ("checklist_add", ["pk"], "response_detail#checklist"),
        ("checklist_set_done", ["pk", "item"], "response_detail#item"),
        ("checklist_move", ["pk", "item"], "response_detail#item"),
    ],
)
def test_a_get_on_a_forms_address_opens_the_forms_page(client, hr_lead, trust, name, args, goes_to):
    from tests.pages_helpers import add_item

    response = hw_response(trust)
    item = add_item(response, "Publish the offer")
    values = {"pk": response.pk, "item": item.pk}
    client.force_login(hr_lead)
    page = client.get(reverse(name, args=[values[a] for a in args]))
    view, anchor = goes_to.split("#")
    anchor = f"item-{item.pk}" if anchor == "item" else anchor
    assert page.status_code == 302
    assert page["Location"] == reverse(view, args=[response.pk]) + "#" + anchor
    item.refresh_from_db()
    assert not item.done and not ProgressUpdate.objects.filter(response=response).exists()  # nothing changed


def test_a_get_on_sign_out_opens_the_dashboard_and_signs_nobody_out(client, hr_lead):
    client.force_login(hr_lead)
    page = client.get(reverse("logout"))
    assert page.status_code == 302 and page["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_get_on_the_admin_imports_confirm_step_opens_the_import_form(client, plan_admin):
    client.force_login(plan_admin)
    page = client.get(reverse("admin:actions_plan_process_import"))
    assert page.status_code == 302 and page["Location"] == reverse("admin:actions_plan_import")


def test_a_form_sent_to_a_read_only_page_is_a_405_in_words(client, hr_lead):
    client.force_login(hr_lead)
    page = client.post(reverse("dashboard"))
    html = html_of(page)
    assert page.status_code == 405
    assert page["Allow"] == "GET, HEAD"
    assert NHS_HEADER in html and "This page cannot save a form" in html
    assert "nothing was saved" in html and "Go to the dashboard" in html


def test_the_apis_405_stays_the_apis(client, hr_lead):
    client.force_login(hr_lead)
    page = client.post(reverse("api:plan-list"))
    assert page.status_code == 405 and page["Content-Type"].startswith("application/json")


@pytest.fixture
def csrf_client(hr_lead):
    client = Client(enforce_csrf_checks=True)
    client.force_login(hr_lead)
    return client


def test_a_failed_form_check_says_nothing_was_saved_and_leads_back_to_the_form(csrf_client, trust):
    response = hw_response(trust)
    form_page = "http://testserver" + reverse("response_detail", args=[response.pk])
    csrf_client.get(form_page)  # the CSRF cookie is set; the form's token is missing below
    page = csrf_client.post(
        reverse("response_record_update", args=[response.pk]),
        {"update-note": "Typed before the session ended", "update-status": "on_track"},
        HTTP_REFERER=form_page,
    )
    html = html_of(page)
    assert page.status_code == 403
    assert NHS_HEADER in html and '<h1 class="nhsuk-heading-l">Your changes were not saved</h1>' in html
    assert "page has been open for a long time" in html
    assert f'href="{form_page}">Go back to the page you were on</a>' in html
    assert not ProgressUpdate.objects.filter(response=response).exists()


def test_a_failed_form_check_without_the_cookie_says_to_allow_cookies(trust):
    client = Client(enforce_csrf_checks=True)
    page = client.post(reverse("login"), {"username": "hr.lead", "password": "x"})
    html = html_of(page)
    assert page.status_code == 403
    assert "Check that cookies are allowed for this site" in html


def test_a_bad_request_is_a_400_page(client):
    page = client.get("/", HTTP_HOST="not-our-host.example")
    html = html_of(page)
    assert page.status_code == 400
    assert NHS_HEADER in html and "Sorry, there is a problem with your request" in html
    assert "Go to the dashboard" in html


@pytest.mark.urls("tests.error_urls")
def test_a_server_error_is_a_500_page(db):
    client = Client(raise_request_exception=False)
    page = client.get("/broken/")
    html = html_of(page)
    assert page.status_code == 500
    assert NHS_HEADER in html and "Sorry, there is a problem with the service" in html
    assert "Try again later." in html and "Go to the dashboard" in html
    assert "A bug in a view" not in html and "Traceback" not in html


def test_the_500_page_renders_with_no_request_and_no_database(django_db_blocker):
    with django_db_blocker.block():  # any query would raise here
        html = render_to_string("500.html")
    assert NHS_HEADER in html and "Sorry, there is a problem with the service" in html
    assert 'src="/static/js/supported.js"' in html  # the front end starts on it too
