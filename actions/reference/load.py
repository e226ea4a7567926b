"""Load the shipped reference data from ``fixtures/`` into the database, idempotently.

``fixtures/people-plan-2020-21.json`` is the national plan (from the national summary);
``fixtures/demo-trust-ccs.json`` is the demo trust's local response (from its
"v3 FINAL UPDATED" tracker). The 2023 plans (``fixtures/demo-plans-2023.json``: the NHS EDI
improvement plan, and the demo trust's own WDES and WRES plans) arrive as import files, loaded
through the plan import an administrator uses (``actions.imports.plans.kind.PLAN_IMPORT``).
All are regenerated from ``fixtures/source/`` by ``python manage.py build_fixtures``. Running the
loader twice changes nothing: rows are matched on their natural keys, a response's owners and
checklist are only written when the response is first created, and a 2023 plan is imported only
when it does not exist yet, so local edits are never overwritten.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

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
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"created={self.created} updated={self.updated} unchanged={self.unchanged}"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _sync(model, lookup: dict, values: dict, result: LoadResult):
    """get_or_create by ``lookup``; update only the fields that differ; count what happened."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if created:
        result.created += 1
        return obj
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.save(update_fields=changed)
        result.updated += 1
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
    plan = _sync(
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
    version, _ = PlanVersion.objects.get_or_create(plan=plan, label=data["version"]["label"])
    total = 0
    for theme_row in data["themes"]:
        theme = _sync(Theme, {"plan": plan, "number": theme_row["number"]}, {"name": theme_row["name"]}, result)
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
    if version.added != total and not version.changed and not version.withdrawn:
        version.added = total
        version.save(update_fields=["added"])
    return plan, result


@transaction.atomic
def load_trust(path: Path = TRUST_FIXTURE) -> tuple[Organisation, LoadResult]:
    """Load the demo trust's organisation, owners, responses, local actions and checklists."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    result = LoadResult()
    org_meta = data["organisation"]
    organisation = _sync(
        Organisation, {"ods_code": org_meta["ods_code"]}, {"name": org_meta["name"], "kind": org_meta["kind"]}, result
    )
    plan = Plan.objects.get(slug=data["plan"])
    themes = {t.number: t for t in plan.themes.all()}
    owners = {}
    for row in data["owners"]:
        owners[row["initials"]] = _sync(
            Owner, {"organisation": organisation, "initials": row["initials"]}, {"is_group": row["is_group"]}, result
        )
    for row in data["local_actions"]:
        _sync(
            Action,
            {"theme": themes[row["theme"]], "ref": row["ref"], "organisation": organisation},
            _action_values(row) | {"audience": "employer"},
            result,
        )
    actions = {
        (a.theme.number, a.ref): a
        for a in Action.objects.filter(theme__plan=plan).visible_to(organisation).select_related("theme")
    }
    for row in data["responses"]:
        action = actions[(row["theme"], row["ref"])]
        response, created = Response.objects.get_or_create(
            organisation=organisation,
            action=action,
            defaults={"status": row["status"], "local_who": row.get("local_who", "")},
        )
        if not created:
            result.unchanged += 1
            continue
        result.created += 1
        ResponseOwner.objects.bulk_create(
            ResponseOwner(response=response, owner=owners[initials], is_lead=(i == 0), order=i)
            for i, initials in enumerate(row["owners"])
        )
        AdditionalAction.objects.bulk_create(
            AdditionalAction(response=response, text=text, order=i) for i, text in enumerate(row["checklist"], 1)
        )
    return organisation, result


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
        _sync(
            Plan,
            {"slug": meta["slug"]},
            {"short_name": meta["short_name"], "source": meta["source"][:300]},
            LoadResult(),
        )
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
