"""``import_plan`` of a 5,000-action plan against a 500-action plan.

A national plan's new actions get a response from every organisation (``actions.services``), so
on the national dataset each import also creates a response per action and organisation.

``import_plan PATH --label L --plan SLUG`` is the stable command (design brief). Each
size imports into a plan of its own (created empty first), so the two runs do the same
kind of work: adding every action of a new plan.
"""

import tempfile
import time
from pathlib import Path

from django.core.management import call_command, get_commands

from actions.models import Action, ActionChange, Plan, Response, Theme
from tests.bench.scale_data import write_plan_csv

from .pages import Unavailable


def import_seconds(actions: int, *, directory: Path) -> float:
    path = directory / f"plan-{actions}.csv"
    write_plan_csv(path, actions=actions)
    slug = f"bench-plan-{actions}"
    Plan.objects.get_or_create(slug=slug, defaults={"name": f"Benchmark plan of {actions} actions"})
    started = time.perf_counter()
    call_command("import_plan", str(path), "--label", f"bench {actions}", "--plan", slug, stdout=open("/dev/null", "w"))
    return time.perf_counter() - started


def import_scale(small=500, large=5000) -> dict:
    if "import_plan" not in get_commands():
        raise Unavailable("no import_plan command on this branch")
    try:
        with tempfile.TemporaryDirectory() as directory:
            small_s = import_seconds(small, directory=Path(directory))
            large_s = import_seconds(large, directory=Path(directory))
    finally:
        remove_bench_plans()
    return {"small_seconds": small_s, "large_seconds": large_s, "ratio": large_s / small_s}


def remove_bench_plans() -> None:
    """Delete the plans this phase made: their responses, recorded changes and actions without
    signals (no history rows for the generated rows), then themes, versions and plans."""
    plans = Plan.objects.filter(slug__startswith="bench-plan-")
    Response.objects.filter(action__theme__plan__in=plans)._raw_delete(Response.objects.db)
    ActionChange.objects.filter(action__theme__plan__in=plans)._raw_delete(ActionChange.objects.db)
    Action.objects.filter(theme__plan__in=plans)._raw_delete(Action.objects.db)
    Theme.objects.filter(plan__in=plans).delete()
    plans.delete()
