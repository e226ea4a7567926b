"""API keys: one organisation's read-only credential for machine clients (Power BI, scripts).

A key is hashed at rest (djangorestframework-api-key: the key is shown once, only its prefix and a
SHA-512 hash are kept), always expires, records when it was last used, and is revoked — never
deleted — so the list keeps who made and who revoked each key.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from rest_framework_api_key.models import AbstractAPIKey

from owners.models import Organisation


class OrganisationAPIKey(AbstractAPIKey):
    """A read-only key scoped to one organisation (a system's or region's key covers its members)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_keys")
    # Every key expires (the library allows none): required here.
    expiry_date = models.DateTimeField("expires", help_text="Clients cannot use the key after this moment.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField("last used", null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "API key"
        verbose_name_plural = "API keys"
        ordering = ["-created"]
        indexes = [models.Index(fields=["organisation", "-created"])]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def last_day(self):
        """The last (local) day the key works: it expires at the midnight that ends it."""
        return timezone.localtime(self.expiry_date - datetime.timedelta(microseconds=1)).date()

    @property
    def state(self) -> str:
        """``revoked``, ``expired`` or ``active``."""
        if self.revoked:
            return "revoked"
        if self.has_expired:
            return "expired"
        return "active"
