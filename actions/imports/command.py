"""The import commands' shared flow: read the file, preview, print, then apply unless ``--dry-run``.

``import_plan`` and ``import_responses`` subclass :class:`ImportCommand` and only say which import
kind they run and which options it gets. Output: the preview's summary line first, then its
details; any error goes to standard error with its sheet, row and column, nothing changes, and
the exit status is 1.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from actions.imports import flow
from actions.imports.reading.reader import read_upload_bytes


class ImportCommand(BaseCommand):
    kind: flow.ImportKind

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .xlsx or .csv file.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; change nothing.")
        parser.add_argument("--user", help="Username recorded as the importer.")

    def kind_options(self, options, user) -> dict:
        """The import kind's options from the command line (subclasses)."""
        raise NotImplementedError

    def handle(self, *args, **options):
        path = Path(options["path"])
        user = self.user(options["user"])
        kind_options = self.kind_options(options, user)
        try:
            data = read_upload_bytes(path)
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror})") from None
        outcome = flow.check(self.kind, data=data, file_name=path.name, options=kind_options)
        if outcome.problems:
            # A file that could not be read at all: the last line says which file and why.
            refusal = flow.refusal(self.kind, path.name, outcome.problems) if outcome.preview is None else ""
            self.fail(outcome.problems, warnings=outcome.warnings, refusal=refusal)
        self.stdout.write(outcome.preview.summary())
        for line in self.kind.lines(outcome.preview):
            self.stdout.write(line)
        if not outcome.preview.has_changes:
            self.stdout.write(self.kind.nothing_to_do)
            return
        if options["dry_run"]:
            self.stdout.write(
                f"Dry run: nothing was changed. The file would make: {self.kind.sentence(outcome.preview)}."
            )
            return
        outcome = flow.apply(self.kind, outcome, file_name=path.name, options=kind_options, user=user)
        if outcome.problems:
            self.fail(outcome.problems)
        self.stdout.write(self.kind.done(outcome.result, outcome.preview))

    def user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None

    def fail(self, problems, warnings=(), refusal=""):
        for problem in problems:
            self.stderr.write(f"error: {problem}")
        for problem in warnings:
            self.stderr.write(f"warning: {problem}")
        if refusal:
            raise CommandError(f"{refusal}: nothing was changed.")
        raise CommandError(f"{len(problems)} error(s): nothing was changed.")
