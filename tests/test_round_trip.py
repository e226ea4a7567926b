"""The offline round trip on the files the product writes itself: the board workbook and the CSV of
the live list and of a board report, downloaded (or exported), then imported back — unedited
("Nothing to do"), edited, stale (changed in the browser since) and with awkward text.

Every file here comes from the product (the download URLs or ``exporter_for``), never built by a test.
"""

import csv
import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from actions.models import Plan, ProgressUpdate, Response, Status
from actions.services import checklist_item_add, response_record_update
from reports.exporters import exporter_for
from reports.sources import FrozenReport, LiveList
from tests.import_helpers import snapshot
from tests.test_workbook_libreoffice import soffice  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
UPLOAD = "/imports/responses/"


def export(source, fmt) -> bytes:
    stream = io.BytesIO()
    exporter_for(source, fmt).write(source, stream, bom=fmt == "csv")
    return stream.getvalue()


def live(trust, fmt):
    return export(LiveList(trust, plan=Plan.objects.get(slug="people-plan-2020-21")), fmt)


def download(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def run(tmp_path, data, name, *args):
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_responses", str(path), "--user", "hr.lead", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().splitlines()


def response(trust, theme, ref):
    return Response.objects.get(organisation=trust, action__theme__name=theme, action__ref=ref)


def edit_workbook(data: bytes, edits: dict[tuple[str, int], dict[str, str]]) -> bytes:
    """Change cells of theme-sheet rows as a person would in Excel: {(sheet, ref): {column: text}}."""
    book = load_workbook(io.BytesIO(data))
    for (title, ref), cells in edits.items():
        ws = book[title]
        header = [c.value for c in ws[1]]
        row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == ref)
        for column, value in cells.items():
            row[header.index(column)].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def edit_csv(data: bytes, edits: dict[tuple[str, int], dict[str, str]]) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    for row in rows[1:]:
        for column, value in edits.get((row[1], int(row[2])), {}).items():
            row[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


# --- 1. Unedited files import back with nothing to do ------------------------------------------


def every_active_response(trust) -> int:
    """What the live download without a plan filter holds: every plan the trust responds to (issue 11)."""
    return Response.objects.of(trust).active().count()


def test_the_live_workbook_downloaded_and_imported_unedited_has_nothing_to_do(client, hr_lead, trust, tmp_path):
    data = download(client, hr_lead, "/actions/export/")
    before = snapshot()
    lines = run(tmp_path, data, "board.xlsx")
    assert lines[0] == f"updated=0 unchanged={every_active_response(trust)}"
    assert lines[-1] == "Nothing to do: every action already matches this file."
    assert snapshot() == before


def test_the_live_csv_downloaded_and_imported_unedited_has_nothing_to_do(client, hr_lead, trust, tmp_path):
    data = download(client, hr_lead, "/actions/export/?format=csv")
    lines = run(tmp_path, data, "board.csv")
    assert lines[0] == f"updated=0 unchanged={every_active_response(trust)}" and lines[-1].startswith("Nothing to do")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_reports_files_import_back_unedited_with_nothing_to_do(client, secretary, make_report, tmp_path, fmt):
    report = make_report(issue=True)
    data = download(client, secretary, f"/reports/{report.pk}/workbook/?format={fmt}")
    before = snapshot()
    lines = run(tmp_path, data, f"report.{fmt}")
    assert lines[0] == "updated=0 unchanged=102" and lines[-1].startswith("Nothing to do")
    assert snapshot() == before


def test_a_reports_workbook_made_before_later_browser_edits_still_has_nothing_to_do(
    make_report, trust, hr_lead, tmp_path
):
    data = export(FrozenReport(make_report(issue=True)), "xlsx")
    target = response(trust, "Recruitment", 1)
    response_record_update(response=target, user=hr_lead, status=Status.AT_RISK, note="Slipping: typed later.")
    lines = run(tmp_path, data, "report.xlsx")
    assert lines[0] == "updated=0 unchanged=102" and lines[-1].startswith("Nothing to do")
    target.refresh_from_db()
    assert target.status == Status.AT_RISK


def test_the_upload_page_says_nothing_to_import_for_the_unedited_workbook(client, hr_lead, trust):
    data = live(trust, "xlsx")
    client.force_login(hr_lead)
    url = client.post(UPLOAD, {"file": SimpleUploadedFile("board.xlsx", data)}).url
    page = client.get(url).content.decode()
    assert "102 actions unchanged." in page
    assert "there is nothing to import" in page


# --- 1. Edited files: exactly the edits are applied ---------------------------------------------


def test_an_edited_live_workbook_applies_exactly_the_edited_cells(trust, hr_lead, tmp_path):
    data = edit_workbook(
        live(trust, "xlsx"),
        {
            ("1 Health and wellbeing", 1): {"Status": "At risk"},
            ("1 Health and wellbeing", 2): {"Latest update": "Fit testing done at all sites."},
            ("7 Recruitment", 3): {"Local owners": "SW/AH"},
        },
    )
    lines = run(tmp_path, data, "board-edited.xlsx")
    assert lines[0] == "updated=3 unchanged=99"
    assert response(trust, "Health and wellbeing", 1).status == Status.AT_RISK
    assert response(trust, "Health and wellbeing", 2).updates.get().note == "Fit testing done at all sites."
    owners = response(trust, "Recruitment", 3).response_owners.values_list("owner__initials", flat=True)
    assert list(owners) == ["SW", "AH"]
    assert run(tmp_path, data, "board-edited.xlsx")[0] == "updated=0 unchanged=102"  # idempotent


def test_an_edited_report_workbook_applies_the_edits(make_report, trust, tmp_path):
    data = export(FrozenReport(make_report(issue=True)), "xlsx")
    edited = edit_workbook(data, {("9 Recruitment and deployment ac", 2): {"Status": "Complete"}})
    assert run(tmp_path, edited, "report.xlsx")[0] == "updated=1 unchanged=101"
    assert response(trust, "Recruitment and deployment across systems", 2).status == Status.COMPLETE


def test_an_edited_live_csv_applies_the_edits(trust, tmp_path):
    data = edit_csv(live(trust, "csv"), {("Recruitment", 1): {"Status": "Complete", "Latest update": "Signed off."}})
    assert run(tmp_path, data, "board.csv")[0] == "updated=1 unchanged=101"
    target = response(trust, "Recruitment", 1)
    assert (target.status, target.updates.get().note) == (Status.COMPLETE, "Signed off.")


def test_the_exceptions_sheets_repeated_rows_are_not_read_as_duplicates(trust, hr_lead, tmp_path):
    target = response(trust, "Recruitment", 1)
    response_record_update(response=target, user=hr_lead, status=Status.OFF_TRACK, note="Late.")
    data = live(trust, "xlsx")
    exceptions = [row[:2] for row in load_workbook(io.BytesIO(data))["Exceptions"].iter_rows(values_only=True)]
    assert ("Recruitment", 1) in exceptions  # on the Exceptions sheet as well as its theme sheet
    assert run(tmp_path, data, "board.xlsx")[0] == "updated=0 unchanged=102"


# --- 2. A stale file never reverts a browser edit -----------------------------------------------


def test_a_stale_workbook_row_left_untouched_changes_nothing(trust, hr_lead, tmp_path):
    data = live(trust, "xlsx")
    target = response(trust, "Recruitment", 1)
    response_record_update(response=target, user=hr_lead, status=Status.AT_RISK, note="Typed in the browser.")
    lines = run(tmp_path, data, "old-board.xlsx")
    assert lines[0] == "updated=0 unchanged=102"
    target.refresh_from_db()
    assert target.status == Status.AT_RISK
    assert list(target.updates.values_list("note", flat=True)) == ["Typed in the browser."]


def test_an_edited_cell_of_a_stale_workbook_row_is_a_conflict_not_applied(trust, hr_lead, tmp_path):
    old = live(trust, "xlsx")
    target = response(trust, "Recruitment", 1)
    response_record_update(response=target, user=hr_lead, status=Status.AT_RISK, note="Typed in the browser.")
    data = edit_workbook(
        old, {("7 Recruitment", 1): {"Status": "Complete"}, ("7 Recruitment", 2): {"Status": "On track"}}
    )
    before = snapshot()
    lines = run(tmp_path, data, "old-board.xlsx", "--dry-run")
    assert lines[0] == "updated=1 unchanged=100 conflicts=1"
    assert (
        "  Conflict, not applied: Status: now 'At risk', file 'Complete' "
        "(changed in the tracker since your file was made)" in lines
    )
    assert snapshot() == before
    run(tmp_path, data, "old-board.xlsx")
    target.refresh_from_db()
    assert target.status == Status.AT_RISK  # the conflict was not applied
    assert response(trust, "Recruitment", 2).status == Status.ON_TRACK  # the row not changed since was


def test_on_the_page_a_conflict_is_applied_only_when_the_person_ticks_it(client, trust, hr_lead):
    old = live(trust, "xlsx")
    target = response(trust, "Recruitment", 1)
    response_record_update(response=target, user=hr_lead, status=Status.AT_RISK, note="Typed in the browser.")
    data = edit_workbook(old, {("7 Recruitment", 1): {"Status": "Complete", "Latest update": "Done, says the file."}})
    client.force_login(hr_lead)
    url = client.post(UPLOAD, {"file": SimpleUploadedFile("old.xlsx", data)}).url
    page = client.get(url).content.decode()
    assert "101 actions unchanged; 2 conflicts need your choice." in page
    assert f'value="{target.pk}:status"' in page and f'value="{target.pk}:note"' in page
    client.post(url, {"confirm": "1", "take": [f"{target.pk}:status"]})
    target.refresh_from_db()
    assert target.status == Status.COMPLETE  # chosen
    assert target.updates.first().note.startswith("Status changed from At risk to Complete")
    assert not target.updates.filter(note="Done, says the file.").exists()  # not chosen


def test_a_stale_csv_never_reverts_a_status_or_reposts_an_old_note(trust, hr_lead, tmp_path):
    target = response(trust, "Recruitment", 1)
    response_record_update(response=target, user=hr_lead, status=Status.ON_TRACK, note="On track in May.")
    old = live(trust, "csv")
    response_record_update(response=target, user=hr_lead, status=Status.AT_RISK, note="At risk in June.")
    lines = run(tmp_path, old, "old-board.csv")
    assert lines[0] == "updated=0 unchanged=101 conflicts=1"
    assert any("Conflict, not applied: Status: now 'At risk', file 'On track'" in line for line in lines)
    target.refresh_from_db()
    assert target.status == Status.AT_RISK
    assert ProgressUpdate.objects.filter(response=target).count() == 2


# --- 6. Text survives the trip exactly ----------------------------------------------------------

AWKWARD = [
    "Agreed with <strong>all</strong> staff networks",
    "Fish &amp; chips &lt;b&gt; for the team",
    "'quoted by the author'",
    "'=not a formula either",
    "=SUM(A1:A3) is how we count",
    "-5 posts, +3 posts, @team",
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_awkward_notes_and_items_read_back_unchanged(trust, hr_lead, tmp_path, fmt):
    targets = Response.objects.filter(organisation=trust, action__theme__number=2).order_by("action__ref")[:6]
    for target, text in zip(targets, AWKWARD, strict=True):
        response_record_update(response=target, user=hr_lead, status=target.status, note=text)
        checklist_item_add(response=target, user=hr_lead, text=text)
    checklist_item_add(response=targets[0], user=hr_lead, text="An item\nover two lines")
    before = snapshot()
    lines = run(tmp_path, live(trust, fmt), f"board.{fmt}")
    assert lines[0] == "updated=0 unchanged=102"
    assert snapshot() == before


def test_a_utf8_csv_with_one_windows_1252_byte_is_refused_naming_the_row(trust, hr_lead, tmp_path):
    target = response(trust, "Recruitment", 1)
    response_record_update(response=target, user=hr_lead, status=target.status, note="Café opened for staff")
    data = edit_csv(live(trust, "csv"), {("Recruitment", 2): {"Latest update": "Cafe-MARK"}})
    data = data.replace(b"Cafe-MARK", b"Caf\xe9 menu")  # one Windows-1252 byte in a UTF-8 file
    rows = list(csv.reader(io.StringIO(data.decode("utf-8", "replace"))))
    number = next(i for i, row in enumerate(rows, 1) if row[1:3] == ["Recruitment", "2"])
    before = snapshot()
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    err = io.StringIO()
    with pytest.raises(Exception):  # noqa: B017 - CommandError, message checked below
        call_command("import_responses", str(path), "--user", "hr.lead", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines()[0].startswith(f'error: row {number}, column "Latest update": the file is UTF-8')
    assert snapshot() == before


def test_the_workbook_saved_again_by_libreoffice_still_has_nothing_to_do(soffice, trust, tmp_path):  # noqa: F811
    """What each row was made from survives another program saving the file (workbook properties)."""
    source = tmp_path / "board.xlsx"
    source.write_bytes(live(trust, "xlsx"))
    saved = tmp_path / "saved"
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
        ]
        + ["--outdir", str(saved), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    lines = run(tmp_path, (saved / "board.xlsx").read_bytes(), "board.xlsx")
    assert lines[0] == "updated=0 unchanged=102"
