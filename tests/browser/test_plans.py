"""Several plans in a real browser (Playwright + Debian's Chromium), with axe-core on every page touched."""

import pytest
from playwright.sync_api import expect

from actions.models import Response, Status
from reports.models import BoardReport
from tests.browser.conftest import fill_date, run_axe

EDI = "nhs-edi-improvement-plan-2023"
PAY_GAPS_2 = "Develop and implement an improvement plan to eliminate pay gaps 2"


def assert_axe_clean(page):
    violations = run_axe(page)
    assert violations == [], violations


def test_hr_lead_filters_to_the_edi_plan_opens_a_sub_action_sees_its_milestones_and_records_an_update(
    live_server, login, page
):
    login(page, "hr.lead")
    assert page.locator("#panel-" + EDI).is_visible()  # the dashboard's panel of the EDI plan
    assert_axe_clean(page)

    page.get_by_role("link", name="Actions", exact=True).first.click()
    page.get_by_text("Filter actions").click()
    page.get_by_label("Plan", exact=True).select_option(label="NHS EDI improvement plan 2023")
    page.get_by_role("button", name="Apply filters").click()
    assert f"plan={EDI}" in page.url
    rows = page.locator("#action-table tbody tr")
    assert rows.count() == 20
    assert all("EDI plan 2023" in text for text in rows.all_inner_texts())
    assert_axe_clean(page)

    page.get_by_role("link", name=PAY_GAPS_2).click()
    assert page.locator("#plan-name").inner_text() == "NHS EDI improvement plan 2023"
    milestones = page.locator("#milestones li").all_inner_texts()
    assert milestones == [
        "31 December 2025 – disability by 2025",
        "31 December 2026 – other protected characteristics by 2026",
    ]
    assert_axe_clean(page)

    page.get_by_label("Status").select_option(label="On track")
    page.get_by_label("Progress note").fill("Sex and race pay gap plan drafted for the People Committee.")
    page.get_by_role("button", name="Record update").click()
    assert "Your progress update has been recorded." in page.content()
    assert "Sex and race pay gap plan drafted" in page.locator("#timeline").inner_text()
    assert_axe_clean(page)
    response = Response.objects.get(
        organisation__ods_code="RYV", action__theme__plan__slug=EDI, action__theme__number=3, action__ref=2
    )
    assert response.status == Status.ON_TRACK and response.updates.get().note.startswith("Sex and race")


def test_secretary_creates_a_report_over_chosen_plans_and_reads_it_plan_by_plan(live_server, login, page):
    login(page, "secretary")
    page.goto(f"{live_server.url}/reports/new/")
    assert_axe_clean(page)
    page.get_by_label("WRES action plan 2023/24").uncheck()
    page.get_by_label("Title", exact=True).fill("Bi-Annual People Strategy Update")
    page.get_by_label("Report author", exact=True).fill("Angela Hartley")
    page.get_by_label("Executive sponsor", exact=True).fill("Anita Pisani")
    fill_date(page, "Meeting date", 22, 11, 2023)
    page.get_by_role("button", name="Create draft report").click()
    expect(page.locator(".app-report-appendix h3")).to_have_count(3)
    report = BoardReport.objects.get(title="Bi-Annual People Strategy Update")
    assert sorted(report.plans.values_list("slug", flat=True)) == [EDI, "people-plan-2020-21", "ryv-wdes-2023-24"]
    headings = page.locator(".app-report-appendix h3").all_inner_texts()
    assert headings == ["NHS People Plan 2020/21", "NHS EDI improvement plan 2023", "WDES action plan 2023/24"]
    assert_axe_clean(page)


@pytest.mark.parametrize("width", [360])
def test_the_dashboard_panels_fit_a_phone(live_server, login, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    try:
        page = login(context.new_page(), "hr.lead")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        assert_axe_clean(page)
    finally:
        context.close()
