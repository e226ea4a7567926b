"""``python manage.py send_reminders [--organisation ODS] [--date YYYY-MM-DD] [--dry-run]`` — see reminders.services."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from owners.models import Organisation
from reminders.services import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each owner the actions that are overdue, due soon or without a recent update, on their "
        "organisation's reminder day, and each organisation's HR leads a digest. Safe to run on every app "
        "server at once and to run again: nobody gets a message twice. Last line: "
        "sent=N skipped=N no_address=N failed=N."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", metavar="ODS", help="Only this organisation (its ODS code).")
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="Run as if it were this day (default: today).")
        parser.add_argument("--dry-run", action="store_true", help="Print who would get what; send nothing.")

    def handle(self, *args, **options):
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(ods_code__iexact=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"No organisation with ODS code {options['organisation']!r}.")
        try:
            on = datetime.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date {options['date']!r} is not a date like 2026-12-01.") from None
        verbose = options["dry_run"] or options["verbosity"] >= 1
        totals = reminders_send(
            on=on,
            organisation=organisation,
            dry_run=options["dry_run"],
            report=self.stdout.write if verbose else (lambda line: None),
        )
        self.stdout.write(totals.line)
