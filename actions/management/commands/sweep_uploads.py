"""python manage.py sweep_uploads — remove uploads kept for a preview that has expired."""

from django.core.management.base import BaseCommand

from actions.imports.uploads import sweep_expired


class Command(BaseCommand):
    help = "Remove uploaded files whose preview has expired (also done on every new upload). Safe to schedule."

    def handle(self, *args, **options):
        self.stdout.write(f"removed={sweep_expired()}")
