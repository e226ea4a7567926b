"""The board workbook on paper: LibreOffice prints the demo trust's board workbook (the product's own
exporter) to PDF on A4 landscape; ``pdftotext -bbox`` measures every word.

A board member reads it: every page's median word height is at least 9 pt, every page carries the
running header (organisation, sheet, as-at date), every theme page names its theme, and the
Exceptions and Changes sheets open with their titles.

Under CI=true a missing soffice or pdftotext fails; locally it skips.
"""

import html
import re
import statistics
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from actions.models import Response
from actions.services import response_record_update
from actions.statuses import Status
from reports.exporters import exporter_for
from reports.sources import FrozenReport

from .paper_helpers import needs
from .test_workbook_libreoffice import convert

pytestmark = pytest.mark.django_db

ORGANISATION = "Cambridgeshire Community Services NHS Trust"
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
A4_LANDSCAPE = (841.9, 595.3)  # points


@pytest.fixture
def soffice():
    return needs("soffice", "libreoffice-calc-nogui")


@pytest.fixture
def pdftotext():
    return needs("pdftotext", "poppler-utils")


def pages(pdftotext, pdf: Path) -> list[dict]:
    """Each page: its size in points and its words as (text, x0, y0, x1, y1)."""
    out = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    found = []
    for chunk in out.split("<page ")[1:]:
        size = re.match(r'width="([\d.]+)" height="([\d.]+)"', chunk)
        words = [(html.unescape(m.group(5)), *(float(m.group(i)) for i in range(1, 5))) for m in WORD.finditer(chunk)]
        found.append({"width": float(size.group(1)), "height": float(size.group(2)), "words": words})
    return found


def header_text(page) -> str:
    """The words in the top band of the page (the running header), left to right."""
    top = [w for w in page["words"] if w[4] < 45]
    return " ".join(w[0] for w in sorted(top, key=lambda w: (round(w[2]), w[1])))


def page_text(page) -> str:
    return " ".join(w[0] for w in page["words"])


@pytest.fixture
def printed(soffice, pdftotext, tmp_path, make_report, trust, hr_lead):
    """The demo trust's second issued board report (so the Changes sheet has changes), printed."""
    make_report(title="People Plan progress, autumn", issue=True)
    for response in Response.objects.filter(
        organisation=trust, action__theme__plan__slug="people-plan-2020-21"
    ).order_by("pk")[:3]:
        response_record_update(response=response, user=hr_lead, status=Status.OFF_TRACK, note="Recruitment paused.")
    report = make_report(title="People Plan progress, winter", as_at=timezone.localdate(), issue=True)
    source = FrozenReport(report)
    path = tmp_path / "board-report.xlsx"
    with open(path, "wb") as stream:
        exporter_for(source, "xlsx").write(source, stream)
    as_at = f"As at {timezone.localdate():%-d %B %Y}"
    return {"xlsx": path, "pages": pages(pdftotext, convert(soffice, path, "pdf")), "as_at": as_at}


def test_every_printed_page_is_a4_landscape_with_text_of_at_least_9_points(printed):
    assert len(printed["pages"]) >= 12
    for number, page in enumerate(printed["pages"], start=1):
        assert (round(page["width"]), round(page["height"])) == tuple(round(x) for x in A4_LANDSCAPE), number
        heights = [w[4] - w[2] for w in page["words"]]
        assert heights, f"page {number} is empty"
        assert statistics.median(heights) >= 9, (number, statistics.median(heights), header_text(page))


def test_every_page_names_the_organisation_its_sheet_and_the_as_at_date(printed):
    book = load_workbook(printed["xlsx"], read_only=True)
    themes = [title for title in book.sheetnames if title not in ("Cover", "Summary", "Exceptions", "Changes")]
    assert len(themes) == 9
    named = set()
    for number, page in enumerate(printed["pages"], start=1):
        header = header_text(page)
        assert ORGANISATION in header and printed["as_at"] in header, (number, header)
        sheet = re.search(r"Theme (\d+): (.+?) As at", header)
        if sheet:
            named.add(f"{sheet.group(1)} {sheet.group(2)}")
        else:
            assert any(f" {name} " in header for name in ("Cover", "Summary", "Exceptions", "Changes")), header
    # Each theme sheet is "<number> <theme>" (cut to 31 characters): its pages name the whole theme.
    assert len(named) == 9
    assert sorted(name[:31].rstrip() for name in named) == sorted(themes)


def test_the_exceptions_and_changes_sheets_have_titles_a_reader_sees(printed):
    text = [page_text(page) for page in printed["pages"]]
    assert any("Exceptions: actions off track, at risk or overdue" in t for t in text)
    assert any("Changes since People Plan progress, autumn" in t for t in text)
    changed = next(t for t in text if "Changes since People Plan progress, autumn" in t)
    assert "Off track" in changed
