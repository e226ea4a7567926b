"""Plausible generated responses for the demo system's other organisations (demo data only).

Deterministic: each response is drawn from its own ``random.Random`` seeded with the organisation's
ODS code and the action's theme and ref, so the same action always gets the same status, owners,
checklist and updates, however many are created at once; dates are relative to the day of loading,
so some actions are always overdue and some have had no update for over 90 days. Only actions the
organisation has no response to yet are generated (never an existing row rewritten); rows are
inserted in bulk, so — like the benchmark data — they have no history rows (nobody edited them).
"""

import datetime
import random

from django.utils import timezone

from actions.models import Action, AdditionalAction, ProgressUpdate, Response, ResponseOwner, Status
from actions.services import default_status
from owners.models import Owner

# A spread like a trust part-way through the plan.
STATUS_WEIGHTS = {
    Status.NOT_STARTED: 12,
    Status.ON_TRACK: 34,
    Status.AT_RISK: 14,
    Status.OFF_TRACK: 8,
    Status.COMPLETE: 24,
    Status.NFA: 5,
    Status.NOT_APPLICABLE: 3,
}
GROUP_OWNERS = ["HRBPs", "Wider exec"]
# The system's people team: JP is the demo ICS HR lead (``ics.hr``).
OWNER_INITIALS = {"QUE": ["JP", "KM", "SR", "TW"]}
NOTES = [
    "Discussed at the people committee; actions agreed.",
    "Policy drafted and out for consultation with staff side.",
    "Pilot running in two divisions; feedback due next month.",
    "Delayed by operational pressures; revised timeline proposed.",
    "Training sessions delivered to line managers.",
    "Data reviewed with the workforce team; gaps identified.",
    "Recruitment to the lead post under way.",
    "Completed and evidenced in the annual report.",
]
CHECKLIST = [
    "Review and refresh the policy",
    "Promote the offer through internal communications",
    "Report progress to the people committee",
    "Agree funding with the finance team",
    "Train line managers",
]


def _owners(organisation) -> list[Owner]:
    rng = random.Random(f"{organisation.ods_code}-owners")
    initials = OWNER_INITIALS.get(organisation.ods_code)
    if initials is None:
        letters = "ABCDEFGHJKLMNPRSTW"
        initials = sorted({rng.choice(letters) + rng.choice(letters) for _ in range(8)})
    owners = [Owner.objects.get_or_create(organisation=organisation, initials=i)[0] for i in initials]
    groups = [
        Owner.objects.get_or_create(organisation=organisation, initials=g, defaults={"is_group": True})[0]
        for g in GROUP_OWNERS
    ]
    return owners + groups


def _status(rng, action, organisation) -> str:
    status = default_status(action=action, organisation=organisation)
    if status == Status.FOR_NOTING:
        return status
    return rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]


def _local_due(rng, status, today):
    """Most open actions get a local date: about a fifth of them already past (overdue)."""
    if status in Status.closed() or rng.random() < 0.25:
        return None
    return today + datetime.timedelta(days=rng.randint(-150, 420))


def _children(rng, response, owners, today) -> dict:
    """Owners (one lead), checklist items and dated progress updates of one new response."""
    rows = {"owners": [], "checklist": [], "updates": []}
    if response.status == Status.FOR_NOTING:
        return rows
    for order, owner in enumerate(rng.sample(owners, rng.randint(1, 2))):
        rows["owners"].append(ResponseOwner(response=response, owner=owner, is_lead=order == 0, order=order))
    for order, text in enumerate(rng.sample(CHECKLIST, rng.randint(0, 2)), 1):
        rows["checklist"].append(AdditionalAction(response=response, text=text, done=rng.random() < 0.4, order=order))
    if response.status == Status.NOT_STARTED:
        return rows
    days = sorted((rng.randint(3, 330) for _ in range(rng.randint(1, 3))), reverse=True)
    for n, days_ago in enumerate(days):
        last = n == len(days) - 1
        rows["updates"].append(
            ProgressUpdate(
                response=response,
                date=today - datetime.timedelta(days=days_ago),
                status=response.status if last else rng.choice([Status.ON_TRACK, Status.AT_RISK]),
                note=rng.choice(NOTES),
            )
        )
    return rows


def generate_responses(*, organisation, plan, today: datetime.date | None = None) -> int:
    """Responses, with owners, checklists and updates, to every action of ``plan`` the organisation
    answers (``ActionQuerySet.owed_by``) and has no response to yet. Returns how many were made."""
    today = today or timezone.localdate()
    existing = set(Response.objects.filter(organisation=organisation).values_list("action_id", flat=True))
    actions = [
        a
        for a in Action.objects.filter(theme__plan=plan).owed_by(organisation).active().select_related("theme")
        if a.pk not in existing
    ]
    if not actions:
        return 0
    owners = _owners(organisation)
    made = []
    for action in actions:
        rng = random.Random(f"{organisation.ods_code}-{plan.slug}-{action.theme.number}-{action.ref}")
        status = _status(rng, action, organisation)
        response = Response(
            organisation=organisation, action=action, status=status, local_due_date=_local_due(rng, status, today)
        )
        made.append((rng, response))
    Response.objects.bulk_create([response for _, response in made])
    rows = {"owners": [], "checklist": [], "updates": []}
    for rng, response in made:
        for key, values in _children(rng, response, owners, today).items():
            rows[key] += values
    ResponseOwner.objects.bulk_create(rows["owners"])
    AdditionalAction.objects.bulk_create(rows["checklist"])
    ProgressUpdate.objects.bulk_create(rows["updates"])
    return len(made)
