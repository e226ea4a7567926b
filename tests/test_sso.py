"""Single sign-on end to end with allauth's Microsoft provider against a real OpenID Connect provider on the
loopback (``oidc-provider-mock``, behind :mod:`tests.entra_loopback`, which puts it at Microsoft's paths):
real HTTP between the app and the provider — authorisation, token, discovery, key set and Graph's ``/me`` —
nothing mocked in between.

The browser's part is played by Django's test client (our app) and ``requests`` (the provider's sign-in
form). The provider signs whatever claims its user has, so a token for another audience, from another
issuer or already expired is a real signed token the app must refuse.
"""

import json
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
from tests.entra_loopback import entra_on_loopback  # oidc-provider-mock is a pinned test dependency: never skipped

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]
CLIENT_ID = "people-plan-tracker"
TENANT = "11111111-2222-3333-4444-555555555555"
User = get_user_model()


@pytest.fixture(scope="module")
def entra():
    with entra_on_loopback() as (base, facade):
        yield base, facade


def configure(settings, base, tenants):
    """The app configured as settings.py does from the environment, Entra ID and Graph on the loopback."""
    settings.SSO_TENANTS = [{"id": name, "name": name, "tenant": tenant} for name, tenant in tenants]
    settings.SOCIALACCOUNT_PROVIDERS = {
        "microsoft": {
            "SCOPE": ["openid", "email", "profile", "User.Read"],
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": name,
                    "name": name,
                    "client_id": CLIENT_ID,
                    "secret": "loopback-secret",
                    "settings": {"tenant": tenant, "login_url": base, "graph_url": base},
                }
                for name, tenant in tenants
            ],
        }
    }


@pytest.fixture
def sso(settings, entra):
    """One tenant, ``nhs``, served by the loopback provider."""
    base, facade = entra
    configure(settings, base, [("nhs", TENANT)])
    clear_rate_limits()
    facade.asked.clear()
    return base


def person(provider, sub, **claims):
    """The provider's user ``sub`` with these claims (what it will put in the ID token and userinfo)."""
    answer = requests.put(f"{provider}/users/{sub}", json=claims, timeout=10)
    assert answer.status_code == 204


def start(client, provider, *, name="nhs", tenant=TENANT, next_url=""):
    """Press the tenant's sign-in button: the app sends the browser to that tenant's authorize address."""
    started = client.post(reverse("microsoft_login", args=[name]), {"next": next_url})
    assert started.status_code == 302, started.content[:500]
    authorize = started["Location"]
    assert authorize.startswith(f"{provider}/{tenant}/oauth2/v2.0/authorize?")
    query = parse_qs(urlsplit(authorize).query)
    assert query["client_id"] == [CLIENT_ID] and "code_challenge" in query and "state" in query
    assert query["redirect_uri"] == [f"http://testserver/accounts/microsoft/{name}/login/callback/"]
    assert set(query["scope"][0].split()) == {"openid", "email", "profile", "User.Read"}
    return authorize


def at_provider(authorize, sub):
    """Sign in at the provider as ``sub``: it sends the browser back to the callback with a code and the state."""
    answer = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    return urlsplit(answer.headers["Location"])


def sign_in(client, provider, sub, *, next_url="", tamper_state=False):
    """Press "Sign in with your NHS Microsoft account", sign in at the provider as ``sub``, come back."""
    back = at_provider(start(client, provider, next_url=next_url), sub)
    assert back.path == reverse("microsoft_callback", args=["nhs"]) == "/accounts/microsoft/nhs/login/callback/"
    returned = back.query
    if tamper_state:
        returned = returned.replace("state=", "state=x")
    return client.get(back.path + "?" + returned)


