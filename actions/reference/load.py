"""Load the shipped reference data from ``fixtures/`` into the database, idempotently.

``fixtures/people-plan-2020-21.json`` is the national plan (from the national summary);
``fixtures/demo-trust-ccs.json`` is the demo trust's local response (from its
"v3 FINAL UPDATED" tracker). Both are regenerated from ``fixtures/source/`` by
``python manage.py build_fixtures``. Running the loader twice changes nothing: rows
are matched on their natural keys and a response's owners and checklist are only
written when the response is first created, so local edits are never overwritten.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from actions.models import Action, AdditionalAction, Plan, PlanVersion, Response, ResponseOwner, Theme
from owners.models import Organisation, Owner

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
PLAN_FIXTURE = FIXTURES_DIR / "people-plan-2020-21.json"
TRUST_FIXTURE = FIXTURES_DIR / "demo-trust-ccs.json"


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
