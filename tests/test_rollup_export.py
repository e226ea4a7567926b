"""The roll-up export: one file for a system or a region, through the exporter registry.

The CSV is exactly the member organisations' own exports one after another (the system's own
responses first, then each trust's), under one header; the workbook opens back up with the cover,
the summaries, the exceptions and every response with its Organisation column.
"""

import csv
import datetime
import io
import tempfile
import tracemalloc
import zipfile
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Plan, Response
from actions.spreadsheet.columns import CSV_HEADER
from actions.statuses import DISPLAY
from owners.access import subtree
from owners.models import Organisation
from reports.exporters import exporter_for
from reports.exporters.workbook import build_rollup
from reports.exporters.workbook.book import STATUS_LABELS
from reports.sources import FrontSheet, LiveList, RollUp
from rollups.selectors import exception_list, tree

from .test_workbook import HYPERLINK, make_line

pytestmark = pytest.mark.django_db
PLAN = "people-plan-2020-21"


def command_csv(ods) -> str:
    out = io.StringIO()
    call_command(
        "export_progress", "--output", "-", "--format", "csv", "--organisation", ods, "--plan", PLAN, stdout=out
    )
    return out.getvalue()


def own_csv(organisation) -> str:
    """An organisation's own export (its action list), as its own download and command give it."""
    source = LiveList(organisation, plan=Plan.objects.get(slug=PLAN))
    return b"".join(exporter_for(source, "csv").chunks(source)).decode("utf-8")


def rows_of(text):
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("ods", ["QUE", "Y61"])
def test_the_roll_up_csv_is_the_concatenation_of_every_members_own_export(ods):
    members = subtree(Organisation.objects.get(ods_code=ods))
    expected = [CSV_HEADER]
    for organisation in members:
        own = rows_of(command_csv(organisation.ods_code) if organisation.kind == "trust" else own_csv(organisation))
        assert own[0] == CSV_HEADER
        expected += own[1:]
    rolled_up = rows_of(command_csv(ods))
    assert rolled_up == expected
    organisations = Counter(row[CSV_HEADER.index("Organisation")] for row in rolled_up[1:])
    assert organisations == {
        o.name: Response.objects.of(o).active().filter(action__theme__plan__slug=PLAN).count()
        for o in members
        if o.responses.exists()
    }


def test_the_system_roll_up_holds_the_systems_own_responses_and_its_three_trusts(system):
    organisations = [row[8] for row in rows_of(command_csv("QUE"))[1:]]
    assert list(dict.fromkeys(organisations)) == [o.name for o in subtree(system) if o.responses.exists()]
    assert len(dict.fromkeys(organisations)) == 4


def test_the_roll_up_download_is_the_command_s_file(client, system_lead):
    client.force_login(system_lead, backend="django.contrib.auth.backends.ModelBackend")
    download = client.get(reverse("rollup_export", args=["QUE"]) + f"?format=csv&plan={PLAN}")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="que-people-plan-roll-up-')
    assert b"".join(download.streaming_content).decode("utf-8") == command_csv("QUE")


def test_an_unknown_plan_or_format_is_not_a_download(client, system_lead):
    client.force_login(system_lead, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("rollup_export", args=["QUE"]) + "?plan=no-such-plan").status_code == 404
    assert client.get(reverse("rollup_export", args=["QUE"]) + "?format=pdf").status_code == 404


def test_national_roll_up_from_the_command_covers_every_organisation(tmp_path):
    out = io.StringIO()
    call_command("export_progress", "--output", "-", "--format", "csv", "--national", stdout=out)
    names = {row[8] for row in rows_of(out.getvalue())[1:]}
    assert names == set(Organisation.objects.filter(responses__isnull=False).values_list("name", flat=True))


@pytest.fixture(scope="module")
def que_workbook(django_db_blocker):
    with django_db_blocker.unblock():
        system = Organisation.objects.get(ods_code="QUE")
        source = RollUp(system, plan=Plan.objects.get(slug=PLAN))
        stream = io.BytesIO()
        exporter_for(source, "xlsx").write(source, stream)
        lines = list(source.lines())
    return stream.getvalue(), lines


