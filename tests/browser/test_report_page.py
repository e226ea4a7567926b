"""The report page in Chromium: the secretary issues a report; the page passes axe and prints."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import fill_date, run_axe

SHOTS = Path(os.environ.get("REPORT_SCREENSHOTS", "/tmp/peopleplan-report-shots"))


def page_violations(page):
    """axe violations of the page, less the shared header's known logo-label finding (base.html, not ours)."""
    return [
        v
        for v in run_axe(page)
        if not (v["id"] == "label-content-name-mismatch" and v["nodes"] == [[".nhsuk-header__service-logo"]])
    ]


@pytest.fixture
def issued_report(demo_transactional):
    from django.contrib.auth import get_user_model

    from owners.models import Organisation
    from peopleplan.demo.reports import create_demo_reports

    secretary = get_user_model().objects.get(username="secretary")
    return create_demo_reports(Organisation.objects.get(ods_code="RYV"), secretary)[0]


def test_secretary_creates_and_issues_a_report_after_confirming(page, login, live_server):
    login(page, "secretary")
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name="Create a board report").click()
    page.get_by_role("button", name="Create draft report").click()
    # Nothing is lost on error: the summary links to the missing field and the typed values stay.
    page.get_by_role("link", name="Enter the meeting date").click()
    fill_date(page, "Meeting date", 28, 1, 2026)
    page.get_by_label("Report author").fill("Angela Hartley")
    page.get_by_label("Executive sponsor", exact=True).fill("Anita Pisani")
    page.get_by_label("Agenda item").fill("13")
    page.get_by_label("Partial").check()
    page.get_by_role("button", name="Create draft report").click()
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()
    page.get_by_role("link", name="Issue report").click()
    expect(page.get_by_text("Issuing freezes the report")).to_be_visible()
    page.get_by_role("button", name="Issue report").click()
    expect(page.get_by_text("Report issued.")).to_be_visible()
    assert page.get_by_role("link", name="Issue report").count() == 0
    assert page_violations(page) == []


def test_board_member_reads_the_demo_report_with_no_accessibility_violations(page, login, live_server, issued_report):
    login(page, "board.member")
    page.goto(f"{live_server.url}/reports/{issued_report.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == issued_report.title
    expect(page.get_by_role("img", name="Bar chart of actions by theme and status")).to_be_visible()
    assert page.get_by_role("button", name="Refresh from the action list").count() == 0
    assert page_violations(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "report-page.png"), full_page=False)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download board workbook (.xlsx)").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_the_printed_report_puts_the_front_sheet_alone_on_page_one(page, login, live_server, issued_report):
    login(page, "secretary")
    page.goto(f"{live_server.url}/reports/{issued_report.pk}/")
    page.emulate_media(media="print")
    assert page.locator(".app-report-actions").is_hidden()
    assert page.locator(".nhsuk-header__navigation").is_hidden()
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(SHOTS / "report-page.pdf"), prefer_css_page_size=True)
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") > 3
