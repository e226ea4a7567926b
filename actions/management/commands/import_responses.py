"""python manage.py import_responses PATH [--organisation ODS] [--user USERNAME] [--dry-run]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from actions.imports.reading.problems import ImportFileError
from actions.imports.reading.reader import read_upload_bytes
from actions.imports.responses.compare import read_response_file, response_import_apply, response_import_preview
from actions.imports.preview_text import response_preview_lines
from owners.access import organisation_for
from owners.models import Organisation


class Command(BaseCommand):
    help = (
        "Import offline updates (Status, Latest update, Local owners, Additional actions) from the board "
        "workbook or its CSV, as progress updates. A blank cell means no change. Any error: nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The edited board workbook (.xlsx) or progress CSV.")
        parser.add_argument("--organisation", help="ODS code (default: the user's organisation, or the only one with responses).")
        parser.add_argument("--user", help="Username the updates are attributed to.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; change nothing.")

    def handle(self, *args, **options):
        path = Path(options["path"])
        user = self._user(options["user"])
        organisation = self._organisation(options["organisation"], user)
        try:
            data = read_upload_bytes(path)
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror})") from None
        try:
            rows = read_response_file(data=data, file_name=path.name)
        except ImportFileError as error:
            self._fail(error.problems)
        preview = response_import_preview(organisation=organisation, rows=rows, file_name=path.name)
        if preview.errors:
            self._fail(preview.errors)
        self.stdout.write(preview.summary())
        for line in response_preview_lines(preview):
            self.stdout.write(line)
        if not preview.changes:
            self.stdout.write("Nothing to do: every action already matches this file.")
            return
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was changed.")
            return
        try:
            response_import_apply(preview=preview, user=user)
        except ImportFileError as error:
            self._fail(error.problems)
        self.stdout.write(f"Updated {len(preview.changes)} action(s) of {organisation}.")

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None

    def _organisation(self, ods, user):
        if ods:
            try:
                organisation = Organisation.objects.get(ods_code=ods)
            except Organisation.DoesNotExist:
                raise CommandError(f"No organisation with ODS code {ods!r}.") from None
            if user is not None and organisation_for(user) not in (None, organisation):
                raise CommandError(f"{user} is not a member of {organisation}.")
            return organisation
        if user is not None and organisation_for(user):
            return organisation_for(user)
        with_responses = Organisation.objects.filter(responses__isnull=False).distinct()
        if with_responses.count() != 1:
            codes = ", ".join(with_responses.values_list("ods_code", flat=True)) or "none"
            raise CommandError(f"Name the organisation with --organisation ODS (organisations with responses: {codes}).")
        return with_responses.get()

    def _fail(self, problems):
        for problem in problems:
            self.stderr.write(f"error: {problem}")
        raise CommandError(f"{len(problems)} error(s): nothing was changed.")
