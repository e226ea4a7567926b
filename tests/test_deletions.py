"""Deleting people and rows that history or a frozen report depends on (issue 21, point 7).

On the full demo as ``make run`` loads it (the HR lead wrote progress updates; the board secretary
created and issued the demo board report). People who wrote anything are deactivated, not deleted;
a deletion that would break a frozen report or the history is refused with a message; never a 500.
"""

import pytest
from django.contrib.auth import get_user_model

from actions.history import response_history
from actions.models import Action, PlanVersion, ProgressUpdate, Response, Theme
from owners.models import Organisation, Owner
from reports.models import BoardReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(full_demo, client):
    user = get_user_model().objects.create_superuser("it.admin", "it.admin@example.nhs.uk", "It-Admin-Password-1")
    client.force_login(user)
    return user


def delete(client, model, pk):
    """GET the delete page, then confirm it as the admin would: (GET page, POST response)."""
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{pk}/delete/"
    return client.get(url), client.post(url, {"post": "yes"})


def test_a_person_who_wrote_anything_is_offered_deactivation_not_deletion(root, client, hr_lead):
    page, confirmed = delete(client, get_user_model(), hr_lead.pk)
    html = page.content.decode()
    assert page.status_code == 200 and confirmed.status_code == 200
    assert "cannot be deleted" in html and "progress updates (author)" in html
    assert "Deactivate hr.lead instead" in html
    assert get_user_model().objects.filter(pk=hr_lead.pk).exists()

    deactivated = client.post(
        "/admin/auth/user/",
        {"action": "deactivate_users", "index": "0", "select_across": "0", "_selected_action": hr_lead.pk},
        follow=True,
    )
    assert "1 user(s) deactivated" in deactivated.content.decode()
    hr_lead.refresh_from_db()
    assert not hr_lead.is_active
    # Their updates keep their author, on the page's history too.
    assert ProgressUpdate.objects.filter(author=hr_lead).count() == 7
    hw10 = Response.objects.get(
        organisation__ods_code="RYV",
        action__theme__plan__slug="people-plan-2020-21",
        action__theme__number=1,
        action__ref=10,
    )
    updates = [e for e in response_history(response=hw10) if e["what"].startswith("Progress update")]
    assert len(updates) == 2 and {e["who"] for e in updates} == {"Alex Harper"}


def test_deleting_the_secretary_who_issued_a_report_is_refused_with_a_message(root, client, secretary):
    page, confirmed = delete(client, get_user_model(), secretary.pk)
    assert (page.status_code, confirmed.status_code) == (200, 200)
    assert "board reports (created by)" in page.content.decode()
    assert BoardReport.objects.issued().get().issued_by == secretary


def test_a_person_who_wrote_nothing_can_still_be_deleted(root, client, board_member):
    _page, confirmed = delete(client, get_user_model(), board_member.pk)
    assert confirmed.status_code == 302
    assert not get_user_model().objects.filter(pk=board_member.pk).exists()


def test_a_response_on_an_issued_report_cannot_be_deleted(root, client, full_demo):
    response = Response.objects.get(
        organisation=full_demo, action__theme__plan__slug="people-plan-2020-21", action__theme__number=3, action__ref=1
    )
    page, confirmed = delete(client, Response, response.pk)
    assert (page.status_code, confirmed.status_code) == (200, 200)
    assert "cannot be deleted" in page.content.decode()
    assert "People Plan progress — Trust Board" in page.content.decode()
    assert Response.objects.filter(pk=response.pk).exists()


@pytest.mark.parametrize(
    "model, lookup",
    [
        (Organisation, {"ods_code": "RYV"}),
        (Owner, {"organisation__ods_code": "RYV", "initials": "AH"}),
        (Action, {"theme__number": 1, "ref": 4}),
        (Theme, {"number": 1}),
        (PlanVersion, {}),
        (ProgressUpdate, {"response__action__theme__number": 3}),
    ],
)
def test_no_admin_deletion_of_demo_data_is_a_server_error(root, client, model, lookup):
    obj = model.objects.filter(**lookup).first()
    page, confirmed = delete(client, model, obj.pk)
    assert page.status_code == 200
    assert confirmed.status_code in (200, 302)
    if model is not ProgressUpdate:
        assert model.objects.filter(pk=obj.pk).exists(), "history or a frozen report depends on it"
