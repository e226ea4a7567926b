"""Organisations, the people (or groups) who lead actions locally, and who belongs where."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    """A trust (employer), a system (ICS, parent of trusts) or a region."""

    class Kind(models.TextChoices):
        TRUST = "trust", "Trust"
        SYSTEM = "system", "Integrated care system"
        REGION = "region", "Region"

    name = models.CharField(max_length=200, unique=True)
    ods_code = models.CharField("ODS code", max_length=10, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TRUST)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Owner(models.Model):
    """Someone who leads actions locally, known by initials (`AP`), or a group (`HRBPs`).

    An owner may or may not be a user of the system.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="owners")
    initials = models.CharField(max_length=40, help_text="As written in the plan tables, e.g. AP or Wider exec.")
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    is_group = models.BooleanField(default=False, help_text="A group such as HRBPs or Wider exec.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owner",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "initials"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "initials"], name="owner_unique_initials_per_org"),
        ]

    def __str__(self):
        return f"{self.initials} ({self.name})" if self.name else self.initials


class Membership(models.Model):
    """The organisation a user belongs to. Every query a user makes is scoped to it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")

    def __str__(self):
        return f"{self.user} @ {self.organisation}"
