"""python manage.py import_plan PATH --label LABEL [--plan SLUG] [--plan-name NAME] [--organisation ODS] [--dry-run]
[--user USERNAME]

``--organisation ODS``: the plan is that organisation's own local plan (a new slug creates it; an
existing one must be that organisation's). Without it the plan is national.
"""

from django.core.management.base import CommandError

from actions.imports.command import ImportCommand
from actions.imports.plans.kind import DEFAULT_PLAN_SLUG, PLAN_IMPORT
from owners.commands import organisation_from_option


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
        parser.add_argument(
            "--organisation", default="", help="ODS code: the plan is this organisation's own local plan."
        )

    def kind_options(self, options, user):
        if not options["dry_run"] and not (options["label"] or "").strip():
            raise CommandError('--label is required, e.g. --label "v4 FINAL 1 October 2020" (or use --dry-run)')
        ods = organisation_from_option(options["organisation"]).ods_code if options["organisation"] else ""
        return {
            "plan_slug": options["plan"],
            "plan_name": options["plan_name"],
            "label": options["label"] or "",
            "organisation": ods,
        }
