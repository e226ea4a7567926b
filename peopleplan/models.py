"""What the composition layer records about the database itself."""

from django.db import models

from owners.models import Organisation


class DemoData(models.Model):
    """A row here means ``load_demo`` loaded the demo into this database; it never loads it again.

    So ``make run`` (which runs ``load_demo`` every time) never restores a demo name, text, owner
    link, role or membership a user changed, nor re-creates a demo account someone deleted.
    """

    loaded_at = models.DateTimeField(auto_now_add=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="The demo trust."
    )
    with_updates = models.BooleanField(default=True, help_text="The illustrative updates and board report too.")

    class Meta:
        verbose_name = "demo data marker"

    def __str__(self):
        return f"Demo data loaded {self.loaded_at:%d %B %Y %H:%M}"
