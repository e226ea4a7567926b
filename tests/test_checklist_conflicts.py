"""Checklist edits follow the responses' rule: a stale edit is refused, never a silent last-writer-wins,
and order values stay unique (hardening point 8). Real concurrency on PostgreSQL:
``tests/test_concurrency_checklist.py``."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from actions import services
from actions.models import AdditionalAction, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(trust):
    return AdditionalAction.objects.filter(response__organisation=trust).order_by("pk").first()


def test_an_edit_made_against_an_older_revision_is_refused_with_the_text_as_it_is_now(client, hr_lead, item):
    url = reverse("checklist_edit", args=[item.response_id, item.pk])
    client.force_login(hr_lead)
    seen = client.get(url).context["form"]["revision"].value()
    services.checklist_item_edit(item=item, user=hr_lead, text="Changed by a colleague meanwhile")
    page = client.post(url, {"text": "My edit", "revision": seen})
    assert page.status_code == 409
    html = page.content.decode()
    assert "Someone else changed this additional action" in html and "Changed by a colleague meanwhile" in html
    assert "My edit" in html  # what was typed is kept
    item.refresh_from_db()
    assert item.text == "Changed by a colleague meanwhile"
    # Saving again, deliberately, over the newer text works.
    again = page.context["form"]["revision"].value()
    assert client.post(url, {"text": "My edit", "revision": again}).status_code == 302
    item.refresh_from_db()
    assert item.text == "My edit"


def test_a_stale_done_tick_or_move_is_refused_and_said_so(client, hr_lead, item):
    detail = reverse("response_detail", args=[item.response_id])
    client.force_login(hr_lead)
    assert f'name="revision" value="{item.revision}"' in client.get(detail).content.decode()
    stale = item.revision
    services.checklist_item_set_done(item=item, user=hr_lead, done=True)
    url = reverse("checklist_set_done", args=[item.response_id, item.pk])
    page = client.post(url, {"done": "false", "revision": stale}, follow=True)
    assert "was changed by someone else after you opened this page" in page.content.decode()
    item.refresh_from_db()
    assert item.done is True
    move = reverse("checklist_move", args=[item.response_id, item.pk])
    orders = list(AdditionalAction.objects.filter(response_id=item.response_id).values_list("pk", "order"))
    client.post(move, {"direction": "down", "revision": stale})
    assert list(AdditionalAction.objects.filter(response_id=item.response_id).values_list("pk", "order")) == orders


def test_order_values_are_unique_per_response(item):
    with pytest.raises(IntegrityError), transaction.atomic():
        AdditionalAction.objects.create(response_id=item.response_id, text="Same place", order=item.order)


def test_adds_and_moves_keep_the_orders_distinct(hr_lead, trust):
    response = Response.objects.filter(organisation=trust, checklist__isnull=True).order_by("pk").last()
    for n in range(5):
        services.checklist_item_add(response=response, user=hr_lead, text=f"Step {n}")
    items = list(response.checklist.order_by("order"))
    services.checklist_item_move(item=items[0], user=hr_lead, direction=1)
    services.checklist_item_move(item=items[4], user=hr_lead, direction=-1)
    texts = list(response.checklist.order_by("order").values_list("text", flat=True))
    assert texts == ["Step 1", "Step 0", "Step 2", "Step 4", "Step 3"]
    orders = list(response.checklist.values_list("order", flat=True))
    assert len(orders) == len(set(orders))
