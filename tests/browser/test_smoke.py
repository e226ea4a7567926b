"""The app serves a real page to a real browser, and login works."""

from tests.browser.conftest import run_axe


def test_hr_lead_signs_in_and_lands_on_the_dashboard(live_server, login, page):
    login(page, "hr.lead")
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    assert "Cambridgeshire Community Services NHS Trust" in page.content()


def test_login_page_has_no_accessibility_violations(live_server, demo_transactional, page):
    page.goto(f"{live_server.url}/accounts/login/")
    assert run_axe(page) == []
