"""Build the shipped fixtures (``fixtures/*.json``) from the source documents in ``fixtures/source/``.

Plain Python (stdlib only): :func:`write_fixtures` is what ``python manage.py build_fixtures``
and ``make fixtures`` run. The texts are read by :mod:`actions.plan_text.source_tables`.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

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
    changed: list[Path] = []
    for relative, data in ((PLAN_FIXTURE, plan), (TRUST_FIXTURE, trust)):
        path = root / relative
        content = render_json(data)
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            changed.append(path)
            if not check:
                path.write_text(content, encoding="utf-8", newline="\n")
    return changed
