"""A returned offline file with a row for an action withdrawn since it was made: the other rows import,
that row is listed as skipped (issue 19, point 10). Every other problem still refuses the whole file.

The file is the product's own board workbook (``exporter_for``); the action is withdrawn the way it
happens in real life, by importing a revised plan version (the v4 sample withdraws Flexible working 3).
"""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import load_workbook

from actions.models import PlanVersion, Status
from tests.import_helpers import snapshot
from tests.test_round_trip import UPLOAD, edit_workbook, live, response

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "samples" / "people-plan-v4-sample.csv"
SHEET = "2 Flexible working"


def withdraw_flexible_working_3(national_admin) -> PlanVersion:
    call_command(
        "import_plan",
        str(SAMPLE),
        "--label",
        "v4 sample 1 October 2020",
        "--user",
        national_admin.username,
        stdout=io.StringIO(),
    )
    version = PlanVersion.objects.get(label="v4 sample 1 October 2020")
    assert version.actions_withdrawn.filter(theme__name="Flexible working", ref=3).exists()
    return version


def row_number(data: bytes, sheet: str, ref: int) -> int:
    ws = load_workbook(io.BytesIO(data))[sheet]
    return next(row[0].row for row in ws.iter_rows(min_row=2) if row[0].value == ref)


def returned_file(trust, extra=None):
    """The board workbook downloaded before the revision, edited by owners: Recruitment 1 and the
    soon-withdrawn Flexible working 3 both changed."""
    edits = {
        ("7 Recruitment", 1): {"Status": "At risk", "Latest update": "Two posts unfilled."},
        (SHEET, 3): {"Status": "Complete", "Latest update": "Policy agreed."},
        **(extra or {}),
    }
    return edit_workbook(live(trust, "xlsx"), edits)


def expected_skip(data, version) -> str:
    day = timezone.localtime(version.imported_at).date()
    return (
        f'Row {row_number(data, SHEET, 3)} of sheet "{SHEET}" (Flexible working 3): the action was withdrawn on '
        f'{day.day} {day:%B %Y} (plan version "v4 sample 1 October 2020") — skipped'
    )


def import_file(tmp_path, data, name="board-returned.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_responses", str(path), "--user", "hr.lead", stdout=out, stderr=io.StringIO())
    return out.getvalue().splitlines()


def test_the_other_rows_import_and_the_withdrawn_actions_row_is_listed_as_skipped(trust, national_admin, tmp_path):
    data = returned_file(trust)
    version = withdraw_flexible_working_3(national_admin)
    withdrawn = response(trust, "Flexible working", 3)
    before_status = withdrawn.status

    lines = import_file(tmp_path, data)

    assert lines[0].startswith("updated=1 ") and lines[0].endswith(" skipped=1")
    assert f"skipped: {expected_skip(data, version)}" in lines
    assert lines[-1].startswith("Imported board-returned.xlsx for ") and ", 1 skipped." in lines[-1]
    assert lines[-1].split(": ", 1)[1].startswith("1 action updated, ")
    recruitment = response(trust, "Recruitment", 1)
    assert recruitment.status == Status.AT_RISK
    assert recruitment.updates.get().note == "Two posts unfilled."
    withdrawn.refresh_from_db()
    assert withdrawn.status == before_status  # skipped: untouched
    assert not withdrawn.updates.filter(note="Policy agreed.").exists()


def test_any_other_error_still_refuses_the_whole_file(trust, national_admin, tmp_path):
    data = returned_file(trust, extra={("7 Recruitment", 2): {"Status": "Greenish"}})
    withdraw_flexible_working_3(national_admin)
    before = snapshot()
    with pytest.raises(CommandError, match="nothing was changed"):
        import_file(tmp_path, data)
    assert snapshot() == before


def test_the_preview_page_lists_the_skipped_row_and_confirming_imports_the_rest(client, trust, hr_lead, national_admin):
    data = returned_file(trust)
    version = withdraw_flexible_working_3(national_admin)
    client.force_login(hr_lead)
    url = client.post(UPLOAD, {"file": SimpleUploadedFile("board-returned.xlsx", data)}).url
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "1 row skipped" in text
    assert expected_skip(data, version).replace('"', "&quot;") in text
    assert "1 action updated, " in text and ", 1 skipped." in text
    done = client.post(url, {"confirm": "1"}, follow=True)
    assert "Imported board-returned.xlsx: 1 action updated, " in done.content.decode()
    assert response(trust, "Recruitment", 1).status == Status.AT_RISK
