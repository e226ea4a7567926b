"""python manage.py import_plan PATH --label LABEL [--plan SLUG] [--plan-name NAME] [--dry-run] [--user USERNAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from actions.imports.plans.compare import DEFAULT_PLAN_SLUG, plan_import_apply, plan_import_preview
from actions.imports.plans.rows import read_plan_file
from actions.imports.preview_text import plan_preview_lines
from actions.imports.reading.problems import ImportFileError
from actions.imports.reading.reader import read_upload_bytes
from actions.models import Plan


class Command(BaseCommand):
    help = (
        "Import a revised version of a plan (or a whole new plan) from .xlsx or .csv. Prints one line "
        "added=N changed=N withdrawn=N unchanged=N, then the details. Any error: nothing changes, exit status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .xlsx or .csv file.")
        parser.add_argument("--label", help='The version\'s label, e.g. "v4 FINAL 1 October 2020" (required unless --dry-run).')
        parser.add_argument("--plan", default=DEFAULT_PLAN_SLUG, help="Plan slug; a new slug creates a new plan.")
        parser.add_argument("--plan-name", default="", help="Display name of a new plan (default: the slug).")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; change nothing.")
        parser.add_argument("--user", help="Username recorded as the importer.")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not options["dry_run"] and not (options["label"] or "").strip():
            raise CommandError('--label is required, e.g. --label "v4 FINAL 1 October 2020" (or use --dry-run)')
        user = self._user(options["user"])
        data = self._read(path)
        try:
            parsed = read_plan_file(data=data, file_name=path.name)
        except ImportFileError as error:
            self._fail(error.problems)
        plan = Plan.objects.filter(slug=options["plan"]).first()
        preview = plan_import_preview(
            plan=plan, rows=parsed.rows, plan_slug=options["plan"], plan_name=options["plan_name"],
            errors=parsed.errors, warnings=parsed.warnings,
        )
        if preview.errors:
            self._fail(preview.errors, warnings=preview.warnings)
        self.stdout.write(preview.summary())
        for line in plan_preview_lines(preview):
            self.stdout.write(line)
        if not preview.has_changes:
            self.stdout.write("Nothing to do: the plan already matches this file.")
            return
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was changed.")
            return
        try:
            version = plan_import_apply(preview=preview, label=options["label"], file_name=path.name, user=user)
        except ImportFileError as error:
            self._fail(error.problems)
        self.stdout.write(f'Recorded version "{version.label}" of {version.plan}.')

    def _read(self, path: Path) -> bytes:
        try:
            return read_upload_bytes(path)
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror})") from None

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None

    def _fail(self, problems, warnings=()):
        for problem in problems:
            self.stderr.write(f"error: {problem}")
        for problem in warnings:
            self.stderr.write(f"warning: {problem}")
        raise CommandError(f"{len(problems)} error(s): nothing was changed.")
