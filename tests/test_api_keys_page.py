"""The API keys page: an organisation's administrator creates (name, expiry), sees the key once,
lists (with last use) and revokes keys; keys are hashed at rest and belong to one organisation."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from api.models import OrganisationAPIKey
from tests.api_helpers import clear_rate_limits, key_client, new_key

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    clear_rate_limits()


@pytest.fixture
def admin_client(client, plan_admin):
    client.force_login(plan_admin, backend=MODEL_BACKEND)
    return client


def _create(client, name="Power BI workforce report", days=90):
    expires = timezone.localdate() + datetime.timedelta(days=days)
    return client.post(reverse("api_keys"), {"name": name, "expires_on": expires.isoformat()})


def test_the_administrator_creates_a_key_and_sees_it_once(admin_client, trust, plan_admin):
    page = _create(admin_client)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    secret = page.context["secret"]
    assert secret and secret in page.content.decode()
    key = OrganisationAPIKey.objects.get()
    assert key.organisation == trust and key.created_by == plan_admin and key.name == "Power BI workforce report"
    assert key.expiry_date == timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=91), datetime.time.min)
    )
    again = admin_client.get(reverse("api_keys"))
    assert secret not in again.content.decode() and key.prefix in again.content.decode()
    assert key_client(secret).get(reverse("api:organisation-list")).status_code == 200


def test_the_form_suggests_an_expiry_in_the_day_month_year_boxes(admin_client):
    page = admin_client.get(reverse("api_keys")).content.decode()
    suggested = timezone.localdate() + datetime.timedelta(days=90)
    for part in ("day", "month", "year"):
        assert f'name="expires_on-{part}" type="text" inputmode="numeric" value="{getattr(suggested, part)}"' in page


def test_the_list_shows_the_last_day_a_key_works(admin_client):
    last_day = timezone.localdate() + datetime.timedelta(days=30)
    admin_client.post(reverse("api_keys"), {"name": "Thirty days", "expires_on": last_day.isoformat()})
    key = OrganisationAPIKey.objects.get()
    assert key.last_day == last_day
    assert f"{last_day.day} {last_day:%b %Y}" in admin_client.get(reverse("api_keys")).content.decode()


def test_keys_are_hashed_at_rest(admin_client):
    secret = _create(admin_client).context["secret"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_organisationapikey")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert secret.partition(".")[2] not in stored and "sha512$$" in stored


@pytest.mark.parametrize(
    "name,days,error",
    [
        ("", 30, "Enter a name for the key"),
        ("   ", 30, "Enter a name for the key"),
        ("Report", -1, "Expiry date must be today or in the future"),
        ("Report", 367, "Expiry date must be within 366 days of today"),
        ("x" * 51, 30, "Name must be 50 characters or fewer"),
    ],
)
def test_a_key_needs_a_name_and_an_expiry_within_a_year(admin_client, name, days, error):
    page = _create(admin_client, name=name, days=days)
    assert page.status_code == 200 and error in page.content.decode()
    assert "There is a problem" in page.content.decode()
    assert not OrganisationAPIKey.objects.exists()


def test_the_list_shows_last_use_and_state(admin_client, trust):
    secret = new_key(trust, name="Used key")
    new_key(trust, name="Never used key")
    key_client(secret).get(reverse("api:plan-list"))
    page = admin_client.get(reverse("api_keys"))
    keys = {key.name: key for key in page.context["keys"]}
    assert keys["Used key"].last_used_at is not None and keys["Never used key"].last_used_at is None
    assert "Never" in page.content.decode() and "Active" in page.content.decode()


def test_revoking_asks_first_then_refuses_the_key_for_good(admin_client, trust, plan_admin):
    secret = new_key(trust, name="Old script")
    prefix = secret.partition(".")[0]
    confirm = admin_client.get(reverse("api_key_revoke", args=[prefix]))
    assert confirm.status_code == 200 and "This cannot be undone" in confirm.content.decode()
    assert key_client(secret).get(reverse("api:plan-list")).status_code == 200
    done = admin_client.post(reverse("api_key_revoke", args=[prefix]))
    assert done.status_code == 302 and done["Location"] == reverse("api_keys")
    key = OrganisationAPIKey.objects.get(prefix=prefix)
    assert key.revoked and key.revoked_by == plan_admin and key.revoked_at
    assert key_client(secret).get(reverse("api:plan-list")).status_code == 401
    page = admin_client.get(reverse("api_keys"))
    assert "Revoked" in page.content.decode()
    assert admin_client.post(reverse("api_key_revoke", args=[prefix])).status_code == 302  # twice: no harm


def test_another_organisations_key_is_not_found(admin_client, other_trust):
    prefix = new_key(other_trust).partition(".")[0]
    assert admin_client.get(reverse("api_key_revoke", args=[prefix])).status_code == 404
    assert admin_client.post(reverse("api_key_revoke", args=[prefix])).status_code == 404
    assert not OrganisationAPIKey.objects.get(prefix=prefix).revoked
    assert prefix not in admin_client.get(reverse("api_keys")).content.decode()


@pytest.mark.parametrize("role", ["hr_lead", "secretary", "board_member", "other_hr"])
def test_only_administrators_manage_keys(client, request, role):
    client.force_login(request.getfixturevalue(role), backend=MODEL_BACKEND)
    assert client.get(reverse("api_keys")).status_code == 403
    assert _create(client).status_code == 403
    assert not OrganisationAPIKey.objects.exists()
    assert "API keys" not in client.get(reverse("dashboard")).content.decode()


def test_the_menu_shows_administrators_the_page(admin_client):
    assert 'href="/api-keys/"' in admin_client.get(reverse("dashboard")).content.decode()