def signed_in_user(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def test_the_sign_in_page_offers_the_nhs_microsoft_account_and_a_password(client, sso):
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with your NHS Microsoft account" in page
    assert 'action="/accounts/microsoft/nhs/login/"' in page
    assert 'name="password"' in page


def test_without_single_sign_on_the_page_is_the_password_form_only(client):
    page = client.get(reverse("login")).content.decode()
    assert "Microsoft" not in page and 'name="password"' in page


def test_an_existing_user_is_matched_by_verified_email_and_signed_in(client, sso, hr_lead, entra):
    person(sso, "alex-at-entra", email=hr_lead.email, email_verified=True, name="Alex Harper")
    back = sign_in(client, sso, "alex-at-entra", next_url=reverse("action_list"))
    assert back.status_code == 302 and back["Location"] == reverse("action_list")
    assert signed_in_user(client) == hr_lead
    account = SocialAccount.objects.get(uid="alex-at-entra")  # Graph's id
    assert account.user == hr_lead and account.provider == "nhs"
    assert account.extra_data["id_token"]["aud"] == [CLIENT_ID]  # the checked ID token's claims
    hr_lead.refresh_from_db()
    assert hr_lead.check_password("people-plan-demo")  # password sign-in still works for them
    assert client.get(reverse("dashboard")).status_code == 200
    # What the app asked of "Microsoft": the tenant's authorize, token and discovery addresses, the key set
    # the discovery document names, and Graph's /me.
    _, facade = entra
    assert [path for path in facade.asked if not path.startswith("/users/")] == [
        f"/{TENANT}/oauth2/v2.0/authorize",
        f"/{TENANT}/oauth2/v2.0/token",
        f"/{TENANT}/v2.0/.well-known/openid-configuration",
        "/jwks",
        "/v1.0/me",
    ]
    # The next time, the linked identity is enough.
    client.logout()
    assert sign_in(client, sso, "alex-at-entra").status_code == 302 and signed_in_user(client) == hr_lead


def test_entra_ids_domain_owner_verified_claim_vouches_for_the_address(client, sso, hr_lead):
    person(sso, "alex-xms", email=hr_lead.email, xms_edov=True)
    assert sign_in(client, sso, "alex-xms").status_code == 302 and signed_in_user(client) == hr_lead


def test_a_first_time_user_gets_an_account_without_access_and_sees_no_data(client, sso):
    person(sso, "newcomer", email="new.starter@example.nhs.uk", email_verified=True, name="New Starter")
    back = sign_in(client, sso, "newcomer", next_url=reverse("action_list"))
    assert back.status_code == 302 and back["Location"] == reverse("no_access")
    user = signed_in_user(client)
    assert user.email == "new.starter@example.nhs.uk" and not user.groups.exists() and not user.is_staff
    assert not user.has_usable_password()
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
    person(
        sso, "forged", email=hr_lead.email, email_verified=True, iss=f"https://login.microsoftonline.com/{TENANT}/v2.0"
    )
    _refused(sign_in(client, sso, "forged"), "did not work")
    assert "InvalidIssuerError" in caplog.text
    assert signed_in_user(client) is None


def test_an_expired_token_is_refused(client, sso, hr_lead, caplog):
    person(sso, "stale", email=hr_lead.email, email_verified=True, exp=1_600_000_000)
    _refused(sign_in(client, sso, "stale"), "did not work")
    assert "ExpiredSignatureError" in caplog.text
    assert signed_in_user(client) is None


def test_a_token_that_names_no_signing_key_is_refused(client, sso, hr_lead, entra, caplog):
    _, facade = entra
    person(sso, "no-kid", email=hr_lead.email, email_verified=True)
    facade.names_its_key = False
    try:
        _refused(sign_in(client, sso, "no-kid"), "did not work")
    finally:
        facade.names_its_key = True
    assert "does not name its signing key" in caplog.text
    assert signed_in_user(client) is None


def test_a_graph_profile_that_is_not_the_tokens_user_is_refused(client, sso, hr_lead, caplog):
    # Entra ID's `oid` is the user Graph answers for; here the token says one user and Graph another.
    person(sso, "graph-says-me", email=hr_lead.email, email_verified=True, oid="somebody-else")
    _refused(sign_in(client, sso, "graph-says-me"), "did not work")
    assert "not the ID token's user" in caplog.text
    assert signed_in_user(client) is None and not SocialAccount.objects.exists()


def test_a_bad_state_is_refused(client, sso, hr_lead, caplog):
    person(sso, "csrf", email=hr_lead.email, email_verified=True)
    _refused(sign_in(client, sso, "csrf", tamper_state=True), "did not work")
    assert "Single sign-on failed (unknown)" in caplog.text
    assert signed_in_user(client) is None


def test_an_unverified_email_is_refused_even_when_it_is_a_users(client, sso, hr_lead):
    person(sso, "claims-to-be-alex", email=hr_lead.email, email_verified=False, xms_edov=False)
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


SECOND_TENANT = "66666666-7777-8888-9999-000000000000"


def test_two_tenants_two_buttons_each_to_its_own_tenant(client, settings, entra, secretary, caplog):
    base, facade = entra
    configure(settings, base, [("ccs", TENANT), ("nhsmail", SECOND_TENANT)])
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with your NHS Microsoft account (ccs)" in page
    assert "Sign in with your NHS Microsoft account (nhsmail)" in page
    assert 'action="/accounts/microsoft/ccs/login/"' in page and 'action="/accounts/microsoft/nhsmail/login/"' in page
    start(client, base, name="ccs", tenant=TENANT)
    # The second tenant, end to end: its own authorize, token and discovery addresses and callback.
    person(base, "sam-at-nhsmail", email=secretary.email, email_verified=True)
    facade.asked.clear()
    back = at_provider(start(client, base, name="nhsmail", tenant=SECOND_TENANT), "sam-at-nhsmail")
    assert back.path == "/accounts/microsoft/nhsmail/login/callback/"
    assert client.get(back.path + "?" + back.query).status_code == 302 and signed_in_user(client) == secretary
    assert SocialAccount.objects.get(uid="sam-at-nhsmail").provider == "nhsmail"
    assert {f"/{SECOND_TENANT}/oauth2/v2.0/token", f"/{SECOND_TENANT}/v2.0/.well-known/openid-configuration"} <= set(
        facade.asked
    )
    assert not any(TENANT in path for path in facade.asked)
    # A sign-in started for one tenant does not complete at the other's callback: its state is not there.
    client.logout()
    back = at_provider(start(client, base, name="ccs", tenant=TENANT), "sam-at-nhsmail")
    wrong = client.get("/accounts/microsoft/nhsmail/login/callback/?" + back.query)
    _refused(wrong, "did not work")
    assert signed_in_user(client) is None


def test_password_sign_in_can_be_turned_off(client, sso, settings, hr_lead):
    settings.PASSWORD_SIGN_IN = False
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "peopleplan.sso.backends.NoPasswordBackend",
    ]
    page = client.get(reverse("login")).content.decode()
    assert 'name="password"' not in page and "Sign in with your NHS Microsoft account" in page
    assert "Forgotten your password?" not in page
    refused = client.post(reverse("login"), {"username": "hr.lead", "password": "people-plan-demo"})
    assert refused.status_code == 403 and signed_in_user(client) is None
    admin = client.post(reverse("admin:login"), {"username": "admin", "password": "people-plan-demo"})
    assert admin.status_code == 200 and signed_in_user(client) is None
    person(sso, "alex-sso-only", email=hr_lead.email, email_verified=True)
    assert sign_in(client, sso, "alex-sso-only").status_code == 302 and signed_in_user(client) == hr_lead
    assert client.get(reverse("dashboard")).status_code == 200


