"""``python manage.py build_fixtures``: regenerate fixtures/*.json and *.csv from fixtures/source/.

All the work is done by :func:`actions.reference.build.write_fixtures` (plain Python, no
database).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actions.reference.build import write_fixtures

REPO_ROOT = Path(__file__).resolve().parents[3]


class Command(BaseCommand):
    help = (
        "Regenerate fixtures/people-plan-2020-21.json, fixtures/demo-trust-ccs.json and the 2023 plans' import "
        "files (fixtures/demo-plans-2023.json and its CSVs) from fixtures/source/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Write nothing; fail if a fixture is out of date.")

    def handle(self, *args, check=False, **options):
        changed = write_fixtures(REPO_ROOT, check=check)
        if check and changed:
            raise CommandError("out of date: " + ", ".join(str(p.relative_to(REPO_ROOT)) for p in changed))
        verb = "out of date" if check else "written"
        for path in changed:
            self.stdout.write(f"{verb}: {path.relative_to(REPO_ROOT)}")
        if not changed:
            self.stdout.write("fixtures are up to date")
