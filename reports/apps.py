from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_freeze(sender, using="default", **kwargs):
    from django.db import connections

    from . import freeze

    freeze.install(connections[using])


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Board reports and exports"

    def ready(self):
        # Put back any part of the issued-report guard that a later table rebuild dropped (reports.freeze).
        post_migrate.connect(_install_freeze, sender=self, dispatch_uid="reports_install_freeze")
