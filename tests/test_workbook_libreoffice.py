"""An independent reader: LibreOffice opens the board workbook, prints it to PDF and reads user text as text.

Under CI=true a missing soffice fails; locally it skips.
"""

import io
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from reports.exporters import exporter_for
from reports.exporters.workbook import build
from reports.selectors import changes_between
from reports.sources import FrontSheet, FrozenReport

from .test_workbook import AFTER, BEFORE, HYPERLINK

pytestmark = pytest.mark.django_db


@pytest.fixture
def soffice():
    path = shutil.which("soffice")
    if not path:
        message = "LibreOffice not found (apt-get install -y libreoffice-calc-nogui)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " — required under CI=true", pytrace=False)
        pytest.skip(message)
    return path


def convert(soffice, source: Path, target: str) -> Path:
    profile = f"file:///tmp/lo_{uuid.uuid4().hex}"
    try:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(source.parent),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    return source.with_suffix("." + target.split(":")[0])


def pdf_pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))
    return pdf.read_bytes().count(b"/Type /Page") - pdf.read_bytes().count(b"/Type /Pages")


def test_libreoffice_prints_the_demo_trusts_report_workbook(soffice, tmp_path, make_report, trust):
    report = make_report(issue=True)
    source = tmp_path / "board-report.xlsx"
    with open(source, "wb") as stream:
        exporter_for(FrozenReport(report), "xlsx").write(FrozenReport(report), stream)
    pdf = convert(soffice, source, "pdf")
    # Cover, Summary (table and chart), Exceptions and nine theme sheets: at least one page each.
    assert pdf_pages(pdf) >= 12


def test_libreoffice_reads_formula_like_text_as_text(soffice, tmp_path):
    front = FrontSheet(
        title="Injection check",
        footer="Injection check",
        rows=[("Rationale", HYPERLINK), ("Note", "+1+1"), ("Other", "@SUM(A1)")],
    )
    source = tmp_path / "injection.xlsx"
    stream = io.BytesIO()
    build(stream, front=front, lines=iter(AFTER), changes=changes_between(BEFORE, AFTER))
    source.write_bytes(stream.getvalue())
    csv_text = convert(soffice, source, "csv").read_text(encoding="utf-8", errors="replace")
    # LibreOffice recalculates formulas on csv export: a formula would come out as "y" or 2.
    assert csv_text.splitlines()[:4] == [
        "Item,Detail",
        'Rationale,"=HYPERLINK(""http://x"",""y"")"',
        "Note,+1+1",
        "Other,@SUM(A1)",
    ]


def test_libreoffice_opens_and_prints_the_system_roll_up_workbook(soffice, tmp_path):
    from actions.models import Plan
    from owners.models import Organisation
    from reports.sources import RollUp

    source = RollUp(Organisation.objects.get(ods_code="QUE"), plan=Plan.objects.get(slug="people-plan-2020-21"))
    path = tmp_path / "que-roll-up.xlsx"
    with open(path, "wb") as stream:
        exporter_for(source, "xlsx").write(source, stream)
    pdf = convert(soffice, path, "pdf")
    # Cover, By organisation (table and chart), By theme (table and chart), Exceptions, Responses.
    assert pdf_pages(pdf) >= 6
    # LibreOffice reads the Responses sheet's cells as we wrote them (the first sheet it saves as CSV
    # is the Cover; the organisation names are on it and on every response row).
    text = convert(soffice, path, "csv").read_text(encoding="utf-8", errors="replace")
    assert "NHS Cambridgeshire and Peterborough Integrated Care System" in text
