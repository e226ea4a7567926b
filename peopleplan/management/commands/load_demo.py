from django.core.management.base import BaseCommand
from django.db import transaction

from actions.reference.load import load_plan, load_trust, review_items
from actions.services import ensure_responses
from peopleplan.demo.reports import create_demo_reports
from peopleplan.demo.system import ensure_demo_tree
from peopleplan.demo.updates import add_illustrative_updates
from peopleplan.demo.users import DEMO_PASSWORD, create_demo_users, ensure_other_trust


class Command(BaseCommand):
    help = (
        "Load the NHS People Plan 2020/21, the demo trust's v3 tracker, a second trust, the demo region, "
        "its systems and generated member trusts, demo users and a few illustrative progress updates. "
        "Idempotent: running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-updates",
            action="store_true",
            help="Skip the illustrative progress updates and the issued demo board report.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        plan, plan_result = load_plan()
        self.stdout.write(f"plan {plan.slug}: {plan_result}")
        trust, trust_result = load_trust()
        self.stdout.write(f"trust {trust.ods_code}: {trust_result}")
        other = ensure_other_trust()
        created = ensure_responses(organisation=other, plan=plan)
        self.stdout.write(f"trust {other.ods_code}: created={created} responses")
        tree = ensure_demo_tree(plan=plan, demo_trust=trust, other_trust=other)
        self.stdout.write(f"demo tree: {tree}")
        users = create_demo_users(home=trust)
        if not options["no_updates"]:
            added = add_illustrative_updates(organisation=trust, user=users["hr.lead"])
            self.stdout.write(f"illustrative updates added={added}")
            reports = create_demo_reports(trust, users["secretary"], plan=plan)
            self.stdout.write(f"demo board report: {reports[0].title}")
        review = review_items()
        if review:
            self.stdout.write(f"{len(review)} owner token(s) in the tracker need review:")
            for item in review:
                suggestion = " + ".join(item["suggestion"]) or "no suggestion"
                self.stdout.write(
                    f"  line {item['line']}, column {item['column']}: {item['token']!r} -> {suggestion} "
                    f"({item['reason']})"
                )
        self.stdout.write(f"demo users: {', '.join(users)} (password: {DEMO_PASSWORD})")
