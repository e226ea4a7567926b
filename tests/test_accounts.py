"""Your account: forgotten password by e-mail (a real SMTP server on the loopback), change password, sign out
everywhere, and what people who sign in only with single sign-on are told."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from peopleplan.demo.users import DEMO_PASSWORD
from tests.reminder_helpers import SITE, smtp  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Winter-rota-2026!"
HR_LEAD_EMAIL = "hr.lead@example.nhs.uk"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def signed_in(username, password=DEMO_PASSWORD):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, f"{username} could not sign in"
    return client


def can_sign_in(username, password):
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def is_signed_in(client):
    return client.get(reverse("dashboard")).status_code == 200


def sessions_of(user):
    return [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)]


def reset_link(message):
    match = re.search(rf"{re.escape(SITE)}(/accounts/reset/\S+/)", message.part("text/plain"))
    assert match, message.part("text/plain")
    return match.group(1)


# --- the pages answer --------------------------------------------------------------------------


def test_the_sign_in_page_offers_forgotten_password_and_the_pages_answer(client, hr_lead):
    login = client.get(reverse("login")).content.decode()
    assert 'href="/accounts/password_reset/">Forgotten your password?</a>' in login
    reset = client.get("/accounts/password_reset/")
    assert reset.status_code == 200 and b"Reset your password" in reset.content
    assert client.get("/accounts/password_change/").status_code == 302  # signed out: to the sign-in page
    hr = signed_in("hr.lead")
    change = hr.get("/accounts/password_change/")
    assert change.status_code == 200 and b"Change your password" in change.content
    account = hr.get(reverse("account")).content.decode()
    assert 'href="/accounts/"' in account and "Your account" in account  # the header link
    assert "Change your password" in account and "Sign out everywhere" in account


# --- forgotten password, by e-mail ---------------------------------------------------------------


def test_the_reset_email_arrives_its_link_sets_a_new_password_and_the_old_one_is_refused(client, smtp, hr_lead):
    response = client.post("/accounts/password_reset/", {"email": HR_LEAD_EMAIL.upper()})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")

    [message] = smtp.to(HR_LEAD_EMAIL)
    assert message.subject == "Reset your People Plan Tracker password"
    link = reset_link(message)
    opened = client.get(link, follow=True)
    assert opened.status_code == 200 and b"Set a new password" in opened.content
    set_url = opened.redirect_chain[-1][0]  # Django swaps the token for "set-password" in the session

    mismatch = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
    assert b"The passwords do not match" in mismatch.content and b"<title>Error: " in mismatch.content
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")

    assert can_sign_in("hr.lead", NEW_PASSWORD)
    assert not can_sign_in("hr.lead", DEMO_PASSWORD)
    again = Client().get(link, follow=True)  # the link works once
    assert b"This link no longer works" in again.content


def test_a_locked_out_person_is_offered_a_reset_and_the_new_password_unlocks_sign_in(client, smtp, hr_lead):
    for _ in range(5):
        locked = Client().post(reverse("login"), {"username": "hr.lead", "password": "wrong"})
    assert locked.status_code == 429 and b'href="/accounts/password_reset/"' in locked.content
    client.post("/accounts/password_reset/", {"email": HR_LEAD_EMAIL})
    opened = client.get(reset_link(smtp.to(HR_LEAD_EMAIL)[0]), follow=True)
    client.post(opened.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert can_sign_in("hr.lead", NEW_PASSWORD)


def test_setting_a_new_password_from_the_email_signs_out_every_device(client, smtp, hr_lead):
    elsewhere = signed_in("hr.lead")
    client.post("/accounts/password_reset/", {"email": HR_LEAD_EMAIL})
    opened = client.get(reset_link(smtp.to(HR_LEAD_EMAIL)[0]), follow=True)
    client.post(opened.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not is_signed_in(elsewhere)
    assert sessions_of(hr_lead) == []


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, smtp, hr_lead):
    known = client.post("/accounts/password_reset/", {"email": HR_LEAD_EMAIL}, follow=True)
    unknown = client.post("/accounts/password_reset/", {"email": "nobody@example.nhs.uk"}, follow=True)
    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.content == known.content
    assert [a for r in smtp.received for a in r.rcpt_tos] == [HR_LEAD_EMAIL]


def test_the_reset_link_is_built_from_site_url_not_the_host_asked_for(client, smtp, hr_lead, settings):
    settings.ALLOWED_HOSTS = ["*"]
    client.post("/accounts/password_reset/", {"email": HR_LEAD_EMAIL}, HTTP_HOST="evil.example.com")
    text = smtp.to(HR_LEAD_EMAIL)[0].part("text/plain")
    assert f"{SITE}/accounts/reset/" in text and "evil.example.com" not in text


def test_reset_emails_are_limited_per_address_without_saying_so(client, smtp, hr_lead):
    pages = [client.post("/accounts/password_reset/", {"email": HR_LEAD_EMAIL}) for _ in range(5)]
    assert {page["Location"] for page in pages} == {reverse("password_reset_done")}
    assert len(smtp.to(HR_LEAD_EMAIL)) == 3


def test_reset_requests_are_limited_per_client_address(client, smtp, hr_lead):
    for n in range(20):
        client.post("/accounts/password_reset/", {"email": f"someone{n}@example.nhs.uk"}, REMOTE_ADDR="10.1.2.3")
    client.post("/accounts/password_reset/", {"email": HR_LEAD_EMAIL}, REMOTE_ADDR="10.1.2.3")
    assert smtp.to(HR_LEAD_EMAIL) == []
    client.post("/accounts/password_reset/", {"email": HR_LEAD_EMAIL}, REMOTE_ADDR="10.9.9.9")
    assert len(smtp.to(HR_LEAD_EMAIL)) == 1


def test_an_empty_or_malformed_address_is_worded_the_nhs_way(client):
    empty = client.post("/accounts/password_reset/", {"email": ""}).content.decode()
    assert "Enter your email address" in empty and "<title>Error: Reset your password" in empty
    assert 'href="#id_email"' in empty
    wrong = client.post("/accounts/password_reset/", {"email": "not-an-address"}).content.decode()
    assert "Enter an email address like name@nhs.net" in wrong


# --- single sign-on only -------------------------------------------------------------------------


@pytest.fixture
def sso_person(trust):
    person = get_user_model().objects.create_user("sso.person", email="sso.person@example.nhs.uk")
    person.set_unusable_password()
    person.save()
    return person


def test_someone_who_signs_in_only_with_sso_is_emailed_an_explanation_not_a_link(client, smtp, sso_person):
    client.post("/accounts/password_reset/", {"email": "sso.person@example.nhs.uk"})
    [message] = smtp.to("sso.person@example.nhs.uk")
    text = message.part("text/plain")
    assert "no People Plan Tracker password to reset" in text and "/accounts/reset/" not in text


def test_someone_who_signs_in_only_with_sso_is_told_why_there_is_no_change_form(sso_person):
    client = Client()
    client.force_login(sso_person)
    page = client.get("/accounts/password_change/").content.decode()
    assert "You have no password to change" in page and 'name="new_password1"' not in page
    refused = client.post(
        "/accounts/password_change/",
        {"old_password": "", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert refused.status_code == 403
    sso_person.refresh_from_db()
    assert not sso_person.has_usable_password()
    account = client.get(reverse("account")).content.decode()
    assert "single sign-on" in account and "Change your password" not in account


def test_with_password_sign_in_off_there_is_no_reset(client, settings):
    settings.PASSWORD_SIGN_IN = False
    assert b"Forgotten your password?" not in client.get(reverse("login")).content
    page = client.get("/accounts/password_reset/")
    assert page.status_code == 404 and b"Sign in with your organisation" in page.content


# --- change password -----------------------------------------------------------------------------


def test_a_wrong_current_password_is_said_plainly(hr_lead):
    client = signed_in("hr.lead")
    page = client.post(
        "/accounts/password_change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ).content.decode()
    assert "<title>Error: Change your password" in page
    assert "Your current password is not right. Enter it again." in page and 'href="#id_old_password"' in page
    assert can_sign_in("hr.lead", DEMO_PASSWORD)


def test_changing_the_password_keeps_this_device_and_signs_out_the_others(hr_lead, secretary):
    here, elsewhere, someone_else = signed_in("hr.lead"), signed_in("hr.lead"), signed_in("secretary")
    done = here.post(
        "/accounts/password_change/",
        {"old_password": DEMO_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert b"Your password has been changed" in done.content
    assert b"signed out on 1 other device" in done.content
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
    assert is_signed_in(someone_else)
    assert len(sessions_of(hr_lead)) == 1
    assert can_sign_in("hr.lead", NEW_PASSWORD) and not can_sign_in("hr.lead", DEMO_PASSWORD)


# --- sign out everywhere -------------------------------------------------------------------------


def test_sign_out_everywhere_ends_every_session_of_that_person_only(hr_lead, secretary):
    here, elsewhere, someone_else = signed_in("hr.lead"), signed_in("hr.lead"), signed_in("secretary")
    assert len(sessions_of(hr_lead)) == 2

    response = here.post(reverse("sign_out_everywhere"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("login")
    assert b"You have been signed out on every device" in response.content
    assert not is_signed_in(here) and not is_signed_in(elsewhere)
    assert sessions_of(hr_lead) == []
    assert is_signed_in(someone_else)
    assert can_sign_in("hr.lead", DEMO_PASSWORD)  # the password is unchanged


def test_sign_out_everywhere_is_a_post(hr_lead):
    client = signed_in("hr.lead")
    assert client.get(reverse("sign_out_everywhere")).status_code == 405
    assert is_signed_in(client)


def test_sessions_live_in_the_shared_store_not_on_one_servers_disk(settings):
    assert settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    )
