"""Zip and CPU bombs are refused before they are parsed, on every upload path, and the refusal says which
limit was hit (hardening point 3). The fuzz test (tests/test_fuzz_uploads.py) adds a few hundred more
hostile files and measures time and memory; here each bomb of the issue is checked by its message."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.html import escape

from tests.hostile_files import HEADER, MB, repeated, sheet_xml, workbook
from tests.import_helpers import snapshot

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def gigabyte_of_spaces():
    head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    head += b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    return workbook(repeated(head, b" " * MB, 1024, b"</t></is></c></row></sheetData></worksheet>"))


def empty_rows(millions):
    head = sheet_xml([HEADER])[: -len(b"</sheetData></worksheet>")]
    return workbook(repeated(head, b"<row/>" * 100_000, millions * 10, b"</sheetData></worksheet>"))


def rows_to_the_last_excel_row():
    sheet = sheet_xml([HEADER], dimension="A1:XFD1048576")
    return workbook(
        sheet.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    )


BOMBS = {
    "a 1 MB workbook holding 1 GB of spaces": (
        "bomb.xlsx",
        gigabyte_of_spaces,
        "the workbook's sheet xl/worksheets/sheet1.xml unpacks to 1,024 MB, over the 50 MB limit",
    ),
    "a workbook of 10 million empty rows": (
        "rows.xlsx",
        lambda: empty_rows(10),
        "xl/worksheets/sheet1.xml unpacks to 57 MB, over the 50 MB limit",
    ),
    "a workbook of 7 million empty rows, within the size limits": (
        "rows.xlsx",
        lambda: empty_rows(7),
        "xl/worksheets/sheet1.xml holds more than 1,000,000 XML elements, the limit",
    ),
    "a small sheet claiming every row and column Excel has": (
        "dimension.xlsx",
        rows_to_the_last_excel_row,
        "the file has a header row but no actions below it",
    ),
    "a CSV of 2.4 million empty lines": (
        "empty.csv",
        lambda: b"Theme,Ref,Action,Who,Timeline,Status\r\n" + b"\r\n" * 2_400_000,
        "the file has a header row but no actions below it",
    ),
    "a 30,000-row CSV": (
        "rows.csv",
        lambda: b"Theme,Ref,Action,Who,Timeline,Status\r\n" + b"Recruitment,1,x,Employers,,Complete\r\n" * 30_000,
        "the file has more than 10,000 rows, the limit",
    ),
    "a 30 MB CSV": ("big.csv", lambda: b"Theme,Ref,Action\r\n" + b"x" * (30 * MB), "larger than the 5 MB limit"),
}
PLAN_ONLY = {"the file has a header row but no actions below it"}  # not django-import-export's own wording


@pytest.fixture(params=list(BOMBS), ids=list(BOMBS))
def bomb(request):
    file_name, make, message = BOMBS[request.param]
    return file_name, make(), message


def refused_by_command(tmp_path, command, file_name, data, *args):
    path = tmp_path / file_name
    path.write_bytes(data)
    err = io.StringIO()
    started = time.process_time()
    with pytest.raises(CommandError):
        call_command(command, str(path), *args, stdout=io.StringIO(), stderr=err)
    assert time.process_time() - started < 2
    return err.getvalue()


def test_the_commands_refuse_each_bomb_naming_the_limit(tmp_path, bomb):
    file_name, data, message = bomb
    before = snapshot()
    responses = refused_by_command(tmp_path, "import_responses", file_name, data, "--organisation", "RYV")
    plan = refused_by_command(tmp_path, "import_plan", file_name, data, "--label", "v9")
    assert message in responses and message in plan
    assert snapshot() == before


def test_the_import_updates_page_refuses_each_bomb_naming_the_limit(client, hr_lead, bomb):
    file_name, data, message = bomb
    client.force_login(hr_lead)
    page = client.post("/imports/responses/", {"file": SimpleUploadedFile(file_name, data)})
    if page.status_code == 302:  # readable, but the preview refuses it
        page = client.get(page.url)
    assert page.status_code == 400 and escape(message) in page.content.decode()


def test_the_admin_plan_import_refuses_each_bomb_naming_the_limit(client, national_admin, bomb):
    file_name, data, message = bomb
    client.force_login(national_admin, backend=MODEL_BACKEND)
    form = {"plan": "people-plan-2020-21", "label": "v9", "new_plan_slug": "", "new_plan_name": ""}
    page = client.post("/admin/actions/planversion/import/", {**form, "file": SimpleUploadedFile(file_name, data)})
    if page.status_code == 302:
        page = client.get(page.url)
    assert page.status_code == 400 and escape(message) in page.content.decode()


def test_django_import_exports_admin_import_refuses_each_bomb(client, national_admin, bomb):
    file_name, data, message = bomb
    client.force_login(national_admin, backend=MODEL_BACKEND)
    fmt = "1" if file_name.endswith(".xlsx") else "0"
    started = time.process_time()
    page = client.post(
        "/admin/actions/plan/import/",
        {"resource": "0", "format": fmt, "import_file": SimpleUploadedFile(file_name, data)},
    )
    assert time.process_time() - started < 2
    errors = page.context["form"].errors.get("import_file", []) if page.context else []
    if message in PLAN_ONLY:
        assert page.status_code == 200 and "confirm_form" not in page.context  # nothing to confirm
    else:
        assert any(message in str(error) for error in errors), errors
