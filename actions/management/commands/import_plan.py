"""python manage.py import_plan PATH --label LABEL [--plan SLUG] [--plan-name NAME] [--organisation ODS] [--dry-run]
[--user USERNAME]

``--organisation ODS``: the plan is that organisation's own local plan (a new slug creates it; an
existing one must be that organisation's). Without it the plan is national.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.validators import validate_slug

from actions.imports.command import ImportCommand
from actions.imports.plans.kind import DEFAULT_PLAN_SLUG, PLAN_IMPORT
from actions.models import Plan
from actions.validation import LABEL_MAX
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
        label = " ".join((options["label"] or "").split())
        if not options["dry_run"] and not label:
            raise CommandError('--label is required, e.g. --label "v4 FINAL 1 October 2020" (or use --dry-run)')
        if len(label) > LABEL_MAX:
            raise CommandError(f"--label is {len(label)} characters long: at most {LABEL_MAX}.")
        if len(options["plan_name"]) > LABEL_MAX:
            raise CommandError(f"--plan-name is {len(options['plan_name'])} characters long: at most {LABEL_MAX}.")
        slug, limit = options["plan"], Plan._meta.get_field("slug").max_length
        try:
            validate_slug(slug)
        except ValidationError:
            raise CommandError(
                f"--plan {slug[:80]!r} is not a slug: use lowercase letters, numbers and hyphens, "
                "e.g. people-plan-2020-21."
            ) from None
        if len(slug) > limit:
            raise CommandError(f"--plan is {len(slug)} characters long: at most {limit}.")
        ods = organisation_from_option(options["organisation"]).ods_code if options["organisation"] else ""
        return {"plan_slug": slug, "plan_name": options["plan_name"], "label": label, "organisation": ods}
