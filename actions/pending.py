"""Uploaded files waiting between preview and confirm, kept in the database.

Every application server sees the database, so a preview made through one server can be confirmed
through another (nothing lives on one server's disk). The rules (size, per-user cap, expiry) are in
``actions.imports.uploads``; this module only holds the model (imported by ``actions.models``).
"""

from django.conf import settings
from django.db import models


class PendingUpload(models.Model):
    """The bytes of one uploaded file, its owner, what it is for and when it expires."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=40, help_text="The import kind, e.g. responses, plan, import_export.")
    file_name = models.CharField(max_length=260, blank=True)
    options = models.JSONField(default=dict, blank=True)
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        app_label = "actions"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self):
        return f"{self.file_name} ({self.kind}, {self.size:,} bytes)"
