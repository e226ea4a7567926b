"""Single sign-on end to end against a real OpenID Connect provider on the loopback
(``oidc-provider-mock``): real HTTP between the app and the provider — discovery, authorisation,
token, userinfo and key set — nothing mocked in between.

The browser's part is played by Django's test client (our app) and ``requests`` (the provider's
sign-in form). The provider signs whatever claims its user has, so a token for another audience or
from another issuer is a real signed token the app must refuse.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.api_helpers import clear_rate_limits

oidc_provider_mock = pytest.importorskip("oidc_provider_mock")

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]
CLIENT_ID = "people-plan-tracker"
User = get_user_model()


@pytest.fixture(scope="module")
def provider():
    os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")  # the loopback provider speaks plain HTTP
    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def sso(settings, provider):
    """The app configured, as the environment would, with one tenant served by the loopback provider."""
    settings.SSO_TENANTS = [{"id": "nhs", "name": "nhs", "tenant": "loopback"}]
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "nhs",
                    "name": "nhs",
                    "client_id": CLIENT_ID,
                    "secret": "loopback-secret",
                    "settings": {"server_url": provider, "token_auth_method": "client_secret_post"},
                }
            ],
        }
    }
    clear_rate_limits()
    return provider


def person(provider, sub, **claims):
    """The provider's user ``sub`` with these claims (what it will put in the ID token and userinfo)."""
    answer = requests.put(f"{provider}/users/{sub}", json=claims, timeout=10)
    assert answer.status_code == 204


def sign_in(client, provider, sub, *, next_url="", tamper_state=False):
    """Press "Sign in with your NHS Microsoft account", sign in at the provider as ``sub``, come back."""
    started = client.post(reverse("openid_connect_login", args=["nhs"]), {"next": next_url})
    assert started.status_code == 302, started.content[:500]
    authorize = started["Location"]
    assert authorize.startswith(f"{provider}/oauth2/authorize?")
    query = parse_qs(urlsplit(authorize).query)
    assert query["client_id"] == [CLIENT_ID] and "code_challenge" in query and "state" in query
    at_provider = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text[:500]
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == reverse("openid_connect_callback", args=["nhs"])
    returned = back.query
    if tamper_state:
        returned = returned.replace("state=", "state=x")
    return client.get(back.path + "?" + returned)


def signed_in_user(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def test_the_sign_in_page_offers_the_nhs_microsoft_account_and_a_password(client, sso):
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with your NHS Microsoft account" in page
    assert f'action="{reverse("openid_connect_login", args=["nhs"])}"' in page
    assert 'name="password"' in page


def test_without_single_sign_on_the_page_is_the_password_form_only(client):
    page = client.get(reverse("login")).content.decode()
    assert "Microsoft" not in page and 'name="password"' in page


def test_an_existing_user_is_matched_by_verified_email_and_signed_in(client, sso, hr_lead):
    person(sso, "alex-at-entra", email=hr_lead.email, email_verified=True, name="Alex Harper")
    back = sign_in(client, sso, "alex-at-entra", next_url=reverse("action_list"))
    assert back.status_code == 302 and back["Location"] == reverse("action_list")
    assert signed_in_user(client) == hr_lead
    assert SocialAccount.objects.get(uid="alex-at-entra").user == hr_lead
    hr_lead.refresh_from_db()
    assert hr_lead.check_password("people-plan-demo")  # password sign-in still works for them
    assert client.get(reverse("dashboard")).status_code == 200
    # The next time, the linked identity is enough.
    client.logout()
    assert sign_in(client, sso, "alex-at-entra").status_code == 302 and signed_in_user(client) == hr_lead


def test_a_first_time_user_gets_an_account_without_access_and_sees_no_data(client, sso):
    person(sso, "newcomer", email="new.starter@example.nhs.uk", email_verified=True, name="New Starter")
    back = sign_in(client, sso, "newcomer", next_url=reverse("action_list"))
    assert back.status_code == 302 and back["Location"] == reverse("no_access")
    user = signed_in_user(client)
    assert user.email == "new.starter@example.nhs.uk" and not user.groups.exists() and not user.is_staff
    assert not hasattr(user, "membership")
    page = client.get(back["Location"])
    assert "Ask your administrator for access" in page.content.decode()
    assert client.get(reverse("dashboard")).status_code == 404
    assert client.get(reverse("action_list")).status_code == 404
    assert client.get(reverse("api:response-list")).status_code == 404


def test_once_an_administrator_adds_them_they_get_in(client, sso, trust):
    from owners.models import Membership

    person(sso, "latecomer", email="late.comer@example.nhs.uk", email_verified=True)
    sign_in(client, sso, "latecomer")
    Membership.objects.create(user=signed_in_user(client), organisation=trust)
    client.logout()
    back = sign_in(client, sso, "latecomer")
    assert back["Location"] == reverse("dashboard")
    assert client.get(reverse("no_access"))["Location"] == reverse("dashboard")


def _refused(back, says):
    assert back.status_code == 403, back.content[:500]
    text = back.content.decode()
    assert "You could not be signed in" in text and says in text
    return text


def test_a_token_for_another_audience_is_refused(client, sso, hr_lead, caplog):
    person(sso, "replayed", email=hr_lead.email, email_verified=True, aud="another-application")
    text = _refused(sign_in(client, sso, "replayed"), "did not work")
    assert "InvalidAudienceError" in caplog.text and "Audience" not in text  # why: in the log, not the page
    assert signed_in_user(client) is None and not SocialAccount.objects.exists()


def test_a_token_from_another_issuer_is_refused(client, sso, hr_lead, caplog):
    person(sso, "forged", email=hr_lead.email, email_verified=True, iss="https://login.example.invalid/v2.0")
    _refused(sign_in(client, sso, "forged"), "did not work")
    assert "InvalidIssuerError" in caplog.text
    assert signed_in_user(client) is None


def test_a_bad_state_is_refused(client, sso, hr_lead, caplog):
    person(sso, "csrf", email=hr_lead.email, email_verified=True)
    _refused(sign_in(client, sso, "csrf", tamper_state=True), "did not work")
    assert "Single sign-on failed (unknown)" in caplog.text
    assert signed_in_user(client) is None


def test_an_unverified_email_is_refused_even_when_it_is_a_users(client, sso, hr_lead):
    person(sso, "claims-to-be-alex", email=hr_lead.email, email_verified=False)
    text = _refused(sign_in(client, sso, "claims-to-be-alex"), "did not confirm your email address")
    assert hr_lead.email in text
    assert signed_in_user(client) is None and not SocialAccount.objects.exists()
    person(sso, "no-email-claim", name="Nobody")
    _refused(sign_in(client, sso, "no-email-claim"), "did not confirm your email address")
    assert not User.objects.filter(username__icontains="nobody").exists()


def test_an_address_shared_by_two_users_is_refused(client, sso, hr_lead, secretary):
    User.objects.filter(pk=secretary.pk).update(email=hr_lead.email)
    person(sso, "twin", email=hr_lead.email, email_verified=True)
    _refused(sign_in(client, sso, "twin"), "More than one People Plan Tracker account")
    assert signed_in_user(client) is None


def test_a_deactivated_user_is_refused(client, sso, hr_lead):
    User.objects.filter(pk=hr_lead.pk).update(is_active=False)
    person(sso, "gone", email=hr_lead.email, email_verified=True)
    _refused(sign_in(client, sso, "gone"), "switched off")
    assert signed_in_user(client) is None


def test_password_sign_in_can_be_turned_off(client, sso, settings, hr_lead):
    settings.PASSWORD_SIGN_IN = False
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "peopleplan.sso.backends.NoPasswordBackend",
    ]
    page = client.get(reverse("login")).content.decode()
    assert 'name="password"' not in page and "Sign in with your NHS Microsoft account" in page
    refused = client.post(reverse("login"), {"username": "hr.lead", "password": "people-plan-demo"})
    assert refused.status_code == 403 and signed_in_user(client) is None
    admin = client.post(reverse("admin:login"), {"username": "admin", "password": "people-plan-demo"})
    assert admin.status_code == 200 and signed_in_user(client) is None
    person(sso, "alex-sso-only", email=hr_lead.email, email_verified=True)
    assert sign_in(client, sso, "alex-sso-only").status_code == 302 and signed_in_user(client) == hr_lead
    assert client.get(reverse("dashboard")).status_code == 200


