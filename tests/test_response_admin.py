"""The admin saves a response through the same service and revision check as every other way
in (issue 21, point 3). On the full demo as ``make run`` loads it.

The plan admin role only reads responses in the admin; whoever may change them there (a
superuser here) saves through the same revision check.
"""

import re

import pytest
from django.db.models import F

from actions.models import Response, ResponseOwner, Status
from actions.services import response_record_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(full_demo):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("it.admin", "it.admin@example.nhs.uk", "It-Admin-Password-1")


def hw5(trust):
    return Response.objects.get(
        organisation=trust,
        action__theme__plan__slug="people-plan-2020-21",
        action__theme__number=1,
        action__ref=5,
        action__organisation__isnull=True,
    )


def admin_form(client, response):
    """The change form as the admin's browser would post it back: every field and inline row as shown."""
    page = client.get(f"/admin/actions/response/{response.pk}/change/").content.decode()
    data = {}
    for name, value in re.findall(r'<input[^>]*\sname="([^"]+)"[^>]*value="([^"]*)"', page):
        data[name] = value
    for name, body in re.findall(r'<select[^>]*\sname="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    for name, body in re.findall(r'<textarea[^>]*\sname="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = body.strip()
    for name in re.findall(r'<input type="checkbox"[^>]*\sname="([^"]+)"[^>]*checked', page):
        data[name] = "on"
    for name in [k for k in data if re.search(r"-(is_lead|done|DELETE)$", k)]:
        if name not in re.findall(r'<input type="checkbox"[^>]*\sname="([^"]+)"[^>]*checked', page):
            del data[name]
    return data


def test_a_stale_admin_save_is_refused_instead_of_undoing_a_status(full_demo, client, superuser, hr_lead):
    response = hw5(full_demo)
    assert response.status == Status.AT_RISK  # the demo's update of 75 days ago
    client.force_login(superuser)
    form = admin_form(client, response)  # the admin opens the response (At risk)
    response_record_update(response=response, user=hr_lead, status=Status.COMPLETE, note="All done.")
    # The admin drops an owner and saves the form they opened before the HR lead's update.
    lead_rows = [k for k, v in form.items() if re.match(r"response_owners-\d+-id$", k)]
    form[lead_rows[-1].replace("-id", "-DELETE")] = "on"
    page = client.post(f"/admin/actions/response/{response.pk}/change/", form)

    assert page.status_code == 200
    assert "Not saved: someone changed this action since you opened it" in page.content.decode()
    assert "Complete" in page.content.decode()
    response.refresh_from_db()
    assert response.status == Status.COMPLETE
    assert response.updates.first().note == "All done."
    assert ResponseOwner.objects.filter(response=response).count() == 4


def test_a_fresh_admin_save_goes_through_the_service_with_its_history(full_demo, client, superuser):
    response = hw5(full_demo)
    revision = response.revision
    client.force_login(superuser)
    form = admin_form(client, response)
    lead_rows = [k for k in form if re.match(r"response_owners-\d+-id$", k)]
    form[lead_rows[-1].replace("-id", "-DELETE")] = "on"
    form["local_who"] = "LC/RF/CL"
    assert client.post(f"/admin/actions/response/{response.pk}/change/", form).status_code == 302
    response.refresh_from_db()
    assert response.revision == revision + 1 and response.modified_by == superuser
    assert response.status == Status.AT_RISK and response.local_who == "LC/RF/CL"
    assert "/".join(response.response_owners.values_list("owner__initials", flat=True)) == "LC/RF/CL"
    assert ResponseOwner.history.filter(history_type="-", history_user=superuser).count() == 1


def test_two_leads_are_an_error_not_a_crash(full_demo, client, superuser):
    response = hw5(full_demo)
    client.force_login(superuser)
    form = admin_form(client, response)
    for key in [k for k in form if re.match(r"response_owners-\d+-id$", k)]:
        form[key.replace("-id", "-is_lead")] = "on"
    page = client.post(f"/admin/actions/response/{response.pk}/change/", form)
    assert page.status_code == 200 and "Only one owner may lead an action" in page.content.decode()


def test_a_save_that_loses_the_race_after_the_check_is_refused_too(full_demo, client, superuser, monkeypatch):
    """Someone saves between the form's check and the admin's write: the service's conditional
    update refuses it (EditConflict), the admin says so, and nothing of the admin's form is written."""
    from actions.admin.responses import ResponseAdminForm

    response = hw5(full_demo)
    checked = ResponseAdminForm.clean

    def clean_then_someone_saves(form):
        data = checked(form)
        Response.objects.filter(pk=response.pk).update(revision=F("revision") + 1)  # another app server's save
        return data

    client.force_login(superuser)
    form = admin_form(client, response)
    form["local_who"] = "Changed by the admin"
    monkeypatch.setattr(ResponseAdminForm, "clean", clean_then_someone_saves)
    page = client.post(f"/admin/actions/response/{response.pk}/change/", form, follow=True)
    assert "Not saved: someone changed this action since you opened it" in page.content.decode()
    assert Response.objects.get(pk=response.pk).local_who != "Changed by the admin"
