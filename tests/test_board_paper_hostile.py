"""Hostile text in a board paper comes out as text: markup stays literal, nothing becomes a Word
field, and characters XML cannot hold are dropped instead of breaking the file (Word and PDF)."""

import io
import re
import zipfile

import pytest

from reports import services
from reports.exporters.paper.pdf import docx_to_pdf
from reports.models import StrategicObjective
from tests.hostile_helpers import IMG, SCRIPT, plant_hostile_text

from .paper_helpers import all_text, needs, open_paper, paper_bytes, pdf_text

pytestmark = pytest.mark.django_db

FIELDS = ['{ INCLUDETEXT "c:\\\\secret.txt" }', "DDEAUTO c:\\\\windows\\\\cmd.exe", '=HYPERLINK("http://x")']
CONTROL = "Bell\x07 escape\x1b vertical\x0b tab\there"


@pytest.fixture
def hostile_paper(trust, hr_lead, secretary):
    planted = plant_hostile_text(trust=trust, hr_lead=hr_lead, secretary=secretary)
    objective = StrategicObjective.objects.create(organisation=trust, name=f"Objective {SCRIPT}")
    report = services.report_update(
        report=planted["report"],
        user=secretary,
        executive_summary=" ".join(FIELDS) + "\n\n" + CONTROL,
        objectives=[(objective, f"Support {IMG}")],
    )
    return paper_bytes(services.report_issue(report=report, user=secretary))


def test_markup_and_field_codes_are_literal_text(hostile_paper):
    text = all_text(open_paper(hostile_paper))
    for value in [f"Report {SCRIPT}", "Author <img src=x onerror=alert(1)>", f"Note {IMG} {SCRIPT}", *FIELDS]:
        assert value in text
    assert f"Objective {SCRIPT}" in text and f"Support {IMG}" in text and f"Local {SCRIPT} action {IMG}" in text
    with zipfile.ZipFile(io.BytesIO(hostile_paper)) as archive:
        parts = {name: archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml")}
    instructions = [i for xml in parts.values() for i in re.findall(r'w:instr="([^"]*)"', xml)]
    assert sorted(set(instructions)) == ["NUMPAGES", "PAGE"]  # only the footer's page numbers
    assert not any("instrText" in xml or "<w:hyperlink" in xml for xml in parts.values())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in parts["word/document.xml"]


def test_characters_xml_cannot_hold_are_dropped(hostile_paper):
    text = all_text(open_paper(hostile_paper))
    assert "Bell escape vertical tab\there" in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)


def test_the_pdf_shows_the_hostile_text_as_text(hostile_paper):
    needs("soffice", "libreoffice-writer-nogui")
    text = pdf_text(docx_to_pdf(hostile_paper))
    assert SCRIPT in text and "onerror=alert(1)" in text and "DDEAUTO" in text