def test_allauths_own_pages_are_not_routed(client):
    for path in ["/accounts/signup/", "/accounts/password/reset/", "/accounts/email/", "/accounts/3rdparty/"]:
        assert client.get(path).status_code in (302, 404), path
        assert client.get(path).status_code != 200


def _settings_in_a_fresh_process(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SSO_", "PASSWORD_"))}
    environment.update(DJANGO_SECRET_KEY="x", DJANGO_SETTINGS_MODULE="peopleplan.settings", **env)
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SOCIALACCOUNT_PROVIDERS, s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'], "
        "s.AUTHENTICATION_BACKENDS]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_single_sign_on_is_configured_entirely_from_the_environment():
    import json

    result = _settings_in_a_fresh_process(
        SSO_ENABLED="true",
        SSO_CLIENT_ID="app-id",
        SSO_CLIENT_SECRET="app-secret",
        SSO_TENANTS="ccs=11111111-2222-3333-4444-555555555555,nhsmail=66666666-7777-8888-9999-000000000000",
        PASSWORD_SIGN_IN="false",
    )
    assert result.returncode == 0, result.stderr
    providers, form_action, backends = json.loads(result.stdout.strip().splitlines()[-1])
    apps = providers["openid_connect"]["APPS"]
    assert [(a["provider_id"], a["client_id"], a["settings"]["server_url"]) for a in apps] == [
        ("ccs", "app-id", "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0"),
        ("nhsmail", "app-id", "https://login.microsoftonline.com/66666666-7777-8888-9999-000000000000/v2.0"),
    ]
    assert form_action == ["'self'", "https://login.microsoftonline.com"]
    assert backends[-1] == "peopleplan.sso.backends.NoPasswordBackend"


@pytest.mark.parametrize(
    "env,message",
    [
        ({"SSO_ENABLED": "true", "SSO_TENANTS": "ccs=1111"}, "SSO_ENABLED needs SSO_CLIENT_ID"),
        (
            {"SSO_ENABLED": "true", "SSO_CLIENT_ID": "a", "SSO_CLIENT_SECRET": "b", "SSO_TENANTS": "1111"},
            "is not NAME=TENANT_ID",
        ),
        ({"PASSWORD_SIGN_IN": "false"}, "PASSWORD_SIGN_IN=false needs single sign-on"),
    ],
)
def test_a_half_configured_sign_on_is_a_clear_startup_error(env, message):
    result = _settings_in_a_fresh_process(**env)
    assert result.returncode != 0 and message in result.stderr


def test_single_sign_on_is_off_by_default():
    import json

    result = _settings_in_a_fresh_process()
    providers, form_action, backends = json.loads(result.stdout.strip().splitlines()[-1])
    assert providers["openid_connect"]["APPS"] == [] and form_action == ["'self'"]
    assert backends[-1] == "django.contrib.auth.backends.ModelBackend"