def test_the_roll_up_workbook_has_its_sheets_and_every_response_with_its_organisation(que_workbook):
    data, lines = que_workbook
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Cover", "By organisation", "By theme", "Exceptions", "Responses"]
    responses = workbook["Responses"]
    header = [c.value for c in responses[1]]
    assert header[0] == "Organisation" and "Status" in header and "Theme" in header
    rows = list(responses.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(lines)
    assert [row[0] for row in rows] == [line.organisation for line in lines]
    assert [row[header.index("Status")] for row in rows] == [line.status_label for line in lines]
    cover = dict(workbook["Cover"].iter_rows(min_row=2, values_only=True))
    assert cover["Organisation"] == "NHS Cambridgeshire and Peterborough Integrated Care System"
    assert cover["Organisations included"] == "3 trusts, 1 integrated care system"


def test_the_summary_by_organisation_matches_the_rows(que_workbook):
    data, lines = que_workbook
    sheet = load_workbook(io.BytesIO(data))["By organisation"]
    header = [c.value for c in sheet[1]]
    assert header[1 : 1 + len(DISPLAY)] == [d.label for d in DISPLAY]
    table = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
    for organisation in dict.fromkeys(line.organisation for line in lines):
        mine = [line for line in lines if line.organisation == organisation]
        counts = Counter(line.status for line in mine)
        assert list(table[organisation][1 : 1 + len(DISPLAY)]) == [counts.get(d.value, 0) for d in DISPLAY]
        assert table[organisation][header.index("Total")] == len(mine)
        assert table[organisation][header.index("Overdue")] == sum(line.overdue for line in mine)
    assert table["Total"][header.index("Total")] == len(lines)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 2  # by organisation, by theme
        assert any(b"By organisation" in archive.read(n) for n in charts)


def test_the_exceptions_sheet_lists_what_the_exceptions_page_lists_by_organisation(que_workbook, django_db_blocker):
    """Overdue, off track or no update for 90 days: the page's rule (rollups.selectors) in the file too."""
    data, lines = que_workbook
    sheet = load_workbook(io.BytesIO(data))["Exceptions"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    at = {name: header.index(name) for name in ("Organisation", "Theme", "Ref")}
    in_file = Counter((row[at["Organisation"]], str(row[at["Theme"]]), row[at["Ref"]]) for row in rows)
    with django_db_blocker.unblock():
        listed = exception_list(tree(Organisation.objects.get(ods_code="QUE")))
        on_page = Counter(
            (r.organisation.name, r.action.theme.name, r.action.ref) for r in listed if r.action.theme.plan.slug == PLAN
        )
    assert in_file == on_page
    assert len(rows) > sum(line.overdue or line.status == "off_track" for line in lines)  # stale ones too
    order = list(dict.fromkeys(line.organisation for line in lines))
    assert [row[0] for row in rows] == sorted((row[0] for row in rows), key=order.index)


def test_the_response_sheet_is_set_up_as_the_trust_workbook(que_workbook):
    data, lines = que_workbook
    workbook = load_workbook(io.BytesIO(data))
    for name in ["Responses", "Exceptions", "By organisation"]:
        ws = workbook[name]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref.startswith("A1:")
        assert ws.print_title_rows == "$1:$1"  # rows 1:1, as read back
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
        # Too wide to shrink to one page wide and still read at 9 pt: full size, across more pages.
        assert int(ws.page_setup.scale) == 100 and ws.page_setup.pageOrder == "overThenDown"
        assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
        assert ws.oddHeader.center.text == name
    ws = workbook["Responses"]
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{len(lines) + 1}"
    validation = ws.data_validations.dataValidation[0]
    assert validation.type == "list" and validation.formula1 == '"' + ",".join(STATUS_LABELS) + '"'
    fills = {rule.formula[0].strip('"') for rng in ws.conditional_formatting for rule in rng.rules}
    assert fills == {d.label for d in DISPLAY}
    status_col = [c.value for c in ws[1]].index("Status") + 1
    first = next(line for line in lines if line.status == "off_track")
    row = next(
        r
        for r in range(2, len(lines) + 2)
        if ws.cell(r, 1).value == first.organisation and ws.cell(r, status_col).value == "Off track"
    )
    assert ws.cell(row, status_col).fill.fgColor.rgb.endswith("D5281B")  # Off track's colour, as everywhere


def test_user_text_stays_text_in_the_roll_up_workbook():
    front = FrontSheet(title="Roll-up", rows=[("Title", HYPERLINK)], footer="Roll-up")
    line = make_line(1, "Health and wellbeing", 1, "off_track", latest_update=HYPERLINK, organisation="A trust")
    stream = io.BytesIO()
    build_rollup(stream, front=front, lines=[line], organisations=[Organisation(name="A trust")])
    workbook = load_workbook(io.BytesIO(stream.getvalue()))
    header = [c.value for c in workbook["Responses"][1]]
    cell = workbook["Responses"].cell(2, header.index("Latest update") + 1)
    assert cell.value == HYPERLINK and cell.data_type == "s"


def _peak_bytes(count):
    statuses = ["on_track", "complete", "not_started", "for_noting"]
    organisations = [Organisation(name=f"Trust {n}") for n in range(20)]
    lines = (
        make_line(
            1 + i % 9,
            f"Theme {1 + i % 9}",
            i,
            statuses[i % 4],
            organisation=f"Trust {i % 20}",
            action="An action text " * 8,
            latest_update="A progress note " * 6,
            updated_on=datetime.date.today(),  # updated lately: not an exception
            overdue=False,
        )
        for i in range(1, count + 1)
    )
    front = FrontSheet(title="Large", rows=[("Title", "Large")], footer="Large")
    tracemalloc.start()
    try:
        with tempfile.TemporaryFile() as stream:
            build_rollup(stream, front=front, lines=lines, organisations=organisations)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_roll_up_workbook_streams_memory_stays_flat():
    # Ordinary lines only (exception lines are kept until their sheet is written, by design).
    small, large = _peak_bytes(300), _peak_bytes(3_000)
    assert large < small * 1.5, (small, large)
