"""The action page and its edits: progress updates, due date, checklist, conflicts and permissions."""

import datetime

import pytest
from django.urls import reverse

from actions import services
from actions.models import ProgressUpdate, Response, Status
from tests.pages_helpers import add_item, add_update, hw_response


@pytest.fixture
def response(trust):
    return hw_response(trust)


def detail(response):
    return reverse("response_detail", args=[response.pk])


def post_update(client, response, note, status=Status.ON_TRACK, revision=None, evidence=""):
    return client.post(
        reverse("response_record_update", args=[response.pk]),
        {
            "update-revision": response.revision if revision is None else revision,
            "update-status": status,
            "update-note": note,
            "update-evidence_url": evidence,
        },
    )


def test_action_page_shows_national_text_owners_checklist_timeline_and_history(client, hr_lead, response):
    add_item(response, "Publish the wellbeing offer")
    add_update(response, hr_lead, "Offer drafted", status=Status.AT_RISK)
    client.force_login(hr_lead)
    page = client.get(detail(response))
    html = page.content.decode()
    assert page.status_code == 200
    assert response.action.text[:40] in html
    assert "Publish the wellbeing offer" in html
    assert "Offer drafted" in html and "Alex Harper" in html
    assert "History of changes" in html
    assert 'name="update-revision"' in html  # edit controls for the HR lead


def test_hr_lead_records_an_update_and_the_status_changes(client, hr_lead, response):
    client.force_login(hr_lead)
    result = post_update(client, response, "Risk assessments done", evidence="https://intranet.example/ra")
    assert result.status_code == 302 and result["Location"].endswith("#banner-progress")
    response.refresh_from_db()
    assert response.status == Status.ON_TRACK
    update = response.updates.get()
    assert (update.note, update.author, update.evidence_url) == (
        "Risk assessments done",
        hr_lead,
        "https://intranet.example/ra",
    )
    page = client.get(result["Location"])
    assert "Your progress update has been recorded." in page.content.decode()
    assert "Status changed from Not started to On track" in page.content.decode()  # history, in words


def test_an_empty_note_is_refused_with_an_error_summary_and_typed_text_kept(client, hr_lead, response):
    client.force_login(hr_lead)
    page = post_update(client, response, "   ", evidence="javascript:alert(1)")
    html = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_update-note"' in html and 'href="#id_update-evidence_url"' in html
    assert "javascript:alert(1)" in html  # what was typed is kept (escaped, in the input's value)
    assert not ProgressUpdate.objects.filter(response=response).exists()


def test_a_stale_revision_is_refused_with_a_conflict_and_keeps_the_typed_note(client, hr_lead, secretary, response):
    loaded_revision = response.revision
    services.response_record_update(
        response=response, user=hr_lead, status=Status.AT_RISK, note="Someone else got there first"
    )
    client.force_login(hr_lead)
    page = post_update(client, response, "My carefully typed note", revision=loaded_revision)
    html = page.content.decode()
    assert page.status_code == 409
    assert "Someone else changed this action while you were editing it" in html
    assert "Someone else got there first" in html  # what changed
    assert "My carefully typed note" in html  # what they typed
    assert ProgressUpdate.objects.filter(response=response).count() == 1
    # Resubmitting the re-rendered form (it carries the current revision) saves it.
    current = Response.objects.get(pk=response.pk).revision
    assert f'value="{current}"' in html
    assert post_update(client, response, "My carefully typed note", revision=current).status_code == 302


def test_local_due_date_is_saved_and_a_bad_date_is_reported(client, hr_lead, response):
    client.force_login(hr_lead)
    url = reverse("response_set_due_date", args=[response.pk])
    boxes = {"due-local_due_date-day": "31", "due-local_due_date-month": "2", "due-local_due_date-year": "2026"}
    bad = client.post(url, {"due-revision": response.revision, **boxes})
    page = bad.content.decode()
    assert bad.status_code == 200 and 'href="#id_due-local_due_date-day"' in page
    assert "Local due date must be a real date" in page
    next_year = datetime.date.today().year + 1
    good = client.post(url, {"due-revision": response.revision, "due-local_due_date": f"{next_year}-12-31"})
    assert good.status_code == 302
    response.refresh_from_db()
    assert response.local_due_date.isoformat() == f"{next_year}-12-31"


def test_checklist_items_are_ticked_added_edited_and_reordered(client, hr_lead, response):
    response.checklist.all().delete()
    first = add_item(response, "First step")
    second = add_item(response, "Second step")
    client.force_login(hr_lead)
    assert client.post(reverse("checklist_set_done", args=[response.pk, first.pk]), {"done": "true"}).status_code == 302
    first.refresh_from_db()
    assert first.done
    client.post(reverse("checklist_add", args=[response.pk]), {"item-text": "Third step"})
    client.post(reverse("checklist_move", args=[response.pk, second.pk]), {"direction": "up"})
    client.post(reverse("checklist_edit", args=[response.pk, first.pk]), {"text": "First step, revised"})
    assert [i.text for i in response.checklist.order_by("order", "pk")] == [
        "Second step",
        "First step, revised",
        "Third step",
    ]
    html = client.get(detail(response)).content.decode()
    assert "Checklist item added" in html and "Checklist item marked done" in html  # history of the tick


