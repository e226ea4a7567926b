"""Read an organisation's own action plans (objective / current position / action tables).

Plain Python (stdlib only); importable without Django configured. The source is a transcription
of the tables in a board paper (``fixtures/source/wdes-wres-2023-24.txt``: the WDES and WRES
2023/24 action plans), one ``key: value`` line per field; blank lines and lines starting with
``#`` are ignored.

- ``plan:`` starts a plan (its slug), followed by ``name:``, ``short name:``, ``source:``,
  ``version:`` (the label of the version the import records) and ``position date:`` (the date
  of every current position, ISO 8601: the board paper's date).
- ``priority:`` starts a priority (a *theme*, numbered 1, 2, … in order).
- ``objective:`` starts an objective (an *action*, numbered 1, 2, … within its priority);
  then, each optional: ``timeline:`` (as written; read by ``actions.plan_text.timeline``),
  ``position:`` (its current position: the response's first progress update),
  ``position date:`` (this objective's own date, when the paper gives one), and any number
  of ``action:`` lines (the response's checklist, in order).

Texts are joined to single spaces and PDF line-break hyphens repaired
(``actions.plan_text.high_impact_actions.repair_hyphens``). Anything else — an unknown key, a
value before the line that opens its plan, priority or objective, a second position, a date
that is not a date, a plan without a name or without objectives, a repeated slug — raises
:class:`SourceError` naming the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from actions.plan_text.high_impact_actions import SourceError, repair_hyphens

__all__ = ["LocalPlan", "Objective", "Priority", "parse_objective_tables"]

PLAN_KEYS = {"name", "short name", "source", "version", "position date"}
OBJECTIVE_KEYS = {"timeline", "position", "position date", "action"}


@dataclass
class Objective:
    text: str
    line: int
    timeline: str = ""
    position: str = ""
    position_date: date | None = None
    actions: list[str] = field(default_factory=list)


@dataclass
class Priority:
    name: str
    line: int
    objectives: list[Objective] = field(default_factory=list)


@dataclass
class LocalPlan:
    slug: str
    line: int
    name: str = ""
    short_name: str = ""
    source: str = ""
    version: str = ""
    position_date: date | None = None
    priorities: list[Priority] = field(default_factory=list)


def _clean(text: str) -> str:
    return repair_hyphens(" ".join(text.split()))


def _date(value: str, number: int) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SourceError(f'line {number}: "{value}" is not a date (YYYY-MM-DD)') from None


def parse_objective_tables(text: str) -> list[LocalPlan]:
    """The plans of the source text, in order (see the module docstring)."""
    plans: list[LocalPlan] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key, value = " ".join(key.split()).casefold(), _clean(value)
        if not colon or not value:
            raise SourceError(f"line {number}: expected “key: value”")
        _read_line(plans, number, key, value)
    if not plans:
        raise SourceError("no plans found: a plan starts with a “plan:” line")
    slugs = set()
    for plan in plans:
        if plan.slug in slugs:
            raise SourceError(f"line {plan.line}: plan {plan.slug} appears twice")
        slugs.add(plan.slug)
        if not plan.name:
            raise SourceError(f"line {plan.line}: plan {plan.slug} has no name")
        if not any(priority.objectives for priority in plan.priorities):
            raise SourceError(f"line {plan.line}: plan {plan.slug} has no objectives")
        for priority in plan.priorities:
            if not priority.objectives:
                raise SourceError(f"line {priority.line}: priority “{priority.name}” has no objectives")
    return plans


def _read_line(plans: list[LocalPlan], number: int, key: str, value: str) -> None:
    if key == "plan":
        plans.append(LocalPlan(slug=value, line=number))
        return
    if not plans:
        raise SourceError(f"line {number}: “{key}” before the first “plan:” line")
    plan = plans[-1]
    if key == "priority":
        plan.priorities.append(Priority(name=value, line=number))
    elif key == "objective":
        if not plan.priorities:
            raise SourceError(f"line {number}: an objective before the plan's first “priority:” line")
        plan.priorities[-1].objectives.append(Objective(text=value, line=number))
    elif not plan.priorities and key in PLAN_KEYS:
        _plan_field(plan, number, key, value)
    elif key in OBJECTIVE_KEYS:
        objectives = plan.priorities[-1].objectives if plan.priorities else []
        if not objectives:
            raise SourceError(f"line {number}: “{key}” before the priority's first “objective:” line")
        _objective_field(objectives[-1], number, key, value)
    else:
        raise SourceError(f"line {number}: unknown key “{key}”")


def _plan_field(plan: LocalPlan, number: int, key: str, value: str) -> None:
    if key == "position date":
        plan.position_date = _date(value, number)
    else:
        setattr(plan, key.replace(" ", "_"), value)


def _objective_field(objective: Objective, number: int, key: str, value: str) -> None:
    if key == "action":
        objective.actions.append(value)
    elif key == "position date":
        objective.position_date = _date(value, number)
    elif getattr(objective, key):
        raise SourceError(f"line {number}: a second “{key}” for the same objective")
    else:
        setattr(objective, key, value)
