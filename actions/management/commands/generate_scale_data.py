"""``python manage.py generate_scale_data --organisations N --updates-per-response K [--seed S]``.

Synthetic trusts at deployment scale for benchmarks; see :mod:`actions.scale_data`.
``--plan-actions N --output PATH`` instead writes a synthetic plan CSV of N actions.
"""

from django.core.management.base import BaseCommand, CommandError

from actions.scale_data import generate, write_plan_csv


class Command(BaseCommand):
    help = "Generate synthetic trusts, owners, HR leads, responses, checklists and progress updates in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=1, help="Trusts BT0001… to make sure exist.")
        parser.add_argument("--updates-per-response", type=int, default=24)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--local-actions", type=int, default=19, help="Local-only actions per trust.")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--plan-actions", type=int, help="Write a synthetic plan CSV of N actions instead.")
        parser.add_argument("--output", help="Where --plan-actions writes its CSV.")

    def handle(self, *args, **options):
        if options["plan_actions"]:
            if not options["output"]:
                raise CommandError("--plan-actions needs --output PATH.")
            write_plan_csv(options["output"], actions=options["plan_actions"], seed=options["seed"])
            self.stdout.write(f"actions={options['plan_actions']} written to {options['output']}")
            return
        if options["organisations"] < 0 or options["updates_per_response"] < 0:
            raise CommandError("--organisations and --updates-per-response must not be negative.")
        progress = self.stderr.write if options["verbosity"] > 1 else None
        result = generate(
            organisations=options["organisations"],
            updates_per_response=options["updates_per_response"],
            seed=options["seed"],
            local_actions=options["local_actions"],
            batch_size=options["batch_size"],
            progress=progress,
        )
        self.stdout.write(str(result))
