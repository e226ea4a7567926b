"""python manage.py import_plan PATH --label LABEL [--plan SLUG] [--plan-name NAME] [--dry-run] [--user USERNAME]"""

from django.core.management.base import CommandError

from actions.imports.command import ImportCommand
from actions.imports.plans.kind import DEFAULT_PLAN_SLUG, PLAN_IMPORT


class Command(ImportCommand):
    help = (
        "Import a revised version of a plan (or a whole new plan) from .xlsx or .csv. Prints one line "
        "added=N changed=N withdrawn=N unchanged=N, then the details. Any error: nothing changes, exit status 1."
    )
    kind = PLAN_IMPORT

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--label", help='The version\'s label, e.g. "v4 FINAL 1 October 2020" (required unless --dry-run).'
        )
        parser.add_argument("--plan", default=DEFAULT_PLAN_SLUG, help="Plan slug; a new slug creates a new plan.")
        parser.add_argument("--plan-name", default="", help="Display name of a new plan (default: the slug).")

    def kind_options(self, options, user):
        if not options["dry_run"] and not (options["label"] or "").strip():
            raise CommandError('--label is required, e.g. --label "v4 FINAL 1 October 2020" (or use --dry-run)')
        return {"plan_slug": options["plan"], "plan_name": options["plan_name"], "label": options["label"] or ""}