def test_an_empty_checklist_item_is_refused(client, hr_lead, response):
    client.force_login(hr_lead)
    page = client.post(reverse("checklist_add", args=[response.pk]), {"item-text": "  "})
    assert page.status_code == 200
    assert 'href="#id_item-text"' in page.content.decode()


@pytest.mark.parametrize("persona", ["board_member", "secretary"])
def test_readers_see_no_edit_controls_and_their_posts_are_refused(client, request, persona, response):
    user = request.getfixturevalue(persona)
    item = add_item(response, "A step")
    client.force_login(user)
    html = client.get(detail(response)).content.decode()
    assert "update-revision" not in html and "Mark as done" not in html and "Edit<" not in html
    posts = [
        (reverse("response_record_update", args=[response.pk]), {"update-note": "x", "update-revision": 1}),
        (reverse("response_set_due_date", args=[response.pk]), {"due-revision": 1}),
        (reverse("checklist_add", args=[response.pk]), {"item-text": "x"}),
        (reverse("checklist_set_done", args=[response.pk, item.pk]), {"done": "true"}),
        (reverse("checklist_move", args=[response.pk, item.pk]), {"direction": "up"}),
        (reverse("checklist_edit", args=[response.pk, item.pk]), {"text": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("checklist_edit", args=[response.pk, item.pk])).status_code == 403
    item.refresh_from_db()
    assert (item.text, item.done) == ("A step", False)
    assert not response.updates.exists()


def test_another_trusts_hr_lead_gets_404_for_every_url_of_this_trusts_action(client, other_hr, response):
    item = add_item(response, "A step")
    client.force_login(other_hr)
    assert client.get(detail(response)).status_code == 404
    assert client.get(reverse("checklist_edit", args=[response.pk, item.pk])).status_code == 404
    for url in [
        reverse("response_record_update", args=[response.pk]),
        reverse("response_set_due_date", args=[response.pk]),
        reverse("checklist_add", args=[response.pk]),
        reverse("checklist_set_done", args=[response.pk, item.pk]),
        reverse("checklist_move", args=[response.pk, item.pk]),
        reverse("checklist_edit", args=[response.pk, item.pk]),
    ]:
        assert client.post(url, {"update-note": "x", "done": "true"}).status_code == 404, url
    assert not response.updates.exists()


def test_a_checklist_item_of_another_response_is_404(client, hr_lead, trust, response):
    other = hw_response(trust, ref=2)
    foreign = add_item(other, "Belongs elsewhere")
    client.force_login(hr_lead)
    url = reverse("checklist_set_done", args=[response.pk, foreign.pk])
    assert client.post(url, {"done": "true"}).status_code == 404


def test_a_get_on_an_edit_address_opens_the_form_instead(client, hr_lead, response):
    """Reloading or bookmarking the update form's address opens the action page at the form: nothing saved."""
    client.force_login(hr_lead)
    result = client.get(reverse("response_record_update", args=[response.pk]))
    assert result.status_code == 302 and result["Location"] == detail(response) + "#record-update"
    assert not response.updates.exists()


def test_user_text_is_escaped(client, hr_lead, response):
    add_item(response, "<script>alert('x')</script>")
    client.force_login(hr_lead)
    html = client.get(detail(response)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_a_stale_due_date_edit_is_refused_and_keeps_the_typed_date(client, hr_lead, response):
    loaded_revision = response.revision
    services.response_record_update(response=response, user=hr_lead, status=Status.COMPLETE, note="Finished")
    client.force_login(hr_lead)
    page = client.post(
        reverse("response_set_due_date", args=[response.pk]),
        {"due-revision": loaded_revision, "due-local_due_date": "2027-03-31"},
    )
    html = page.content.decode()
    assert page.status_code == 409
    assert "Someone else changed this action" in html and "Complete" in html
    assert 'href="#id_due-local_due_date"' in html
    for part, typed in [("day", "31"), ("month", "3"), ("year", "2027")]:
        assert f'name="due-local_due_date-{part}" type="text" inputmode="numeric" value="{typed}"' in html
    response.refresh_from_db()
    assert response.local_due_date is None


@pytest.mark.parametrize("evidence", ["ftp://files.example/x", "not a link", "javascript:alert(1)"])
def test_evidence_must_be_an_http_link_and_is_reported_once(client, hr_lead, response, evidence):
    client.force_login(hr_lead)
    html = post_update(client, response, "A note", evidence=evidence).content.decode()
    assert html.count('href="#id_update-evidence_url"') == 1
    assert not response.updates.exists()
