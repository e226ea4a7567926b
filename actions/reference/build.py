"""Build the shipped fixtures (``fixtures/*.json``, ``fixtures/*.csv``) from the source documents in
``fixtures/source/``.

Plain Python (stdlib only): :func:`write_fixtures` is what ``python manage.py build_fixtures``
and ``make fixtures`` run. The texts are read by :mod:`actions.plan_text.source_tables` (the People
Plan), :mod:`actions.plan_text.high_impact_actions` (the 2023 EDI improvement plan) and
:mod:`actions.plan_text.objective_tables` (the demo trust's WDES and WRES plans).

The 2023 plans are built as *import files* — the columns ``import_plan`` reads (Theme, Ref,
Action, Who, Timeline) — so that ``load_demo`` loads them through the administrator's own import;
``fixtures/demo-plans-2023.json`` says which plan each file is (and, for the trust's own plans,
each objective's current position and checklist).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from actions.plan_text.high_impact_actions import parse_high_impact_actions
from actions.plan_text.objective_tables import parse_objective_tables
from actions.plan_text.owner_tokens import GROUP_WORDS
from actions.plan_text.source_tables import parse_local_response, parse_national_summary
from actions.plan_text.timeline import read_timeline

NATIONAL_SOURCE = "fixtures/source/national-summary-2020-21.txt"
LOCAL_SOURCE = "fixtures/source/local-response-ccs-v3.txt"
PLAN_FIXTURE = "fixtures/people-plan-2020-21.json"
TRUST_FIXTURE = "fixtures/demo-trust-ccs.json"
PLAN = {
    "slug": "people-plan-2020-21",
    "name": "NHS People Plan 2020/21",
    "short_name": "People Plan 2020/21",
    "published": "2020-07-30",
    "source": "We are the NHS: People Plan for 2020/21 – action for us all (summary of actions)",
}
PLAN_VERSION_LABEL = "National summary, July 2020"
ORGANISATION = {"name": "Cambridgeshire Community Services NHS Trust", "ods_code": "RYV", "kind": "trust"}

EDI_SOURCE = "fixtures/source/edi-high-impact-actions-2023.txt"
LOCAL_PLANS_SOURCE = "fixtures/source/wdes-wres-2023-24.txt"
PLANS_2023_FIXTURE = "fixtures/demo-plans-2023.json"
EDI_PLAN = {
    "slug": "nhs-edi-improvement-plan-2023",
    "name": "NHS EDI improvement plan 2023",
    "short_name": "EDI plan 2023",
    "source": (
        "NHS equality, diversity, and inclusion improvement plan (2023): the six high-impact actions, "
        "as set out in the Bi-Annual People Strategy Update, Trust Board, 22 November 2023, section 3.12"
    ),
    "version": "Trust Board paper, 22 November 2023 (section 3.12)",
}
# The columns `import_plan` reads (actions.imports.plans.rows.REQUIRED), in this order.
IMPORT_COLUMNS = ["Theme", "Ref", "Action", "Who", "Timeline"]
# The EDI plan's actions are for every NHS organisation as an employer.
EDI_WHO = "Employers"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _timeline_fields(timeline: str) -> dict[str, Any]:
    reading = read_timeline(timeline)
    return {
        "timeline": timeline,
        "start_date": _iso(reading.start),
        "due_date": _iso(reading.due),
        "timeline_readable": reading.readable,
    }


def build_fixture_data(national_text: str, local_text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The plan fixture and the demo trust fixture, from the two source texts."""
    themes = parse_national_summary(national_text)
    local = parse_local_response(local_text)
    plan = {
        "plan": dict(PLAN),
        "version": {"label": PLAN_VERSION_LABEL},
        "themes": [
            {
                "number": theme.number,
                "name": theme.name,
                "actions": [
                    {
                        "ref": action.ref,
                        "text": action.text,
                        "who": action.who,
                        "audience": action.audience,
                        **_timeline_fields(action.timeline),
                    }
                    for action in theme.actions
                ],
            }
            for theme in themes
        ],
    }
    national_keys = {(theme.number, action.ref) for theme in themes for action in theme.actions}
    missing = national_keys - {(row.theme, row.ref) for row in local.rows}
    if missing:
        raise ValueError(f"local response has no row for national actions {sorted(missing)}")
    owners = {owner for row in local.rows for owner in row.owners}
    trust = {
        "organisation": dict(ORGANISATION),
        "plan": PLAN["slug"],
        "version_label": local.version_label,
        "owners": [
            {"initials": owner, "is_group": owner in GROUP_WORDS}
            for owner in sorted(owners, key=lambda o: (o in GROUP_WORDS, o.casefold()))
        ],
        "responses": [
            {
                "theme": row.theme,
                "ref": row.ref,
                "owners": row.owners,
                "status": row.status,
                "checklist": row.cell.checklist,
                "local_who": row.who,
            }
            for row in local.rows
        ],
        "local_actions": [
            {"theme": row.theme, "ref": row.ref, "text": row.text, "who": row.who, **_timeline_fields(row.timeline)}
            for row in local.rows
            if (row.theme, row.ref) not in national_keys
        ],
        "review": local.review,
    }
    return plan, trust


