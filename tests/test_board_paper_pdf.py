"""The PDF paper: LibreOffice converts the Word paper (one source of truth); pdftotext reads it back.
The command writes either by the extension; the web download converts once and then serves the
stored PDF; a slow or missing LibreOffice is a 503 page offering the Word paper, never a hang.

Under CI=true a missing soffice or pdftotext fails; locally it skips.
"""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from reports import services
from reports.exporters.paper import pdf as paper_pdf
from reports.models import PaperPdf

from .paper_helpers import needs, open_paper, paper_bytes, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def soffice():
    return needs("soffice", "libreoffice-writer-nogui")


@pytest.fixture
def issued(make_report):
    return make_report(title="Bi-Annual People Plan Update", issue=True, executive_summary="Progress is steady.")


def test_libreoffice_converts_the_word_paper_to_a_pdf_with_pages_and_the_title(soffice, issued):
    pdf = paper_pdf.docx_to_pdf(paper_bytes(issued))
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) >= 5
    text = pdf_text(pdf)
    assert "Bi-Annual People Plan Update" in text and "Progress is steady." in text
    assert "1 Summary of progress" in text and "Appendix A: every action by theme" in text
    assert "Page 1 of" in text and "Cambridgeshire Community Services NHS Trust" in text


def test_the_command_writes_word_or_pdf_by_the_extension(soffice, issued, tmp_path, capsys):
    call_command("export_board_paper", "--report", str(issued.pk), "--output", str(tmp_path / "paper.docx"))
    assert open_paper((tmp_path / "paper.docx").read_bytes()).tables[0].rows[0].cells[1].text == issued.title
    call_command("export_board_paper", "--report", str(issued.pk), "--output", str(tmp_path / "paper.pdf"))
    assert "Bi-Annual People Plan Update" in pdf_text((tmp_path / "paper.pdf").read_bytes())
    assert "board paper written to" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("report", "output", "message"),
    [
        ("999999", "paper.docx", "No board report with id 999999."),
        (None, "paper.xlsx", "--output must end in .docx or .pdf, not 'paper.xlsx'."),
        (None, "missing-folder/paper.docx", "Cannot write"),
    ],
)
def test_the_command_fails_in_one_line_and_leaves_no_file(issued, tmp_path, report, output, message):
    with pytest.raises(CommandError) as error:
        call_command("export_board_paper", "--report", report or str(issued.pk), "--output", str(tmp_path / output))
    assert message in str(error.value) and "\n" not in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_the_command_says_so_when_libreoffice_fails(issued, tmp_path, settings):
    settings.SOFFICE_PATH = "/bin/false"
    with pytest.raises(CommandError, match="LibreOffice could not convert the paper"):
        call_command("export_board_paper", "--report", str(issued.pk), "--output", str(tmp_path / "paper.pdf"))
    assert list(tmp_path.iterdir()) == []


def test_a_conversion_that_takes_too_long_is_stopped(tmp_path, settings):
    slow = tmp_path / "slow-soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    settings.SOFFICE_PATH = str(slow)
    with pytest.raises(paper_pdf.ConversionFailed, match="longer than 1 seconds"):
        paper_pdf.docx_to_pdf(b"not used", timeout=1)


def test_the_pdf_download_converts_once_then_serves_the_stored_pdf(soffice, client, board_member, issued, monkeypatch):
    client.force_login(board_member)
    url = reverse("report_paper", args=[issued.pk])
    first = client.get(url, {"format": "pdf"})
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == f'attachment; filename="ryv-board-paper-{issued.pk}-2026-01-15.pdf"'
    assert PaperPdf.objects.filter(report=issued).count() == 1

    def refuse(*args, **kwargs):
        raise AssertionError("converted again")

    monkeypatch.setattr(paper_pdf, "docx_to_pdf", refuse)
    again = client.get(url, {"format": "pdf"})
    assert again.content == first.content


def test_a_draft_converts_again_only_when_its_paper_changed(soffice, make_report, secretary):
    draft = make_report(title="Draft paper")
    first = services.board_paper_pdf(report=draft)
    assert services.board_paper_pdf(report=draft) == first
    draft = services.report_update(report=draft, user=secretary, title="Draft paper, renamed")
    assert "Draft paper, renamed" in pdf_text(services.board_paper_pdf(report=draft))
    assert PaperPdf.objects.filter(report=draft).count() == 1  # the stale PDF is dropped


def test_without_libreoffice_the_pdf_download_is_a_503_page_offering_the_word_paper(
    client, board_member, issued, settings
):
    settings.SOFFICE_PATH = "/nonexistent/soffice"
    client.force_login(board_member)
    response = client.get(reverse("report_paper", args=[issued.pk]), {"format": "pdf"})
    assert response.status_code == 503
    html = response.content.decode()
    assert "could not be made just now" in html and "Board paper (Word)" in html
