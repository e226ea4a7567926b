"""Every export the product has neutralises text that starts like a formula: = + - @ tab CR
(hardening point 5). CSV cells get a leading apostrophe; workbook cells are text, never formulas.

The exports: the live list's workbook and CSV (download and ``export_progress``), a board report's
workbook and CSV (download and ``export_progress --report``), and django-import-export's admin
exports of plans, themes and actions in each format it offers; a system's roll-up workbook and CSV,
and the API's CSV feed.
"""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from actions import services
from actions.models import Action, Plan, Response, Theme
from owners.models import Owner

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def planted(trust, hr_lead, secretary, make_report):
    """Formula-like text in every field an export shows: action, who, timeline, note, checklist, owners."""
    theme = Theme.objects.get(plan__slug="people-plan-2020-21", number=1)
    for ref, text in enumerate(FORMULAS, start=800):
        action = Action.objects.create(
            theme=theme, ref=ref, text=text, who=text, timeline=text.strip(), organisation=trust
        )
        response = Response.objects.create(organisation=trust, action=action)
        services.checklist_item_add(response=response, user=hr_lead, text=f"{text} step")
        services.response_record_update(response=response, user=hr_lead, status="on_track", note=f"{text} note")
    Owner.objects.create(organisation=trust, initials="=X1", name="Formula owner")
    Plan.objects.filter(slug="people-plan-2020-21").update(short_name="=PLAN")
    return make_report(title="Formula report")


def csv_cells(data: bytes):
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def assert_csv_safe(data: bytes):
    cells = csv_cells(data)
    assert any(c.startswith("'=HYPERLINK") for c in cells), "the planted text is not in the export"
    bad = [c for c in cells if c.startswith(PREFIXES)]
    assert not bad, f"cells a spreadsheet would run: {bad[:5]}"


def assert_workbook_safe(data: bytes):
    book = load_workbook(io.BytesIO(data))
    texts, formulas = [], []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append((ws.title, cell.coordinate, cell.value))
                elif isinstance(cell.value, str):
                    texts.append(cell.value)
    assert any(t.startswith('=HYPERLINK("http://x"') for t in texts), "the planted text is not in the workbook"
    assert not formulas, f"formula cells: {formulas[:5]}"


def download(client, user, url) -> bytes:
    client.force_login(user, backend=MODEL_BACKEND)
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def test_the_live_list_downloads(client, hr_lead, planted):
    assert_workbook_safe(download(client, hr_lead, "/actions/export/"))
    assert_csv_safe(download(client, hr_lead, "/actions/export/?format=csv"))


def test_a_board_reports_downloads(client, secretary, planted):
    assert_workbook_safe(download(client, secretary, f"/reports/{planted.pk}/workbook/"))
    assert_csv_safe(download(client, secretary, f"/reports/{planted.pk}/workbook/?format=csv"))


@pytest.mark.parametrize("extra", [[], ["--report", "REPORT"]])
def test_export_progress_files(tmp_path, planted, extra):
    extra = [str(planted.pk) if a == "REPORT" else a for a in extra]
    for fmt, check in (("xlsx", assert_workbook_safe), ("csv", assert_csv_safe)):
        path = tmp_path / f"out.{fmt}"
        call_command("export_progress", "--organisation", "RYV", "--format", fmt, "--output", str(path), *extra)
        check(path.read_bytes())


@pytest.mark.parametrize("model", ["plan", "theme", "action"])
def test_the_admins_exports_in_every_format_offered(client, national_admin, planted, model):
    Plan.objects.filter(slug="people-plan-2020-21").update(name='=HYPERLINK("http://x","y") plan')
    Theme.objects.filter(plan__slug="people-plan-2020-21", number=2).update(name='=HYPERLINK("http://x","y")')
    client.force_login(national_admin, backend=MODEL_BACKEND)
    url = f"/admin/actions/{model}/export/"
    form = client.get(url).context["form"]
    formats = dict(form.fields["format"].choices)
    fields = {name: "on" for name in form.fields if name not in ("resource", "format", "export_items")}
    for index, name in formats.items():
        if name not in ("csv", "xlsx"):
            continue
        response = client.post(url, {"resource": 0, "format": index, **fields})
        assert response.status_code == 200, name
        data = response.content
        if name == "csv":
            assert_csv_safe(data)
        else:
            book = load_workbook(io.BytesIO(data))
            cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
            assert not [c.coordinate for c in cells if c.data_type == "f"]
            assert any(isinstance(c.value, str) and c.value.startswith("'=HYPERLINK") for c in cells)
    assert set(formats.values()) - {"---"} == {"csv", "xlsx"}  # only spreadsheet formats, made safe above


def test_the_roll_up_downloads_and_the_api_feed(client, system_lead, hr_lead, planted):
    """Exports added after the hardening work: the system's roll-up (workbook and CSV) and the API's CSV feed."""
    assert_workbook_safe(download(client, system_lead, "/rollups/QUE/export/"))
    assert_csv_safe(download(client, system_lead, "/rollups/QUE/export/?format=csv"))
    assert_csv_safe(download(client, hr_lead, "/api/v1/feed/RYV.csv"))
