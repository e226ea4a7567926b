"""The board paper in Chromium: the secretary fills the front sheet (objectives and BAF risks too),
issues the report and downloads both papers, which carry what was typed."""

from pathlib import Path

from playwright.sync_api import expect

from tests.paper_helpers import front_sheet, needs, open_paper, pdf_text

from .conftest import fill_date
from .test_report_page import page_violations


def test_secretary_fills_the_front_sheet_issues_and_downloads_both_papers(page, login, live_server, tmp_path):
    needs("soffice", "libreoffice-writer-nogui")
    login(page, "secretary")
    page.goto(f"{live_server.url}/reports/new/")
    page.get_by_label("Title", exact=True).fill("Bi-Annual People Plan Update")
    fill_date(page, "Meeting date", 28, 1, 2026)
    page.get_by_label("Agenda item").fill("13")
    page.get_by_label("Executive summary").fill("Progress on the People Plan since May.")
    page.get_by_label("Recommendation").fill("The Board is asked to note the report.")
    page.get_by_label("Report author").fill("Angela Hartley")
    page.get_by_label("Executive sponsor", exact=True).fill("Anita Pisani")
    page.get_by_label("Substantial").check()
    page.get_by_label("Assurance action").fill("No action required")
    page.get_by_label("Be an excellent employer", exact=True).check()
    page.get_by_label("How the report supports “Be an excellent employer”").fill("Improvements in line with the plan.")
    page.get_by_label("BAF 1 Staff morale and workforce challenges").check()
    page.get_by_label("Legal and regulatory requirements").fill("CQC outcomes")
    assert page_violations(page) == []
    page.get_by_role("button", name="Create draft report").click()
    expect(page.get_by_text("Progress on the People Plan since May.")).to_be_visible()
    page.get_by_role("link", name="Issue report").click()
    page.get_by_role("button", name="Issue report").click()
    expect(page.get_by_text("Report issued.")).to_be_visible()
    assert page_violations(page) == []

    with page.expect_download() as word:
        page.get_by_role("link", name="Board paper (Word)").click()
    docx = Path(tmp_path / word.value.suggested_filename)
    word.value.save_as(docx)
    sheet = front_sheet(open_paper(docx.read_bytes()))
    assert sheet["Title"] == "Bi-Annual People Plan Update"
    assert sheet["Assurance level"].split("    ")[0] == "☒ Substantial"
    assert sheet["Be an excellent employer"] == "Improvements in line with the plan."
    assert sheet["Links to Board Assurance Framework risks / risk register"] == (
        "BAF 1 Staff morale and workforce challenges"
    )

    with page.expect_download(timeout=180_000) as pdf:
        page.get_by_role("link", name="Board paper (PDF)").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    text = pdf_text(Path(pdf.value.path()).read_bytes())
    assert "Bi-Annual People Plan Update" in text and "Progress on the People Plan since May." in text
