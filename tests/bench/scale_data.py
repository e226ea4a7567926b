"""Synthetic data at deployment scale, for benchmarks (``python -m tests.bench.generate``).

Deterministic: organisation *i* is built from its own ``random.Random(f"{seed}-{i}")``,
so growing a dataset from 1 to 220 organisations gives exactly the rows a fresh
220-organisation run gives. Organisations are matched on their ODS code
(``BT0001``…), so running again only adds the ones that are missing.

Everything is inserted in bulk (``bulk_create`` in batches; PostgreSQL ``COPY`` for
progress updates). Bulk inserts send no signals, so django-simple-history writes no
history rows for generated data: history records what users change, and generated
rows were never changed by anyone.
"""

import csv
import datetime
import io
import random
import sys
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from actions.models import Action, AdditionalAction, Plan, ProgressUpdate, Response, ResponseOwner, Status, Theme
from actions.reference.load import load_plan
from actions.services import default_status
from owners.models import Membership, Organisation, Owner
from peopleplan.roles import HR_LEAD, ensure_roles

PLAN_SLUG = "people-plan-2020-21"
BENCH_PASSWORD = "people-plan-bench"  # generated HR leads' password; benchmark data only
ODS_PREFIX = "BT"
SYSTEM_PREFIX = "BS"
TRUSTS_PER_SYSTEM = 10
GROUP_OWNERS = ["Wider exec", "HRBPs", "All"]
INITIALS_PER_ORGANISATION = 15
UPDATE_YEARS = 4
# A spread like the demo trust's tracker part-way through a plan.
STATUS_WEIGHTS = {
    Status.NOT_STARTED: 10,
    Status.ON_TRACK: 35,
    Status.AT_RISK: 15,
    Status.OFF_TRACK: 7,
    Status.COMPLETE: 25,
    Status.NFA: 5,
    Status.NOT_APPLICABLE: 3,
}
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
    "Run a staff survey pulse check",
    "Train line managers",
]


@dataclass
class ScaleResult:
    organisations: int = 0
    owners: int = 0
    users: int = 0
    responses: int = 0
    response_owners: int = 0
    checklist_items: int = 0
    updates: int = 0
    seconds: float = 0.0
    counts: dict = field(default_factory=dict)

    def __str__(self):
        return (
            f"organisations={self.organisations} owners={self.owners} users={self.users} "
            f"responses={self.responses} response_owners={self.response_owners} "
            f"checklist_items={self.checklist_items} updates={self.updates} seconds={self.seconds:.1f}"
        )


def ods_code(index: int) -> str:
    return f"{ODS_PREFIX}{index:04d}"


def hr_lead_username(index: int) -> str:
    return f"hr.{ods_code(index).lower()}"


def _initials(rng: random.Random, count: int) -> list[str]:
    letters = "ABCDEFGHJKLMNPRSTW"
    chosen: list[str] = []
    while len(chosen) < count:
        token = rng.choice(letters) + rng.choice(letters)
        if token not in chosen:
            chosen.append(token)
    return chosen


def _plan() -> Plan:
    plan = Plan.objects.filter(slug=PLAN_SLUG).first()
    return plan if plan is not None else load_plan()[0]


