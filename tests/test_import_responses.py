"""`manage.py import_responses`: the board workbook or CSV back after owners edited it offline."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from actions.imports.reading.problems import ImportFileError
from actions.imports.responses.apply import response_import_apply
from actions.imports.responses.compare import read_response_file, response_import_preview
from actions.models import ProgressUpdate, Response, Status
from actions.services import response_record_update
from tests.import_helpers import export_rows, snapshot, write_csv, write_xlsx

pytestmark = pytest.mark.django_db
EDITABLE = ["Status", "Latest update", "Local owners", "Additional actions"]


def blank_export(ods="RYV"):
    """The export with every editable cell blank: importing it must change nothing."""
    rows = export_rows(ods)
    header = rows[0]
    for row in rows[1:]:
        for column in EDITABLE:
            row[header.index(column)] = ""
    return rows


def edit(rows, theme, ref, **cells):
    header = rows[0]
    row = next(r for r in rows[1:] if r[header.index("Theme")] == theme and r[header.index("Ref")] == str(ref))
    for column, value in cells.items():
        row[header.index(column.replace("_", " ").capitalize())] = value
    return rows.index(row) + 1  # the spreadsheet's row number


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_responses", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def fails(path, *args):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_responses", str(path), "--user", "hr.lead", *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue().splitlines()


def response(trust, theme, ref):
    return Response.objects.get(organisation=trust, action__theme__name=theme, action__ref=ref)


def test_round_trip_export_edit_import_applies_each_edit_as_the_importing_user(tmp_path, trust, hr_lead):
    rows = export_rows()
    header = rows[0]
    edit(rows, "Health and wellbeing", 1, status="at risk")
    edit(rows, "Health and wellbeing", 2, latest_update="Fit testing done at all sites.", status="On track")
    edit(rows, "Health and wellbeing", 3, local_owners="sw/AH")
    checklist_row = next(
        r for r in rows[1:] if r[header.index("Theme")] == "Health and wellbeing" and r[header.index("Ref")] == "4"
    )
    checklist_row[header.index("Additional actions")] += "\nAgree a quarterly review with staff networks"
    path = write_csv(tmp_path / "board-edited.csv", rows, encoding="utf-8-sig")

    out = run(path, "--user", "hr.lead")
    assert out.splitlines()[0] == "updated=4 unchanged=98"
    assert "  Status: Not started -> At risk" in out

    first = response(trust, "Health and wellbeing", 1)
    assert first.status == Status.AT_RISK
    update = first.updates.get()
    assert (update.author, update.date, update.status, update.note) == (
        hr_lead,
        timezone.localdate(),
        Status.AT_RISK,
        "Status changed from Not started to At risk (offline update, board-edited.csv)",
    )
    second = response(trust, "Health and wellbeing", 2)
    assert (second.status, second.updates.get().note, second.updates.get().author) == (
        Status.ON_TRACK,
        "Fit testing done at all sites.",
        hr_lead,
    )
    third = response(trust, "Health and wellbeing", 3)
    assert list(third.response_owners.values_list("owner__initials", "is_lead")) == [("SW", True), ("AH", False)]
    fourth = response(trust, "Health and wellbeing", 4)
    assert fourth.checklist.last().text == "Agree a quarterly review with staff networks"
    assert fourth.checklist.count() == len(checklist_row[header.index("Additional actions")].split("\n"))

    assert run(path, "--user", "hr.lead").splitlines()[0] == "updated=0 unchanged=102"  # idempotent


def test_blank_cells_mean_no_change_never_erase(tmp_path):
    before = snapshot()
    out = run(write_csv(tmp_path / "blank.csv", blank_export()), "--user", "hr.lead")
    assert out.splitlines()[0] == "updated=0 unchanged=102"
    assert snapshot() == before


def test_additional_actions_are_added_never_deleted(tmp_path, trust):
    rows = blank_export()
    edit(rows, "Health and wellbeing", 4, additional_actions="Only this new item")
    before = list(response(trust, "Health and wellbeing", 4).checklist.values_list("text", flat=True))
    run(write_csv(tmp_path / "edited.csv", rows), "--user", "hr.lead")
    after = list(response(trust, "Health and wellbeing", 4).checklist.values_list("text", flat=True))
    assert after == before + ["Only this new item"]


def test_the_board_workbook_theme_sheets_import(tmp_path, trust):
    path = write_xlsx(
        tmp_path / "board.xlsx",
        {
            "Summary": [["Board summary"], ["Theme", "Complete"]],
            "Recruitment": [
                ["People Plan progress"],
                ["Ref", "Action", "Who", "Status", "Latest update"],
                [2.0, "…", "Employers", "Complete", "Done in September."],
            ],
        },
    )
    out = run(path, "--user", "hr.lead")
    assert out.splitlines()[0] == "updated=1 unchanged=0"
    assert 'Recruitment 2 (row 3 of sheet "Recruitment"):' in out
    assert response(trust, "Recruitment", 2).status == Status.COMPLETE


@pytest.mark.parametrize(
    "cells, message",
    [
        (
            {"status": "Greenish"},
            'column "Status": "Greenish" is not a status: use one of Not started, On track, '
            "At risk, Off track, Complete, For noting, No further action, Not applicable",
        ),
        (
            {"local_owners": "AH/RFCL"},
            'column "Local owners": "RFCL" is not an owner of your organisation (did you mean RF + CL?)',
        ),
        ({"local_owners": "Zed"}, 'column "Local owners": "Zed" is not an owner of your organisation'),
    ],
)
def test_unknown_statuses_and_owners_are_row_and_column_errors(tmp_path, cells, message):
    rows = blank_export()
    number = edit(rows, "Recruitment", 3, **cells)
    edit(rows, "Recruitment", 1, status="Complete")  # a good edit in the same file is not applied either
    before = snapshot()
    assert fails(write_csv(tmp_path / "bad.csv", rows)) == [f"error: row {number}, {message}"]
    assert snapshot() == before


def test_a_row_for_an_action_the_organisation_does_not_have_is_an_error(tmp_path):
    rows = blank_export()
    rows.append(["NHS People Plan 2020/21", "Recruitment", "99", "", "", "", "", "", "", "", "", "Complete", "", ""])
    assert fails(write_csv(tmp_path / "bad.csv", rows)) == [
        f'error: row {len(rows)}, column "Ref": your organisation has no active action Recruitment 99'
    ]


def test_another_organisations_file_is_refused_row_by_row(tmp_path):
    rows = blank_export("ZZ001")[:3]
    before = snapshot()
    assert fails(write_csv(tmp_path / "other.csv", rows)) == [
        f'error: row {n}, column "Organisation": this row is for "Demo Other Community Trust", '
        "not Cambridgeshire Community Services NHS Trust"
        for n in (2, 3)
    ]
    assert snapshot() == before


def test_matching_is_scoped_to_the_importing_organisation(tmp_path, trust, other_trust, other_hr):
    rows = [r[:8] + r[9:] for r in blank_export()]  # no Organisation column
    rows = [r for r in rows if r[1:3] != ["Equality and diversity", "7"]]  # RYV's own local action
    edit(rows, "Recruitment", 1, status="Complete")
    run(write_csv(tmp_path / "edited.csv", rows), "--user", "other.hr")
    assert response(other_trust, "Recruitment", 1).status == Status.COMPLETE
    assert response(trust, "Recruitment", 1).status != Status.COMPLETE


def test_an_edit_made_in_the_web_page_after_the_preview_is_never_overwritten(tmp_path, trust, hr_lead, secretary):
    rows = blank_export()
    edit(rows, "Recruitment", 1, status="Complete")
    path = write_csv(tmp_path / "edited.csv", rows)
    preview = response_import_preview(
        organisation=trust,
        rows=read_response_file(data=path.read_bytes(), file_name="edited.csv"),
        file_name="edited.csv",
    )
    target = response(trust, "Recruitment", 1)
    response_record_update(response=target, user=hr_lead, status=Status.AT_RISK, note="Typed in the web page.")
    with pytest.raises(ImportFileError):
        response_import_apply(preview=preview, user=secretary)
    target.refresh_from_db()
    assert target.status == Status.AT_RISK
    assert list(ProgressUpdate.objects.filter(response=target).values_list("note", flat=True)) == [
        "Typed in the web page."
    ]


def test_dry_run_changes_nothing(tmp_path):
    rows = blank_export()
    edit(rows, "Recruitment", 1, status="Complete")
    before = snapshot()
    out = run(write_csv(tmp_path / "edited.csv", rows), "--user", "hr.lead", "--dry-run")
    assert out.splitlines()[0] == "updated=1 unchanged=101"
    assert snapshot() == before