def build_plans_2023(edi_text: str, local_text: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The 2023 plans: (``demo-plans-2023.json``, {import file name: its CSV text})."""
    files = {}
    edi_rows = [
        [theme.title, ref, action.text, EDI_WHO, action.timeline]
        for theme in parse_high_impact_actions(edi_text)
        for ref, action in enumerate(theme.actions, start=1)
    ]
    files[f"{EDI_PLAN['slug']}.csv"] = render_csv(edi_rows)
    plans = [{**EDI_PLAN, "organisation": None, "file": f"{EDI_PLAN['slug']}.csv", "responses": []}]
    for plan in parse_objective_tables(local_text):
        rows, responses = [], []
        for number, priority in enumerate(plan.priorities, start=1):
            for ref, objective in enumerate(priority.objectives, start=1):
                rows.append([priority.name, ref, objective.text, "", objective.timeline])
                position_date = objective.position_date or plan.position_date
                responses.append(
                    {
                        "theme": number,
                        "ref": ref,
                        "position": objective.position,
                        "position_date": _iso(position_date) if objective.position else None,
                        "checklist": objective.actions,
                    }
                )
        files[f"{plan.slug}.csv"] = render_csv(rows)
        meta = {"slug": plan.slug, "name": plan.name, "short_name": plan.short_name, "source": plan.source}
        plans.append(
            {
                **meta,
                "version": plan.version,
                "organisation": ORGANISATION["ods_code"],
                "file": f"{plan.slug}.csv",
                "responses": responses,
            }
        )
    return {"plans": plans}, files


def render_csv(rows: list[list]) -> str:
    """An import file: the header ``IMPORT_COLUMNS`` then ``rows``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(IMPORT_COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def render_json(data: dict[str, Any]) -> str:
    """The fixture file text: 2-space indent, UTF-8 characters, trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_fixtures(root: Path, *, check: bool = False) -> list[Path]:
    """Regenerate the fixtures under ``root``; return the files that changed.

    With ``check=True`` nothing is written: the returned files are out of date.
    """
    plan, trust = build_fixture_data(
        (root / NATIONAL_SOURCE).read_text(encoding="utf-8"),
        (root / LOCAL_SOURCE).read_text(encoding="utf-8"),
    )
    plans_2023, import_files = build_plans_2023(
        (root / EDI_SOURCE).read_text(encoding="utf-8"), (root / LOCAL_PLANS_SOURCE).read_text(encoding="utf-8")
    )
    outputs = [(PLAN_FIXTURE, render_json(plan)), (TRUST_FIXTURE, render_json(trust))]
    outputs.append((PLANS_2023_FIXTURE, render_json(plans_2023)))
    outputs += [(f"fixtures/{name}", text) for name, text in import_files.items()]
    changed: list[Path] = []
    for relative, content in outputs:
        path = root / relative
        if not path.exists() or path.read_bytes().decode("utf-8") != content:
            changed.append(path)
            if not check:
                path.write_text(content, encoding="utf-8", newline="\n")
    return changed
