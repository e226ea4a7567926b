from django.core.management.base import BaseCommand, CommandError

from peopleplan.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `backup_data` into an empty database that `migrate` has just created "
        "(SQLite or PostgreSQL, either way round), in one transaction: all or nothing. A truncated or "
        "edited file, a newer format version or a database that is not empty is refused, changing nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file (.gz: gzipped).")
        parser.add_argument("--database", default="default", help="Database alias to restore into (default: default).")

    def handle(self, *args, **options):
        try:
            result = backup_restore(path=options["path"], using=options["database"])
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        counts = {label: rows for label, rows in result["counts"].items() if rows}
        for label, rows in counts.items():
            self.stdout.write(f"  {label}: {rows}")
        for field, links in result["many_to_many"].items():
            if links:
                self.stdout.write(f"  {field}: {links} links")
        header = result["header"]
        self.stdout.write(
            f"restored {sum(counts.values())} rows of {len(counts)} models, "
            f"{sum(result['many_to_many'].values())} many-to-many links and {result['files']} files "
            f"from {options['path']} (written {header.get('created_at')} from {header.get('database')}, "
            f"format version {header['format_version']})"
        )