def test_allauths_own_pages_are_not_routed(client, sso):
    for path in ["/accounts/signup/", "/accounts/password/reset/", "/accounts/email/", "/accounts/3rdparty/"]:
        assert client.get(path).status_code in (302, 404), path
        assert client.get(path).status_code != 200
    # Nor allauth's one-app Microsoft addresses, nor a tenant that is not configured.
    for path in ["/accounts/microsoft/login/", "/accounts/microsoft/login/callback/", "/accounts/microsoft/x/login/"]:
        assert client.post(path).status_code == 404, path


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


TWO_TENANTS = {
    "SSO_ENABLED": "true",
    "SSO_CLIENT_ID": "app-id",
    "SSO_CLIENT_SECRET": "app-secret",
    "SSO_TENANTS": f"ccs={TENANT},nhsmail={SECOND_TENANT}",
}


def test_single_sign_on_is_configured_entirely_from_the_environment():
    result = _settings_in_a_fresh_process(**TWO_TENANTS, PASSWORD_SIGN_IN="false")
    assert result.returncode == 0, result.stderr
    providers, form_action, backends = json.loads(result.stdout.strip().splitlines()[-1])
    assert list(providers) == ["microsoft"]
    assert set(providers["microsoft"]["SCOPE"]) == {"openid", "email", "profile", "User.Read"}
    assert providers["microsoft"]["OAUTH_PKCE_ENABLED"] is True
    microsoft = {"login_url": "https://login.microsoftonline.com", "graph_url": "https://graph.microsoft.com"}
    assert [(a["provider_id"], a["client_id"], a["secret"], a["settings"]) for a in providers["microsoft"]["APPS"]] == [
        ("ccs", "app-id", "app-secret", {"tenant": TENANT, **microsoft}),
        ("nhsmail", "app-id", "app-secret", {"tenant": SECOND_TENANT, **microsoft}),
    ]
    assert form_action == ["'self'", "https://login.microsoftonline.com"]
    assert backends[-1] == "peopleplan.sso.backends.NoPasswordBackend"


