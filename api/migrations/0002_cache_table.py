"""Create the database cache table (``CACHES``, ``dbcache://peopleplan_cache`` by default) with
``migrate``: API rate-limit counts and the sign-in replay guard must be shared by every app server."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Creates the table of every database cache configured for this database; nothing otherwise.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
