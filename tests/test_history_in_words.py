"""Issue 19, point 8 (history): the action page's history of changes reads as sentences."""

import datetime

import pytest
from django.urls import reverse

from actions import services
from actions.history import response_history
from actions.models import ProgressUpdate, Status
from tests.pages_helpers import hw_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def response(trust):
    return hw_response(trust)


def sentences(response):
    return [sentence for entry in response_history(response=response) for sentence in entry["sentences"]]


def test_status_and_due_date_changes_read_as_sentences(response, hr_lead):
    services.response_record_update(response=response, user=hr_lead, status=Status.AT_RISK, note="Slipping.")
    response.refresh_from_db()
    services.response_record_update(response=response, user=hr_lead, status=Status.ON_TRACK, note="Recovered.")
    response.refresh_from_db()
    services.response_update_details(
        response=response, user=hr_lead, status=response.status, local_due_date=datetime.date(2024, 3, 31)
    )
    response.refresh_from_db()
    services.response_update_details(
        response=response, user=hr_lead, status=response.status, local_due_date=datetime.date(2024, 6, 30)
    )
    said = sentences(response)
    assert "Status changed from At risk to On track" in said
    assert "Status changed from Not started to At risk" in said
    assert "Due date set to 31 March 2024" in said
    assert "Due date changed from 31 March 2024 to 30 June 2024" in said
    newest = response_history(response=response)[0]
    assert newest["what"] == "Due date changed from 31 March 2024 to 30 June 2024" and newest["who"] == "Alex Harper"


def test_checklist_changes_read_as_sentences(response, hr_lead):
    response.checklist.all().delete()
    first = services.checklist_item_add(response=response, user=hr_lead, text="Publish the offer")
    second = services.checklist_item_add(response=response, user=hr_lead, text="Brief the managers")
    services.checklist_item_set_done(item=first, user=hr_lead, done=True)
    services.checklist_item_edit(item=first, user=hr_lead, text="Publish the wellbeing offer")
    services.checklist_item_move(item=second, user=hr_lead, direction=-1)
    entries = response_history(response=response)
    said = [(sentence, entry["subject"]) for entry in entries for sentence in entry["sentences"]]
    assert ("Checklist item added", "Brief the managers") in said
    assert ("Checklist item marked done", "Publish the offer") in said
    assert ("Checklist item reworded (it was “Publish the offer”)", "Publish the wellbeing offer") in said
    assert ("Checklist item moved up", "Brief the managers") in said


def test_an_edited_note_reads_note_changed(response, hr_lead):
    update = services.response_record_update(response=response, user=hr_lead, status=Status.ON_TRACK, note="First")
    edited = ProgressUpdate.objects.get(pk=update.pk)
    edited.note = "First, corrected"
    edited._history_user = hr_lead
    edited.save()
    entry = response_history(response=response)[0]
    on = f"{update.date:%-d %B %Y}"
    assert entry["sentences"] == [f"Progress update of {on} edited", "Note changed"]
    assert entry["subject"] == "First, corrected"


def test_the_page_shows_the_sentences_not_field_names(client, hr_lead, response):
    services.response_record_update(response=response, user=hr_lead, status=Status.AT_RISK, note="Slipping.")
    client.force_login(hr_lead)
    html = client.get(reverse("response_detail", args=[response.pk])).content.decode()
    history = html.split('id="history"')[1]
    assert "Status changed from Not started to At risk" in history
    assert "Progress update recorded for" in history and "Status at the time: At risk" in history
    assert "Action response changed" not in history and "→" not in history
