"""Builders for the roll-up tests: more member trusts in a system, generated as the demo's are."""

from actions.models import Plan
from owners.models import Organisation
from peopleplan.demo.generated import generate_responses


def add_member_trusts(system, n, *, prefix="ZX"):
    """``n`` more trusts in ``system``, each with generated responses, owners, checklists and updates."""
    plan = Plan.objects.get(slug="people-plan-2020-21")
    trusts = Organisation.objects.bulk_create(
        Organisation(name=f"Test Member Trust {i:03d}", ods_code=f"{prefix}{i:03d}", kind="trust", parent=system)
        for i in range(1, n + 1)
    )
    for trust in trusts:
        generate_responses(organisation=trust, plan=plan)
    return trusts
