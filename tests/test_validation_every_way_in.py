"""One validation for every way in (hardening points 7 and 9): the action page's forms, the services,
the offline-updates import (CSV and workbook, command and page) and the plan import meet the same
limits — a note of at most 5,000 characters that shows something, a checklist item of at most 2,000,
no NUL character — and a refusal names the row and column and changes nothing."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from actions import services
from actions.models import Plan, Response
from reports.exporters import exporter_for
from reports.sources import LiveList
from tests.import_helpers import national_plan_rows, snapshot, write_csv
from tests.test_round_trip import edit_csv, edit_workbook

pytestmark = pytest.mark.django_db
INVISIBLE = "\u200b\u200c\u2060 \ufeff"


def live(trust, fmt):
    stream = io.BytesIO()
    source = LiveList(trust, plan=Plan.objects.get(slug="people-plan-2020-21"))
    exporter_for(source, fmt).write(source, stream, bom=fmt == "csv")
    return stream.getvalue()


def refused(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_responses", str(path), "--user", "hr.lead", stdout=io.StringIO(), stderr=err)
    assert snapshot() == before
    return err.getvalue().splitlines()


def row_of(data: bytes, theme, ref):
    import csv

    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return next(i for i, row in enumerate(rows, 1) if row[1:3] == [theme, str(ref)])


@pytest.fixture
def target(trust):
    return Response.objects.get(organisation=trust, action__theme__name="Recruitment", action__ref=1)


# --- the form and the service ------------------------------------------------------------------


def test_the_form_refuses_a_note_of_only_invisible_characters(client, hr_lead, target):
    client.force_login(hr_lead)
    data = {"update-revision": target.revision, "update-status": target.status, "update-note": INVISIBLE}
    page = client.post(reverse("response_record_update", args=[target.pk]), data)
    assert page.status_code == 200 and "it is empty or only invisible characters" in page.content.decode()
    assert not target.updates.exists()


def test_the_services_refuse_what_the_forms_refuse(hr_lead, target):
    for note in (INVISIBLE, "x" * 5001, "nul \x00 byte"):
        with pytest.raises(ValidationError):
            services.response_record_update(response=target, user=hr_lead, status=target.status, note=note)
    for text in (INVISIBLE, "y" * 2001):
        with pytest.raises(ValidationError):
            services.checklist_item_add(response=target, user=hr_lead, text=text)
    assert not target.updates.exists()


# --- the offline-updates import -----------------------------------------------------------------


def test_a_csv_note_over_5000_characters_is_refused_naming_row_and_column(trust, tmp_path):
    data = edit_csv(live(trust, "csv"), {("Recruitment", 1): {"Latest update": "n" * 6000}})
    number = row_of(data, "Recruitment", 1)
    assert refused(tmp_path, "long.csv", data) == [
        f'error: row {number}, column "Latest update": the progress note can have at most 5,000 characters '
        "(it has 6,000)"
    ]


def test_a_130000_character_csv_cell_is_refused(trust, tmp_path):
    data = edit_csv(live(trust, "csv"), {("Recruitment", 1): {"Latest update": "n" * 130_000}})
    lines = refused(tmp_path, "huge.csv", data)
    assert lines[0].startswith(f'error: row {row_of(data, "Recruitment", 1)}, column "Latest update": the cell has')


def test_a_workbook_checklist_item_over_2000_characters_is_refused(trust, tmp_path):
    data = edit_workbook(live(trust, "xlsx"), {("7 Recruitment", 1): {"Additional actions": "i" * 32_767}})
    lines = refused(tmp_path, "long.xlsx", data)
    assert len(lines) == 1
    assert lines[0].startswith('error: sheet "7 Recruitment", row ')
    assert lines[0].endswith(
        'column "Additional actions": the additional action can have at most 2,000 characters (it has 32,767)'
    )


def test_an_imported_note_of_only_invisible_characters_is_refused(trust, tmp_path):
    data = edit_csv(live(trust, "csv"), {("Recruitment", 1): {"Latest update": INVISIBLE.strip() + "\u200b"}})
    assert refused(tmp_path, "blank.csv", data) == [
        f'error: row {row_of(data, "Recruitment", 1)}, column "Latest update": '
        "enter the progress note: it is empty or only invisible characters"
    ]


def test_the_upload_page_refuses_the_same_note(client, hr_lead, trust):
    data = edit_csv(live(trust, "csv"), {("Recruitment", 1): {"Latest update": "n" * 6000}})
    client.force_login(hr_lead)
    url = client.post("/imports/responses/", {"file": SimpleUploadedFile("long.csv", data)}).url
    page = client.get(url)
    assert page.status_code == 400
    assert "the progress note can have at most 5,000 characters" in page.content.decode()


# --- NUL bytes (point 9): refused when the file is read, naming row and column -------------------


def test_a_nul_byte_past_the_first_4kb_is_refused_at_read_time(client, hr_lead, trust, tmp_path):
    data = edit_csv(live(trust, "csv"), {("Recruitment", 1): {"Latest update": "before\x00after"}})
    assert data.index(b"\x00") > 4096
    number = row_of(data, "Recruitment", 1)
    message = (
        f'error: row {number}, column "Latest update": the cell contains a NUL character (byte 0), '
        "which cannot be stored: remove it"
    )
    assert refused(tmp_path, "nul.csv", data) == [message]
    client.force_login(hr_lead)
    page = client.post("/imports/responses/", {"file": SimpleUploadedFile("nul.csv", data)})
    assert page.status_code == 400 and "NUL character" in page.content.decode()


def test_a_nul_byte_in_a_plan_file_is_refused_naming_row_and_column(tmp_path):
    rows = national_plan_rows()
    rows[60][2] = "Text with a \x00 in it"
    path = write_csv(tmp_path / "plan.csv", rows)
    before = snapshot()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_plan", str(path), "--label", "v9", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines()[0] == (
        'error: row 61, column "Action": the cell contains a NUL character (byte 0), which cannot be stored: remove it'
    )
    assert snapshot() == before


# --- the plan import ------------------------------------------------------------------------------


def test_the_plan_import_refuses_texts_longer_than_the_tracker_holds(tmp_path):
    rows = national_plan_rows()
    rows[5][3] = "W" * 301  # Who
    rows[6][2] = "A" * 10_001  # Action
    path = write_csv(tmp_path / "plan.csv", rows)
    before = snapshot()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_plan", str(path), "--label", "v9", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines()[:2] == [
        'error: row 6, column "Who": the Who text can have at most 300 characters (it has 301)',
        'error: row 7, column "Action": the action text can have at most 10,000 characters (it has 10,001)',
    ]
    assert snapshot() == before
