"""A flat CSV carries no record of when it was made (its columns are a stable interface), so a row
shows its age by what it holds: an *Updated on* date before the action's latest update, an earlier
progress note as its latest update, a status or an owner list the action had before. Once a row shows
it is older than the tracker, everything typed into it is held as a conflict — shown on the preview,
applied only if the person ticks it — as the browser refuses a stale save (issue 15, point 2).

Every file here is the product's own CSV export, edited as a person would.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actions.models import ProgressUpdate, Status
from actions.services import checklist_item_add, response_record_update, response_set_owners
from owners.models import Owner
from tests.import_helpers import snapshot
from tests.test_round_trip import UPLOAD, edit_csv, live, response, run

pytestmark = pytest.mark.django_db


def owners_of(target) -> list[str]:
    return [link.owner.initials for link in target.response_owners.order_by("-is_lead", "order")]


def test_a_new_note_typed_into_a_row_older_than_the_tracker_is_a_conflict(trust, hr_lead, tmp_path):
    target = response(trust, "Recruitment", 1)
    response_record_update(response=target, user=hr_lead, status=Status.ON_TRACK, note="On track in May.")
    old = live(trust, "csv")
    response_record_update(response=target, user=hr_lead, status=Status.AT_RISK, note="At risk in June.")
    data = edit_csv(old, {("Recruitment", 1): {"Latest update": "All posts filled, says the file."}})
    before = snapshot()
    lines = run(tmp_path, data, "old.csv", "--dry-run")
    assert lines[0] == "updated=0 unchanged=101 conflicts=2"
    held = [line for line in lines if "All posts filled" in line]
    assert held and held[0].startswith("  Conflict, not applied: Latest update")
    older = "this row of your file is older than the tracker: the action was On track before and is At risk now"
    assert older in held[0]
    assert snapshot() == before
    run(tmp_path, data, "old.csv")
    target.refresh_from_db()
    assert target.status == Status.AT_RISK
    assert not ProgressUpdate.objects.filter(response=target, note__contains="All posts filled").exists()


def test_an_updated_on_date_before_the_trackers_shows_the_row_is_older(trust, hr_lead, tmp_path):
    target = response(trust, "Recruitment", 2)
    response_record_update(
        response=target, user=hr_lead, status=Status.ON_TRACK, note="Spring review.", date=datetime.date(2025, 3, 3)
    )
    old = live(trust, "csv")
    response_record_update(
        response=target, user=hr_lead, status=Status.ON_TRACK, note="Summer review.", date=datetime.date(2025, 7, 9)
    )
    # The person overwrote the old note with their own, so only the date tells the row's age.
    data = edit_csv(old, {("Recruitment", 2): {"Latest update": "Autumn review, typed offline."}})
    lines = run(tmp_path, data, "old.csv")
    held = [line for line in lines if "Autumn review" in line]
    older = "older than the tracker: its latest update is of 3 March 2025, the tracker's of 9 July 2025"
    assert held and older in held[0]
    assert not ProgressUpdate.objects.filter(response=target, note__startswith="Autumn review").exists()


def test_an_old_owner_list_never_reverts_the_browsers_and_a_new_item_beside_it_is_held(trust, hr_lead, tmp_path):
    target = response(trust, "Recruitment", 3)
    owners = list(Owner.objects.filter(organisation=trust).order_by("initials")[:3])
    response_set_owners(response=target, owners=owners[:2], user=hr_lead)
    old = live(trust, "csv")
    response_set_owners(response=target, owners=[owners[2]], user=hr_lead)  # changed in the browser since
    data = edit_csv(old, {("Recruitment", 3): {"Additional actions": "Book the assessment centre"}})
    lines = run(tmp_path, data, "old.csv")
    assert lines[0] == "updated=0 unchanged=101 conflicts=2"
    text = "\n".join(lines)
    assert "Local owners: now '" + owners[2].initials + "'" in text
    assert "the action had these owners before and has moved on since" in text
    assert "this row of your file is older than the tracker: it names the owners the action had before" in text
    assert owners_of(target) == [owners[2].initials]
    assert not target.checklist.filter(text="Book the assessment centre").exists()


def test_rows_not_changed_since_still_apply_beside_a_stale_one(trust, hr_lead, tmp_path):
    stale = response(trust, "Recruitment", 1)
    fresh = response(trust, "Recruitment", 4)
    response_record_update(response=stale, user=hr_lead, status=Status.ON_TRACK, note="On track in May.")
    old = live(trust, "csv")
    response_record_update(response=stale, user=hr_lead, status=Status.AT_RISK, note="At risk in June.")
    data = edit_csv(
        old,
        {
            ("Recruitment", 1): {"Latest update": "Held: typed into an old row."},
            ("Recruitment", 4): {"Status": "Complete", "Latest update": "Applied: this row is current."},
        },
    )
    lines = run(tmp_path, data, "old.csv")
    assert lines[0] == "updated=1 unchanged=100 conflicts=2"
    fresh.refresh_from_db()
    assert fresh.status == Status.COMPLETE
    assert fresh.updates.filter(note="Applied: this row is current.").exists()
    assert not stale.updates.filter(note__startswith="Held").exists()


def test_on_the_page_the_held_note_of_an_old_csv_row_applies_when_ticked(client, trust, hr_lead):
    target = response(trust, "Recruitment", 1)
    response_record_update(response=target, user=hr_lead, status=Status.ON_TRACK, note="On track in May.")
    old = live(trust, "csv")
    response_record_update(response=target, user=hr_lead, status=Status.AT_RISK, note="At risk in June.")
    checklist_item_add(response=target, user=hr_lead, text="Added in the browser")
    data = edit_csv(old, {("Recruitment", 1): {"Latest update": "Chosen: the offline note."}})
    client.force_login(hr_lead)
    url = client.post(UPLOAD, {"file": SimpleUploadedFile("old.csv", data)}).url
    page = client.get(url).content.decode()
    assert "this row of your file is older than the tracker" in page
    assert f'value="{target.pk}:note"' in page and f'value="{target.pk}:status"' in page
    client.post(url, {"confirm": "1", "take": [f"{target.pk}:note"]})
    target.refresh_from_db()
    assert target.status == Status.AT_RISK  # the old status, not ticked, stays as the browser left it
    assert target.updates.first().note == "Chosen: the offline note."


def test_an_earlier_note_as_the_rows_latest_update_shows_it_is_older(trust, hr_lead, tmp_path):
    target = response(trust, "Recruitment", 5)
    response_record_update(response=target, user=hr_lead, status=target.status, note="First note.")
    old = live(trust, "csv")
    response_record_update(response=target, user=hr_lead, status=target.status, note="Second note, same status.")
    data = edit_csv(old, {("Recruitment", 5): {"Additional actions": "Item typed into the old row"}})
    lines = run(tmp_path, data, "old.csv")
    assert lines[0] == "updated=0 unchanged=101 conflicts=1"
    assert any("older than the tracker: its latest update is an earlier one" in line for line in lines)
    assert not target.checklist.filter(text="Item typed into the old row").exists()
