from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from actions.models import Plan
from actions.reference.load import load_plan, load_plans_2023, load_trust, review_items
from actions.services import ensure_responses
from owners.models import Organisation
from peopleplan.demo.front_sheet import ensure_front_sheet_lists
from peopleplan.demo.owner_emails import add_demo_owner_emails
from peopleplan.demo.reports import create_demo_reports, create_demo_strategy_update
from peopleplan.demo.system import ensure_demo_tree
from peopleplan.demo.updates import add_illustrative_updates
from peopleplan.demo.users import DEMO_PASSWORD, create_demo_users, create_national_admin, ensure_other_trust
from peopleplan.models import DemoData


class Command(BaseCommand):
    help = (
        "Load the NHS People Plan 2020/21, the demo trust's v3 tracker, the NHS EDI improvement plan 2023 and "
        "the trust's own WDES and WRES plans, a second trust, the demo region, its systems and generated member "
        "trusts, demo users and a few illustrative progress updates. Creates only what is missing and never "
        "changes what exists; once the demo has been loaded into a database it is never loaded again (a deleted "
        "demo account stays deleted)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-updates",
            action="store_true",
            help="Skip the illustrative progress updates, the issued demo board report and the demo national "
            "administrator (a superuser).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into an empty database (no plan, no organisation): what `make run` does.",
        )

    def handle(self, *args, **options):
        marker = DemoData.objects.select_related("organisation").first()
        if marker:
            self.already_loaded(marker)
            return
        if options["if_empty"] and (Plan.objects.exists() or Organisation.objects.exists()):
            self.stdout.write(
                "The database already holds data: the demo was not loaded (make run loads it only into an "
                "empty database; python manage.py load_demo adds what is missing without changing anything)."
            )
            return
        self.load(with_updates=not options["no_updates"])

    def already_loaded(self, marker):
        ods = marker.organisation.ods_code if marker.organisation else "(deleted)"
        self.stdout.write(
            f"Demo data already loaded on {timezone.localtime(marker.loaded_at):%-d %B %Y %H:%M}: nothing created "
            "or changed (load_demo never loads it twice; a deleted demo account stays deleted)."
        )
        self.stdout.write("plan people-plan-2020-21: created=0 updated=0 (skipped)")
        self.stdout.write(f"trust {ods}: created=0 updated=0 (skipped)")

    @transaction.atomic
    def load(self, *, with_updates: bool):
        plan, plan_result = load_plan()
        self.stdout.write(f"plan {plan.slug}: {plan_result}")
        trust, trust_result = load_trust()
        self.stdout.write(f"trust {trust.ods_code}: {trust_result}")
        for load in load_plans_2023(respond=trust):
            verb = "imported" if load.applied else "already loaded"
            self.stdout.write(f"plan {load.plan.slug} ({verb}): {load.summary}")
            for warning in load.warnings:
                self.stdout.write(f"  needs review: {warning}")
        objectives, risks = ensure_front_sheet_lists(trust)
        self.stdout.write(f"trust {trust.ods_code}: {len(objectives)} strategic objectives, {len(risks)} BAF risks")
        other = ensure_other_trust()
        created = ensure_responses(organisation=other, plan=plan)
        self.stdout.write(f"trust {other.ods_code}: created={created} responses")
        tree = ensure_demo_tree(plan=plan, demo_trust=trust, other_trust=other)
        self.stdout.write(f"demo tree: {tree}")
        users = create_demo_users(home=trust)
        self.stdout.write(f"demo owner e-mail addresses added={add_demo_owner_emails(organisation=trust)}")
        # Illustrative updates change statuses: only ever on a demo trust made by this run.
        if with_updates and trust_result.new_organisation:
            self.load_reports(trust, users)
        DemoData.objects.create(organisation=trust, with_updates=with_updates)
        self.review()
        self.stdout.write(f"demo users: {', '.join(users)} (password: {DEMO_PASSWORD})")

    def load_reports(self, trust, users):
        users["national.admin"] = create_national_admin(home=trust)
        added = add_illustrative_updates(organisation=trust, user=users["hr.lead"])
        self.stdout.write(f"illustrative updates added={added}")
        reports = create_demo_reports(trust, users["secretary"])
        self.stdout.write(f"demo board report: {reports[0].title}")
        draft = create_demo_strategy_update(trust, users["secretary"])
        self.stdout.write(f"demo draft report over {draft.plans.count()} plans: {draft.title}")

    def review(self):
        review = review_items()
        if review:
            self.stdout.write(f"{len(review)} owner token(s) in the tracker need review:")
            for item in review:
                suggestion = " + ".join(item["suggestion"]) or "no suggestion"
                self.stdout.write(
                    f"  line {item['line']}, column {item['column']}: {item['token']!r} -> {suggestion} "
                    f"({item['reason']})"
                )
