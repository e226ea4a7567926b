"""Writes of the API app: creating and revoking API keys."""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import OrganisationAPIKey

MAX_KEY_DAYS = 366


class KeyRevoked(Exception):
    """The key was already revoked."""


def expiry_moment(expires_on: datetime.date) -> datetime.datetime:
    """A key that "expires on 31 March" works until the end of 31 March, local time."""
    midnight_after = datetime.datetime.combine(expires_on + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(midnight_after)


@transaction.atomic
def api_key_create(*, organisation, user, name: str, expires_on: datetime.date) -> tuple[OrganisationAPIKey, str]:
    """A new key of ``organisation``; returns the key and its secret — the only time the secret exists
    outside the client: only a hash is stored."""
    return OrganisationAPIKey.objects.create_key(
        organisation=organisation, created_by=user, name=name.strip(), expiry_date=expiry_moment(expires_on)
    )


@transaction.atomic
def api_key_revoke(*, key: OrganisationAPIKey, user) -> OrganisationAPIKey:
    """Revoke the key for good (it stays in the list, marked revoked). Raises KeyRevoked if it already is."""
    locked = OrganisationAPIKey.objects.select_for_update().get(pk=key.pk)
    if locked.revoked:
        raise KeyRevoked
    locked.revoked = True
    locked.revoked_at = timezone.now()
    locked.revoked_by = user
    locked.save(update_fields=["revoked", "revoked_at", "revoked_by"])
    return locked
