"""Load the shipped reference data from ``fixtures/`` into the database: create what is missing,
never change what exists.

``fixtures/people-plan-2020-21.json`` is the national plan (from the national summary);
``fixtures/demo-trust-ccs.json`` is the demo trust's local response (from its
"v3 FINAL UPDATED" tracker). The 2023 plans (``fixtures/demo-plans-2023.json``: the NHS EDI
improvement plan, and the demo trust's own WDES and WRES plans) arrive as import files, loaded
through the plan import an administrator uses (``actions.imports.plans.kind.PLAN_IMPORT``), and
only when they do not exist yet. All are regenerated from ``fixtures/source/`` by
``python manage.py build_fixtures``. Rows are matched on their natural keys (the demo trust by
its ODS code, else its name, so a changed ODS code is not a new trust); an existing plan, theme,
action, organisation, owner or response is never rewritten, so users' edits (a renamed trust,
a theme renamed by a plan version, a changed owner) always stay. New responses, their owners and
checklists are recorded in the history, all at one moment.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actions.imports import flow
from actions.imports.plans.kind import PLAN_IMPORT
from actions.models import Action, AdditionalAction, Plan, PlanVersion, Response, ResponseOwner, Theme
from actions.services import ensure_responses, response_record_update
from owners.models import Organisation, Owner

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
PLAN_FIXTURE = FIXTURES_DIR / "people-plan-2020-21.json"
TRUST_FIXTURE = FIXTURES_DIR / "demo-trust-ccs.json"
PLANS_2023_FIXTURE = FIXTURES_DIR / "demo-plans-2023.json"


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0  # always 0: the loader never changes an existing row (kept for the output's shape)
    unchanged: int = 0
    new_organisation: bool = False

    def __str__(self):
        return f"created={self.created} updated={self.updated} unchanged={self.unchanged}"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _ensure(model, lookup: dict, values: dict, result: LoadResult):
    """get_or_create by ``lookup``; an existing row is left exactly as it is. Counts what happened."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if created:
        result.created += 1
    else:
        result.unchanged += 1
    return obj


def _action_values(row):
    return {
        "text": row["text"],
        "who": row["who"],
        "timeline": row["timeline"],
        "start_date": _date(row["start_date"]),
        "due_date": _date(row["due_date"]),
        "timeline_readable": row["timeline_readable"],
    }


@transaction.atomic
def load_plan(path: Path = PLAN_FIXTURE) -> tuple[Plan, LoadResult]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    result = LoadResult()
    meta = data["plan"]
    plan = _ensure(
        Plan,
        {"slug": meta["slug"]},
        {
            "name": meta["name"],
            "short_name": meta.get("short_name", ""),
            "published": _date(meta.get("published")),
            "source": meta.get("source", ""),
        },
        result,
    )
    version, version_created = PlanVersion.objects.get_or_create(plan=plan, label=data["version"]["label"])
    total = 0
    for theme_row in data["themes"]:
        theme = _ensure(Theme, {"plan": plan, "number": theme_row["number"]}, {"name": theme_row["name"]}, result)
        for row in theme_row["actions"]:
            values = _action_values(row) | {"audience": row["audience"]}
            _action, created = Action.objects.get_or_create(
                theme=theme, ref=row["ref"], organisation=None, defaults=values | {"added_in": version}
            )
            total += 1
            # An existing action is never rewritten here: revised texts arrive as plan
            # versions through `import_plan`, which records each change.
            if created:
                result.created += 1
            else:
                result.unchanged += 1
    if version_created:
        version.added = total
        version.save(update_fields=["added"])
    return plan, result


