"""``flush`` that may empty a database holding issued board reports.

Issued reports are frozen by database triggers (``reports.freeze``); emptying the whole database
(tests, a restore into a fresh database) is the one deliberate exception: the guard is lifted for
the flush and installed again afterwards.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections

from reports import freeze


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        freeze.uninstall(connection)
        try:
            return super().handle(**options)
        finally:
            freeze.install(connection)
