"""python manage.py import_responses PATH [--organisation ODS] [--user USERNAME] [--dry-run]"""

from django.core.management.base import CommandError

from actions.imports.command import ImportCommand
from actions.imports.responses.kind import RESPONSE_IMPORT
from owners.access import organisation_for
from owners.commands import organisation_from_option


class Command(ImportCommand):
    help = (
        "Import offline updates (Status, Latest update, Local owners, Additional actions) from the board "
        "workbook or its CSV, as progress updates. A blank cell means no change. Any error: nothing changes."
    )
    kind = RESPONSE_IMPORT

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--organisation", help="ODS code (default: the user's organisation, or the only one with responses)."
        )

    def kind_options(self, options, user):
        return {"organisation": self.organisation(options["organisation"], user).pk}

    def organisation(self, ods, user):
        if ods:
            organisation = organisation_from_option(ods)
            if user is not None and organisation_for(user) not in (None, organisation):
                raise CommandError(f"{user} is not a member of {organisation}.")
            return organisation
        if user is not None and organisation_for(user):
            return organisation_for(user)
        return organisation_from_option(None)