def _systems(indexes) -> dict[int, Organisation]:
    """One integrated care system per TRUSTS_PER_SYSTEM trusts, created when missing."""
    numbers = sorted({(i - 1) // TRUSTS_PER_SYSTEM + 1 for i in indexes})
    codes = {n: f"{SYSTEM_PREFIX}{n:03d}" for n in numbers}
    existing = {o.ods_code: o for o in Organisation.objects.filter(ods_code__in=codes.values())}
    missing = [
        Organisation(name=f"Bench Integrated Care System {n:03d}", ods_code=code, kind=Organisation.Kind.SYSTEM)
        for n, code in codes.items()
        if code not in existing
    ]
    for org in Organisation.objects.bulk_create(missing):
        existing[org.ods_code] = org
    return {n: existing[code] for n, code in codes.items()}


def _insert(model, objects, batch_size):
    """bulk_create, or COPY on PostgreSQL for progress updates (the one big table)."""
    if model is ProgressUpdate and connection.vendor == "postgresql":
        _copy_updates(objects)
        return
    model.objects.bulk_create(objects, batch_size=batch_size)


def _copy_updates(updates):
    columns = ["response_id", "date", "author_id", "status", "note", "evidence_url", "created_at"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    now = timezone.now().isoformat()
    for u in updates:
        writer.writerow([u.response_id, u.date.isoformat(), u.author_id or "", u.status, u.note, u.evidence_url, now])
    buffer.seek(0)
    table = ProgressUpdate._meta.db_table
    with connection.cursor() as cursor:
        # FORCE_NOT_NULL: an empty note or evidence URL is '', not NULL.
        copy = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (note, evidence_url))"
        cursor.copy_expert(copy, buffer)


def _response_status(rng, action, organisation):
    status = default_status(action=action, organisation=organisation)
    if status == Status.FOR_NOTING:
        return status
    return rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]


def _local_due(rng, on):
    roll = rng.random()
    if roll < 0.10:  # due soon: within the next 30 days
        return on + datetime.timedelta(days=rng.randint(1, 30))
    if roll < 0.20:
        return on + datetime.timedelta(days=rng.randint(31, 400))
    if roll < 0.35:
        return on - datetime.timedelta(days=rng.randint(1, 700))
    return None


def _build_organisation(
    index,
    *,
    seed,
    plan,
    themes,
    national,
    local_actions,
    updates_per_response,
    on,
    system,
    hr_group,
    password,
    batch_size,
    result,
):
    """Insert one trust with its owners, HR lead, local actions and responses (children returned, not saved)."""
    rng = random.Random(f"{seed}-{index}")
    code = ods_code(index)
    organisation = Organisation.objects.create(
        name=f"Bench Trust {index:04d} NHS Foundation Trust",
        ods_code=code,
        kind=Organisation.Kind.TRUST,
        parent=system,
    )
    user = get_user_model().objects.create(
        username=hr_lead_username(index),
        password=password,
        first_name="HR",
        last_name=f"Lead {code}",
        email=f"{hr_lead_username(index)}@example.nhs.uk",
    )
    user.groups.add(hr_group)
    Membership.objects.create(user=user, organisation=organisation)
    initials = _initials(rng, INITIALS_PER_ORGANISATION)
    owners = Owner.objects.bulk_create(
        [Owner(organisation=organisation, initials=initials[0], name=f"HR Lead {code}", role=HR_LEAD, user=user)]
        + [Owner(organisation=organisation, initials=i) for i in initials[1:]]
        + [Owner(organisation=organisation, initials=g, is_group=True) for g in GROUP_OWNERS]
    )
    locals_ = Action.objects.bulk_create(
        Action(
            theme=rng.choice(themes),
            ref=900 + k,
            organisation=organisation,
            text=f"Local action {k} of {code}.",
            who="Local",
            audience="employer",
            timeline="",
            due_date=on + datetime.timedelta(days=rng.randint(-365, 365)),
        )
        for k in range(1, local_actions + 1)
    )
    responses = []
    for action in list(national) + locals_:
        status = _response_status(rng, action, organisation)
        responses.append(
            Response(
                organisation=organisation,
                action=action,
                status=status,
                local_due_date=_local_due(rng, on),
                local_who="/".join(rng.sample(initials, 2)) if rng.random() < 0.5 else "",
            )
        )
    Response.objects.bulk_create(responses, batch_size=batch_size)
    children = {"owners": [], "checklist": [], "updates": []}
    span = UPDATE_YEARS * 365
    for response in responses:
        if response.status != Status.FOR_NOTING:
            picked = rng.sample(owners, rng.randint(1, 3))
            children["owners"] += [
                ResponseOwner(response=response, owner=o, is_lead=(n == 0), order=n) for n, o in enumerate(picked)
            ]
        for n, text in enumerate(rng.sample(CHECKLIST, rng.randint(0, 4)), 1):
            children["checklist"].append(
                AdditionalAction(response=response, text=text, done=rng.random() < 0.4, order=n)
            )
        days = sorted(rng.randint(0, span) for _ in range(updates_per_response))
        for n, day in enumerate(days):
            last = n == len(days) - 1
            children["updates"].append(
                ProgressUpdate(
                    response=response,
                    date=on - datetime.timedelta(days=span - day),
                    author=user,
                    status=response.status if last else rng.choice(list(STATUS_WEIGHTS)),
                    note=rng.choice(NOTES),
                )
            )
    result.organisations += 1
    result.owners += len(owners)
    result.users += 1
    result.responses += len(responses)
    return children


def generate(
    *,
    organisations: int,
    updates_per_response: int,
    seed: int = 1,
    local_actions: int = 19,
    batch_size: int = 5000,
    orgs_per_transaction: int = 10,
    on: datetime.date | None = None,
    progress=None,
) -> ScaleResult:
    """Make sure trusts BT0001…BT{organisations} exist with their data; returns what was added."""
    started = time.monotonic()
    on = on or datetime.date(2024, 3, 31)  # fixed so the data does not depend on the day it is made
    plan = _plan()
    hr_group = ensure_roles()[HR_LEAD]
    themes = list(Theme.objects.filter(plan=plan).order_by("number"))
    national = list(
        Action.objects.filter(theme__plan=plan, organisation__isnull=True).active().order_by("theme__number", "ref")
    )
    existing = set(Organisation.objects.filter(ods_code__startswith=ODS_PREFIX).values_list("ods_code", flat=True))
    wanted = [i for i in range(1, organisations + 1) if ods_code(i) not in existing]
    systems = _systems(wanted) if wanted else {}
    password = make_password(BENCH_PASSWORD)  # hashed once, shared by every generated user
    result = ScaleResult()
    for start in range(0, len(wanted), orgs_per_transaction):
        chunk = wanted[start : start + orgs_per_transaction]
        with transaction.atomic():
            children = {"owners": [], "checklist": [], "updates": []}
            for index in chunk:
                built = _build_organisation(
                    index,
                    seed=seed,
                    plan=plan,
                    themes=themes,
                    national=national,
                    local_actions=local_actions,
                    updates_per_response=updates_per_response,
                    on=on,
                    system=systems[(index - 1) // TRUSTS_PER_SYSTEM + 1],
                    hr_group=hr_group,
                    password=password,
                    batch_size=batch_size,
                    result=result,
                )
                for key, rows in built.items():
                    children[key] += rows
            _insert(ResponseOwner, children["owners"], batch_size)
            _insert(AdditionalAction, children["checklist"], batch_size)
            _insert(ProgressUpdate, children["updates"], batch_size)
            result.response_owners += len(children["owners"])
            result.checklist_items += len(children["checklist"])
            result.updates += len(children["updates"])
        if progress:
            progress(f"{result.organisations}/{len(wanted)} organisations, {time.monotonic() - started:.1f}s")
    if connection.vendor == "postgresql" and wanted:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result.seconds = time.monotonic() - started
    return result


def write_plan_csv(path, *, actions: int, seed: int = 1) -> int:
    """A synthetic plan of ``actions`` actions over the nine People Plan themes, for import benchmarks.

    Columns: Theme, Ref, Action, Who, Timeline (the first columns of the stable CSV interface).
    """
    rng = random.Random(f"plan-{seed}-{actions}")
    theme_names = list(
        Theme.objects.filter(plan__slug=PLAN_SLUG).order_by("number").values_list("name", flat=True)
    ) or [f"Theme {n}" for n in range(1, 10)]
    whos = ["Employers", "Systems", "Employers and systems", "NHS England and NHS Improvement"]
    timelines = ["", "From April 2021", "By March 2022", "2021/22", "Ongoing"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Theme", "Ref", "Action", "Who", "Timeline"])
        for n in range(actions):
            theme = theme_names[n % len(theme_names)]
            ref = n // len(theme_names) + 1
            text = f"Synthetic action {n + 1}: {rng.choice(NOTES)}"
            writer.writerow([theme, ref, text, rng.choice(whos), rng.choice(timelines)])
    return actions


def main(argv=None, stdout=None) -> int:
    """``python -m tests.bench.generate --organisations N --updates-per-response K [--seed S]``, or
    ``--plan-actions N --output PATH`` for a synthetic plan CSV. Prints what it added."""
    import argparse

    stdout = stdout or sys.stdout
    parser = argparse.ArgumentParser(prog="python -m tests.bench.generate", description=main.__doc__.split(".")[0])
    parser.add_argument("--organisations", type=int, default=1, help="Trusts BT0001… to make sure exist.")
    parser.add_argument("--updates-per-response", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--local-actions", type=int, default=19, help="Local-only actions per trust.")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--plan-actions", type=int, help="Write a synthetic plan CSV of N actions instead.")
    parser.add_argument("--output", help="Where --plan-actions writes its CSV.")
    args = parser.parse_args(argv)
    if args.plan_actions:
        if not args.output:
            parser.error("--plan-actions needs --output PATH.")
        write_plan_csv(args.output, actions=args.plan_actions, seed=args.seed)
        print(f"actions={args.plan_actions} written to {args.output}", file=stdout)
        return 0
    if args.organisations < 0 or args.updates_per_response < 0:
        parser.error("--organisations and --updates-per-response must not be negative.")
    result = generate(
        organisations=args.organisations,
        updates_per_response=args.updates_per_response,
        seed=args.seed,
        local_actions=args.local_actions,
        batch_size=args.batch_size,
    )
    print(str(result), file=stdout)
    return 0
