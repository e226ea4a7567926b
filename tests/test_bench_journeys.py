"""The load clients' journeys work against the real pages: ours (the action page's update form) and
the Django admin's change form posted back as a browser would (management form, every field), and
the admin's response form does not query once per action it offers."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action, Response, Status
from tests.bench import journeys
from tests.bench.forms import find_admin_form
from tests.pages_helpers import add_item, hw_response

ADMIN_PAGE = """<html><body><form method="get" action="/admin/search/"><input name="q"></form>
<form enctype="multipart/form-data" method="post" id="response_form" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <select name="organisation"><option value="">---------</option><option value="5" selected>Trust</option></select>
  <select name="status"><option value="not_started">Not started</option>
    <option value="on_track" selected>On track</option><option value="at_risk">At risk</option></select>
  <input type="date" name="local_due_date" value="">
  <input type="text" name="local_who" value="AH &amp; LC">
  <input type="hidden" name="revision" value="7">
  <input type="hidden" name="checklist-TOTAL_FORMS" value="1">
  <input type="hidden" name="checklist-INITIAL_FORMS" value="1">
  <textarea name="checklist-0-text">
Agree funding</textarea>
  <input type="checkbox" name="checklist-0-done" checked><input type="checkbox" name="checklist-0-DELETE">
  <input type="submit" value="Save" name="_save">
</form></body></html>"""


def test_the_admin_form_is_read_as_a_browser_would_send_it():
    form = find_admin_form(ADMIN_PAGE, "/admin/actions/response/3/change/")
    assert form["action"] == "/admin/actions/response/3/change/"
    assert form["values"] == [
        ("csrfmiddlewaretoken", "tok"),
        ("organisation", "5"),
        ("status", "on_track"),
        ("local_due_date", ""),
        ("local_who", "AH & LC"),
        ("revision", "7"),
        ("checklist-TOTAL_FORMS", "1"),
        ("checklist-INITIAL_FORMS", "1"),
        ("checklist-0-text", "Agree funding"),
        ("checklist-0-done", "on"),
    ]
    assert form["status_choices"] == ["not_started", "on_track", "at_risk"]


class ClientAdapter:
    """Django's test client behind the load clients' interface (``safe_request``, ``location``)."""

    def __init__(self, client):
        self.client, self.location = client, None

    def safe_request(self, method, path, data=None):
        assert "#" not in path, path  # a browser never sends the fragment (Django's runserver answers 404)
        if method == "POST":  # the form's pairs, encoded as a browser sends them (names may repeat)
            form = urlencode(list(data.items()) if isinstance(data, dict) else data)
            answer = self.client.post(path, form, content_type="application/x-www-form-urlencoded")
        else:
            answer = self.client.get(path)
        self.location = answer.get("Location")
        return answer.status_code, answer.content.decode()


@pytest.fixture
def staff_hr_lead(hr_lead):
    hr_lead.is_staff = True  # as the load phase makes its clients, to reach the admin
    hr_lead.save()
    return hr_lead


def test_our_journey_records_an_update_with_a_changed_status(client, hr_lead, trust):
    response = hw_response(trust)
    client.force_login(hr_lead)
    round_ = journeys.ours([[reverse("response_detail", args=[response.pk])]])
    outcome = round_(0, 1, ClientAdapter(client))
    assert (outcome["accepted"], outcome["errors"], outcome["requests"]) == (1, 0, 3)
    response.refresh_from_db()
    assert response.updates.get().note == f"{journeys.NOTE_MARKER} 0-1"
    assert response.status == journeys.other_status(Status.NOT_STARTED)


def test_the_admin_journey_saves_the_change_form_with_its_inline_and_a_changed_status(client, staff_hr_lead, trust):
    response = hw_response(trust)
    add_item(response, "Agree funding", done=True)
    client.force_login(staff_hr_lead)
    before, items = response.status, list(response.checklist.values_list("text", "done"))
    round_ = journeys.admin([[reverse("admin:actions_response_change", args=[response.pk])]])
    outcome = round_(0, 1, ClientAdapter(client))
    assert (outcome["accepted"], outcome["rejected"], outcome["errors"], outcome["requests"]) == (1, 0, 0, 3)
    response.refresh_from_db()
    assert response.status != before and response.local_who == f"{journeys.ADMIN_MARKER} {journeys.RUN} 0-1"
    assert list(response.checklist.values_list("text", "done")) == items  # the inline posted back unchanged
    assert ("Agree funding", True) in items


def test_the_admin_response_form_does_not_grow_with_the_number_of_actions(client, staff_hr_lead, trust):
    response = hw_response(trust)
    client.force_login(staff_hr_lead)
    url = reverse("admin:actions_response_change", args=[response.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    theme = response.action.theme
    Action.objects.bulk_create(
        Action(theme=theme, ref=900 + n, text=f"Local {n}", organisation=trust) for n in range(30)
    )
    with CaptureQueriesContext(connection) as after:
        page = client.get(url)
    # The action is shown read-only on a response's change form (issue 21): no choices to label at all,
    # and the form's queries do not grow with the number of actions.
    assert str(response.action) in page.content.decode()
    assert len(after) == len(before)
    assert Response.objects.filter(pk=response.pk).exists()
