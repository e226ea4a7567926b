"""The sign-in page with single sign-on, and the page for a signed-in person with no access: axe-clean."""

from django.contrib.auth import get_user_model

from tests.browser.conftest import run_axe


def test_the_sign_in_page_with_the_nhs_microsoft_account_button(live_server, demo_transactional, page, settings):
    settings.SSO_TENANTS = [{"id": "nhs", "name": "nhs", "tenant": "t"}]
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.get_by_role("button", name="Sign in with your NHS Microsoft account").is_visible()
    assert page.get_by_role("heading", name="Or sign in with a password").is_visible()
    assert run_axe(page) == []


def test_a_person_without_an_organisation_is_asked_to_get_access(live_server, login, page):
    get_user_model().objects.create_user("new.starter", password="a-long-Passw0rd!", email="new@example.nhs.uk")
    login(page, "new.starter", "a-long-Passw0rd!")
    page.goto(f"{live_server.url}/accounts/no-access/")
    assert page.get_by_role("heading", name="Ask your administrator for access").is_visible()
    assert run_axe(page) == []
