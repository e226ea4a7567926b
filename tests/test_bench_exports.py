"""The export measurements: ours, the openpyxl floor and django-import-export, over the same rows."""

import io

import openpyxl
import pytest

from actions.spreadsheet.columns import CSV_HEADER as COLUMNS
from tests.bench import exports
from tests.bench.scale_data import generate


@pytest.fixture
def trusts(db):
    generate(organisations=2, updates_per_response=1, local_actions=1)
    return exports.bench_organisations()


def test_national_export_is_one_roll_up_workbook_of_every_generated_trust(trusts):
    assert [o.ods_code for o in trusts] == ["BT0001", "BT0002"]
    ours = exports.export_ours(trusts)
    assert ours["seconds"] > 0 and ours["bytes"] > 0
    assert exports.export_label() == "roll-up workbook"
    source = exports.national_source(trusts)
    stream = io.BytesIO()
    from reports.exporters import exporter_for

    exporter_for(source, "xlsx").write(source, stream)
    stream.seek(0)
    sheet = openpyxl.load_workbook(stream, read_only=True)["Responses"]
    organisations = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert organisations == {o.name for o in trusts}


def test_the_national_source_is_every_organisation(trusts):
    names = {o.name for o in exports.national_source().organisations()}
    assert {o.name for o in trusts} <= names and "Cambridgeshire Community Services NHS Trust" in names


def test_one_trusts_board_workbook_is_timed(trusts):
    result = exports.export_trust_workbook(trusts[0])
    assert result["seconds"] > 0 and result["bytes"] > 0


def test_floor_writes_the_same_rows_and_cells_as_ours(trusts):
    rows = exports.rows_in_memory(trusts)
    responses = sum(o.responses.count() for o in trusts)
    assert len(rows) == responses
    floor = exports.export_floor(rows)
    assert floor["rows"] == responses and floor["cells"] == responses * len(COLUMNS)


def test_import_export_peer_exports_the_same_responses_to_xlsx(trusts):
    peer = exports.export_import_export(trusts)
    assert peer["rows"] == sum(o.responses.count() for o in trusts)
    assert peer["bytes"] > 0


def test_floor_output_opens_back_up():
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Progress")
    sheet.append(COLUMNS)
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    assert next(openpyxl.load_workbook(stream).active.values) == tuple(COLUMNS)
