"""python manage.py load_plan — the NHS People Plan 2020/21 as shipped in fixtures/, without the demo."""

from django.core.management.base import BaseCommand
from django.db import transaction

from actions.reference.load import load_plan
from actions.services import ensure_responses, responding_organisations


class Command(BaseCommand):
    help = (
        "Load the NHS People Plan 2020/21 (9 themes, 101 actions) from the shipped fixture: what is missing is "
        "created, nothing existing is changed; every organisation already set up gets its responses."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        plan, result = load_plan()
        responses = sum(ensure_responses(organisation=o, plan=plan) for o in responding_organisations())
        self.stdout.write(f"plan {plan.slug}: {result}; responses created={responses}")
