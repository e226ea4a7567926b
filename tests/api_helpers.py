"""Keys, systems and clients for the API tests.

Scopes used across the API tests (``key_for``):
- the demo trust RYV, and its system ("QUE") whose member RYV is — the system's key reads RYV;
- the other trust ZZ001, and another system ("QZZ") whose member ZZ001 is — both read none of RYV.
"""

import datetime

from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from api.models import OrganisationAPIKey
from api.services import api_key_create
from owners.models import Organisation


def systems():
    """RYV's system QUE and ZZ001's system QZZ: the demo tree's (``peopleplan.demo.system``)."""
    made = {o.ods_code: o for o in Organisation.objects.filter(ods_code__in=["QUE", "QZZ"])}
    assert made["QUE"].pk == Organisation.objects.get(ods_code="RYV").parent_id
    assert made["QZZ"].pk == Organisation.objects.get(ods_code="ZZ001").parent_id
    return made


def new_key(organisation, *, user=None, name="Test key", days=30) -> str:
    """A new key of ``organisation``; returns its secret."""
    _key, secret = api_key_create(
        organisation=organisation, user=user, name=name, expires_on=timezone.localdate() + datetime.timedelta(days=days)
    )
    return secret


def expired_key(organisation) -> str:
    secret = new_key(organisation, name="Expired")
    OrganisationAPIKey.objects.filter(prefix=secret.partition(".")[0]).update(
        expiry_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    return secret


def revoked_key(organisation) -> str:
    secret = new_key(organisation, name="Revoked")
    OrganisationAPIKey.objects.filter(prefix=secret.partition(".")[0]).update(revoked=True)
    return secret


def key_client(secret: str) -> Client:
    """A test client that sends ``Authorization: Api-Key <secret>`` with every request."""
    return Client(HTTP_AUTHORIZATION=f"Api-Key {secret}")


def clear_rate_limits():
    cache.clear()


def all_pages(client, url) -> list[dict]:
    """Every row of a paged list, following ``next``."""
    rows = []
    while url:
        page = client.get(url)
        assert page.status_code == 200, page.content[:500]
        body = page.json()
        rows += body["results"]
        url = body["next"]
    return rows
