from django.core.management.base import BaseCommand, CommandError

from peopleplan.backup import FORMAT_VERSION, BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write a database-independent backup of everything the tracker holds (plans, organisations, users "
        "and roles, responses, board reports, history, stored files), with its format version, counts per "
        "model and a checksum. A name ending in .gz is gzipped. Restore with `manage.py restore_data PATH`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="File to write (written whole or not at all).")
        parser.add_argument("--database", default="default", help="Database alias to back up (default: default).")

    def handle(self, *args, **options):
        try:
            summary = backup_write(path=options["output"], using=options["database"])
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        counts = summary["counts"]
        if options["verbosity"] >= 2:
            for label, rows in counts.items():
                self.stdout.write(f"  {label}: {rows}")
        for name in summary["missing_files"]:
            self.stderr.write(f"warning: stored file {name} is missing from storage and is not in the backup")
        self.stdout.write(
            f"backup written to {options['output']}: {sum(counts.values())} rows of {len(counts)} models, "
            f"{summary['files']} files (format version {FORMAT_VERSION})"
        )
