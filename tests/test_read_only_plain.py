"""Issue 19, point 7: read-only made plain. A board member, a board secretary and system and region
leads reading a member trust see what they can do, not what they cannot; a refusal says why in words."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from actions.access import response_to_edit
from reports import views as report_views
from tests.pages_helpers import hw_response

pytestmark = pytest.mark.django_db

NOTE = "You can view this action. Owners and HR leads update it."


@pytest.fixture
def response(trust):
    return hw_response(trust)


def page(client, user, url):
    client.force_login(user)
    return client.get(url).content.decode()


@pytest.mark.parametrize("persona", ["board_member", "secretary"])
def test_a_read_only_role_is_told_what_it_can_do_on_the_action_page(client, request, response, persona):
    html = page(client, request.getfixturevalue(persona), reverse("response_detail", args=[response.pk]))
    assert NOTE in html
    assert 'id="update-form"' not in html and "Record a progress update" not in html
    assert "Mark as done" not in html and "Add additional action" not in html


def test_the_hr_lead_sees_the_forms_and_no_read_only_note(client, hr_lead, response):
    html = page(client, hr_lead, reverse("response_detail", args=[response.pk]))
    assert 'id="update-form"' in html and NOTE not in html and 'id="read-only-note"' not in html


@pytest.mark.parametrize("persona", ["system_lead", "region_lead"])
def test_a_lead_reading_a_member_trust_is_told_whose_it_is(client, request, response, persona):
    user = request.getfixturevalue(persona)
    html = page(client, user, reverse("response_detail", args=[response.pk]))
    assert 'id="read-only-note"' in html
    assert f"You can view this action of {response.organisation.name}" in html.replace("&#x27;", "'")
    assert 'id="update-form"' not in html
    # …and cannot write, whatever they post: 403, nothing changed.
    before = response.revision
    posted = client.post(
        reverse("response_record_update", args=[response.pk]),
        {"update-revision": before, "update-status": "on_track", "update-note": "From above"},
    )
    assert posted.status_code == 403
    response.refresh_from_db()
    assert response.revision == before and not response.updates.filter(note="From above").exists()


@pytest.mark.parametrize(
    "persona, words",
    [
        ("board_member", NOTE),
        ("system_lead", "Only Cambridgeshire Community Services NHS Trust's own owners and HR leads update it."),
        ("region_lead", "Only Cambridgeshire Community Services NHS Trust's own owners and HR leads update it."),
    ],
)
def test_a_refused_edit_says_why_in_words(request, response, persona, words):
    with pytest.raises(PermissionDenied) as refused:
        response_to_edit(request.getfixturevalue(persona), response.pk)
    assert words in str(refused.value) and "Nothing was changed." in str(refused.value)


def test_a_board_member_refused_a_report_is_told_who_may(board_member):
    request = RequestFactory().get("/reports/new/")
    request.user = board_member
    with pytest.raises(PermissionDenied, match="Only board secretaries create board reports"):
        report_views.report_create(request)


def test_my_actions_says_what_a_board_member_can_do_and_the_menu_hides_it(client, board_member):
    html = page(client, board_member, reverse("my_actions"))
    assert "Your role is read only" in html and "Owners and HR leads update actions." in html
    assert "links your account to an owner" not in html
    assert f'href="{reverse("action_list")}">Find an action' in html
    menu = html.split('aria-label="Menu"')[1].split("</nav>")[0]
    assert ">My actions<" not in menu and ">Actions<" in menu and ">Board reports<" in menu


def test_the_hr_lead_keeps_my_actions_in_the_menu(client, hr_lead):
    menu = page(client, hr_lead, reverse("dashboard")).split('aria-label="Menu"')[1].split("</nav>")[0]
    assert ">My actions<" in menu


def test_a_board_member_is_not_offered_a_download_they_would_be_refused(client, board_member, hr_lead):
    assert "Download workbook" not in page(client, board_member, reverse("action_list"))
    assert client.get(reverse("action_list_export")).status_code == 403
    assert "Download workbook" in page(client, hr_lead, reverse("action_list"))
