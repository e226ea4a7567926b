import json

from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by migrations or transient: never part of a backup.
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


class Command(BaseCommand):
    help = (
        "Write a database-independent backup (JSON, natural keys) of all People Plan data, "
        "users and history. Restore into an empty, migrated database with `manage.py loaddata PATH`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="File to write (JSON).")

    def handle(self, *args, **options):
        call_command(
            "dumpdata",
            exclude=EXCLUDE,
            natural_foreign=True,
            natural_primary=False,
            indent=1,
            output=options["output"],
            verbosity=0,
        )
        _groups_by_name(options["output"])
        self.stdout.write(f"backup written to {options['output']}")


def _groups_by_name(path):
    """Role groups are restored onto the ones ``migrate`` makes (peopleplan.roles), matched by name: drop
    their ids, so ``loaddata`` updates each group with the backed-up permissions instead of clashing."""
    with open(path, encoding="utf-8") as file:
        objects = json.load(file)
    for obj in objects:
        if obj["model"] == "auth.group":
            obj.pop("pk", None)
    with open(path, "w", encoding="utf-8") as file:
        json.dump(objects, file, indent=1, ensure_ascii=False)