@transaction.atomic
def load_trust(path: Path = TRUST_FIXTURE) -> tuple[Organisation, LoadResult]:
    """Load the demo trust's organisation, owners, responses, local actions and checklists (what is missing)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    result = LoadResult()
    organisation = _organisation(data["organisation"], result)
    plan = Plan.objects.get(slug=data["plan"])
    themes = {t.number: t for t in plan.themes.all()}
    owners = {}
    for row in data["owners"]:
        owners[row["initials"]] = _ensure(
            Owner, {"organisation": organisation, "initials": row["initials"]}, {"is_group": row["is_group"]}, result
        )
    for row in data["local_actions"]:
        _ensure(
            Action,
            {"theme": themes[row["theme"]], "ref": row["ref"], "organisation": organisation},
            _action_values(row) | {"audience": "employer"},
            result,
        )
    actions = {
        (a.theme.number, a.ref): a
        for a in Action.objects.filter(theme__plan=plan).visible_to(organisation).select_related("theme")
    }
    existing = set(Response.objects.filter(organisation=organisation).values_list("action_id", flat=True))
    rows = [row for row in data["responses"] if actions[(row["theme"], row["ref"])].pk not in existing]
    result.unchanged += len(data["responses"]) - len(rows)
    result.created += len(rows)
    _create_responses(organisation, rows, actions=actions, owners=owners)
    return organisation, result


def _organisation(meta: dict, result: LoadResult) -> Organisation:
    """The demo trust by its ODS code, else by its name (its code was changed), else a new one."""
    found = (
        Organisation.objects.filter(ods_code=meta["ods_code"]).first()
        or Organisation.objects.filter(name=meta["name"]).first()
    )
    if found:
        result.unchanged += 1
        return found
    result.created += 1
    result.new_organisation = True
    return Organisation.objects.create(name=meta["name"], ods_code=meta["ods_code"], kind=meta["kind"])


def _create_responses(organisation, rows, *, actions, owners) -> None:
    """New responses with their owners and checklists, recorded in the history at one moment."""
    moment = timezone.now()
    responses = bulk_create_with_history(
        [
            Response(
                organisation=organisation,
                action=actions[(row["theme"], row["ref"])],
                status=row["status"],
                local_who=row.get("local_who", ""),
            )
            for row in rows
        ],
        Response,
        default_date=moment,
    )
    by_action = {response.action_id: response for response in responses}
    links, items = [], []
    for row in rows:
        response = by_action[actions[(row["theme"], row["ref"])].pk]
        links += [
            ResponseOwner(response=response, owner=owners[initials], is_lead=(i == 0), order=i)
            for i, initials in enumerate(row["owners"])
        ]
        items += [AdditionalAction(response=response, text=text, order=i) for i, text in enumerate(row["checklist"], 1)]
    bulk_create_with_history(links, ResponseOwner, default_date=moment)
    bulk_create_with_history(items, AdditionalAction, default_date=moment)


def review_items(path: Path = TRUST_FIXTURE) -> list[dict]:
    """Owner tokens in the demo trust's tracker that need an administrator's review."""
    return json.loads(Path(path).read_text(encoding="utf-8"))["review"]


@dataclass
class PlanLoad:
    """What loading one import file did: the import's summary line and its warnings."""

    plan: Plan
    summary: str
    warnings: list
    applied: bool


@transaction.atomic
def load_plans_2023(*, respond: Organisation, path: Path = PLANS_2023_FIXTURE) -> list[PlanLoad]:
    """Import each 2023 plan that does not exist yet through the administrator's plan import; ``respond``
    (the demo trust) gets a response to the national ones; a local plan's first progress updates (its
    current positions) and checklists are written when the plan is first imported."""
    loads = []
    for meta in json.loads(Path(path).read_text(encoding="utf-8"))["plans"]:
        existing = Plan.objects.filter(slug=meta["slug"]).first()
        load = _import_plan_file(meta) if existing is None else _check_plan_file(meta, existing)
        if load.applied:  # a plan the import just made: its short name and source (never changed later)
            Plan.objects.filter(pk=load.plan.pk).update(short_name=meta["short_name"], source=meta["source"][:300])
            load.plan.refresh_from_db()
        if meta["organisation"] is None:
            ensure_responses(organisation=respond, plan=load.plan)
        elif load.applied:
            _first_positions(load.plan, meta["responses"])
        loads.append(load)
    return loads


def _options(meta) -> dict:
    return {
        "plan_slug": meta["slug"],
        "plan_name": meta["name"],
        "label": meta["version"],
        "organisation": meta["organisation"] or "",
    }


def _check(meta):
    data = (FIXTURES_DIR / meta["file"]).read_bytes()
    outcome = flow.check(PLAN_IMPORT, data=data, file_name=meta["file"], options=_options(meta))
    if outcome.problems:
        raise ValueError(f"{meta['file']}: " + "; ".join(str(problem) for problem in outcome.problems))
    return outcome


def _import_plan_file(meta) -> PlanLoad:
    outcome = _check(meta)
    applied = flow.apply(PLAN_IMPORT, outcome, file_name=meta["file"], options=_options(meta), user=None)
    if applied.problems:
        raise ValueError(f"{meta['file']}: " + "; ".join(str(problem) for problem in applied.problems))
    plan = Plan.objects.get(slug=meta["slug"])
    return PlanLoad(plan=plan, summary=outcome.preview.summary(), warnings=outcome.warnings, applied=True)


def _check_plan_file(meta, plan: Plan) -> PlanLoad:
    """An existing plan is left as it is: the file is only compared with it (a preview, nothing written)."""
    outcome = _check(meta)
    return PlanLoad(plan=plan, summary=outcome.preview.summary(), warnings=outcome.warnings, applied=False)


def _first_positions(plan: Plan, rows: list[dict]) -> None:
    """A local plan's first responses: the checklist, and the current position as the first progress update."""
    responses = {
        (r.action.theme.number, r.action.ref): r
        for r in Response.objects.filter(organisation=plan.organisation, action__theme__plan=plan).select_related(
            "action__theme"
        )
    }
    for row in rows:
        response = responses[(row["theme"], row["ref"])]
        AdditionalAction.objects.bulk_create(
            AdditionalAction(response=response, text=text, order=i) for i, text in enumerate(row["checklist"], 1)
        )
        if row["position"]:
            response_record_update(
                response=response,
                user=None,
                status=response.status,
                note=row["position"],
                date=_date(row["position_date"]),
            )