@pytest.mark.parametrize(
    "authority", ["https://login.example.nhs.uk/{tenant}/v2.0", "https://login.example.nhs.uk/"], ids=["old", "new"]
)
def test_the_sign_in_and_graph_addresses_can_be_changed(authority):
    result = _settings_in_a_fresh_process(
        **TWO_TENANTS, SSO_AUTHORITY=authority, SSO_GRAPH_URL="https://graph.example.nhs.uk"
    )
    assert result.returncode == 0, result.stderr
    providers, form_action, _ = json.loads(result.stdout.strip().splitlines()[-1])
    settings = providers["microsoft"]["APPS"][0]["settings"]
    assert settings["login_url"] == "https://login.example.nhs.uk"
    assert settings["graph_url"] == "https://graph.example.nhs.uk"
    assert form_action == ["'self'", "https://login.example.nhs.uk"]


@pytest.mark.parametrize(
    "env,message",
    [
        ({"SSO_ENABLED": "true", "SSO_TENANTS": "ccs=1111"}, "SSO_ENABLED needs SSO_CLIENT_ID"),
        (
            {"SSO_ENABLED": "true", "SSO_CLIENT_ID": "a", "SSO_CLIENT_SECRET": "b", "SSO_TENANTS": "1111"},
            "is not NAME=TENANT_ID",
        ),
        ({**TWO_TENANTS, "SSO_TENANTS": "microsoft=1111"}, "is not NAME=TENANT_ID"),
        ({**TWO_TENANTS, "SSO_TENANTS": "ccs=../1111"}, "is not a tenant ID"),
        ({**TWO_TENANTS, "SSO_AUTHORITY": "https://login.example.nhs.uk/{tenant}"}, "SSO_AUTHORITY"),
        ({**TWO_TENANTS, "SSO_GRAPH_URL": "graph.microsoft.com"}, "SSO_GRAPH_URL"),
        ({"PASSWORD_SIGN_IN": "false"}, "PASSWORD_SIGN_IN=false needs single sign-on"),
    ],
)
def test_a_half_configured_sign_on_is_a_clear_startup_error(env, message):
    result = _settings_in_a_fresh_process(**env)
    assert result.returncode != 0 and message in result.stderr


def test_single_sign_on_is_off_by_default():
    result = _settings_in_a_fresh_process()
    providers, form_action, backends = json.loads(result.stdout.strip().splitlines()[-1])
    assert providers["microsoft"]["APPS"] == [] and form_action == ["'self'"]
    assert backends[-1] == "django.contrib.auth.backends.ModelBackend"
