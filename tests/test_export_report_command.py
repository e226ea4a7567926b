"""`export_progress --report ID`: the frozen lines of one report, as workbook or CSV."""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from actions.models import Response, Status
from actions.services import response_record_update

PEOPLE_PLAN = "people-plan-2020-21"
pytestmark = pytest.mark.django_db


def test_xlsx_of_a_report_holds_its_frozen_lines(tmp_path, make_report, trust, hr_lead):
    first = make_report(title="Autumn report", issue=True)
    fw1 = Response.objects.get(organisation=trust, action__theme__name="Flexible working", action__ref=1)
    response_record_update(
        response=fw1, user=hr_lead, status=Status.OFF_TRACK, note="Stalled.", date=datetime.date(2026, 1, 20)
    )
    second = make_report(title="Winter report", as_at=datetime.date(2026, 2, 1), issue=True)

    path = tmp_path / "first.xlsx"
    call_command("export_progress", "--format", "xlsx", "--output", str(path), "--report", str(first.pk))
    book = load_workbook(path)
    assert dict(book["Cover"].iter_rows(min_row=2, values_only=True))["Title"] == "Autumn report"
    assert "Changes" not in book.sheetnames  # the first issued report
    fw = next(ws for ws in book.worksheets if ws.title == "2 Flexible working")
    assert next(row for row in fw.iter_rows(min_row=2, values_only=True) if row[0] == 1)[7] != "Off track"

    path = tmp_path / "second.xlsx"
    call_command("export_progress", "--format", "xlsx", "--output", str(path), "--report", str(second.pk))
    book = load_workbook(path)
    changes = list(book["Changes"].iter_rows(min_row=2, values_only=True))
    assert ("Status moved", "Flexible working", 1) in [row[:3] for row in changes]
    assert ("New progress update", "Flexible working", 1) in [row[:3] for row in changes]


def test_csv_of_a_report_has_the_stable_columns(make_report):
    report = make_report(issue=True)
    out = io.StringIO()
    call_command("export_progress", "--format", "csv", "--output", "-", "--report", str(report.pk), stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 102
    assert list(rows[0])[:3] == ["Plan", "Theme", "Ref"]
    assert {r["Organisation"] for r in rows} == {"Cambridgeshire Community Services NHS Trust"}


def test_an_unknown_report_is_a_clear_error(make_report):
    report = make_report()
    with pytest.raises(CommandError, match="No board report with id"):
        call_command("export_progress", "--output", "-", "--report", str(report.pk + 1000))
    with pytest.raises(CommandError, match="No board report with id"):
        call_command("export_progress", "--output", "-", "--report", str(report.pk), "--organisation", "ZZ001")


def test_live_xlsx_still_works_without_a_report(tmp_path):
    path = tmp_path / "live.xlsx"
    call_command(
        "export_progress", "--format", "xlsx", "--output", str(path), "--organisation", "RYV", "--plan", PEOPLE_PLAN
    )
    book = load_workbook(path)
    assert book.sheetnames[:3] == ["Cover", "Summary", "Exceptions"]
    assert len(book.sheetnames) == 3 + 9
