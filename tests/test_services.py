"""Write services: one call changes status, stores the update and leaves history; stale edits are refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from actions.models import ProgressUpdate, Response, Status
from actions.services import (
    EditConflict,
    checklist_item_add,
    checklist_item_move,
    checklist_item_set_done,
    response_record_update,
    response_update_details,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def response(trust):
    return Response.objects.get(
        organisation=trust, action__theme__plan__slug="people-plan-2020-21", action__theme__number=1, action__ref=5
    )


def test_recording_an_update_moves_the_status_and_keeps_the_note(response, hr_lead):
    update = response_record_update(
        response=response,
        user=hr_lead,
        status=Status.AT_RISK,
        note="Policy review slipped",
        date=datetime.date(2020, 10, 1),
    )
    response.refresh_from_db()
    assert response.status == Status.AT_RISK
    assert update.author == hr_lead and update.status == Status.AT_RISK and update.note == "Policy review slipped"
    assert response.revision == 2


def test_recording_an_update_leaves_history_naming_the_user(response, hr_lead):
    response_record_update(response=response, user=hr_lead, status=Status.ON_TRACK, note="Started")
    latest = response.history.first()
    assert latest.history_user == hr_lead
    assert latest.status == Status.ON_TRACK
    assert latest.prev_record.status == Status.NOT_STARTED
    assert ProgressUpdate.history.filter(history_user=hr_lead).count() == 1


def test_an_edit_against_an_old_revision_is_refused_and_changes_nothing(response, hr_lead, secretary):
    loaded_revision = response.revision
    response_record_update(
        response=response, user=hr_lead, status=Status.ON_TRACK, note="First", expected_revision=loaded_revision
    )
    with pytest.raises(EditConflict) as conflict:
        response_record_update(
            response=response, user=secretary, status=Status.OFF_TRACK, note="Second", expected_revision=loaded_revision
        )
    response.refresh_from_db()
    assert response.status == Status.ON_TRACK
    assert ProgressUpdate.objects.filter(response=response).count() == 1
    assert ("Status", "On track") in conflict.value.changes


def test_an_empty_note_or_unknown_status_is_a_validation_error(response, hr_lead):
    with pytest.raises(ValidationError):
        response_record_update(response=response, user=hr_lead, status=Status.ON_TRACK, note="   ")
    with pytest.raises(ValidationError):
        response_record_update(response=response, user=hr_lead, status="purple", note="x")
    with pytest.raises(ValidationError):
        response_record_update(
            response=response, user=hr_lead, status=Status.ON_TRACK, note="x", evidence_url="javascript:alert(1)"
        )
    assert not response.updates.exists()


def test_details_change_the_local_due_date(response, hr_lead):
    response_update_details(
        response=response, user=hr_lead, status=Status.ON_TRACK, local_due_date=datetime.date(2021, 6, 30)
    )
    response.refresh_from_db()
    assert response.local_due_date == datetime.date(2021, 6, 30)


def test_checklist_items_are_added_ticked_and_reordered_with_history(response, hr_lead):
    first, second, third = response.checklist.all()
    added = checklist_item_add(response=response, user=hr_lead, text="Check DSE backlog")
    assert added.order == 4
    checklist_item_set_done(item=first, user=hr_lead, done=True)
    first.refresh_from_db()
    assert first.done and first.history.first().history_user == hr_lead
    checklist_item_move(item=third, user=hr_lead, direction=-1)
    assert [i.text for i in response.checklist.all()][:3] == [first.text, third.text, second.text]
