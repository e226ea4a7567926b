"""Metric lines (``name=value``) and ``BENCHMARKS.md``.

A metric's value is a number, or ``unavailable (reason)`` when the piece it measures
is not on the branch (yet). Every goal is checked here, in one place.
"""

import datetime
import os
import platform
import subprocess
from dataclasses import dataclass

UNAVAILABLE = "unavailable"
# The measured pages, by URL name (bench.pages finds them at run time).
PAGES = ["dashboard", "action_list", "my_actions", "action_page", "report_page"]


@dataclass
class Metric:
    name: str
    value: float | int | None = None
    reason: str = ""
    goal: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def text(self) -> str:
        if self.value is None:
            return f"{UNAVAILABLE} ({self.reason})" if self.reason else UNAVAILABLE
        if isinstance(self.value, float):
            return f"{self.value:.3f}".rstrip("0").rstrip(".") if self.value < 1000 else f"{self.value:.0f}"
        return str(self.value)

    @property
    def line(self) -> str:
        return f"{self.name}={self.text}"


def metric_names() -> list[str]:
    """Every metric line ``make bench`` prints, in order."""
    names = []
    for page in PAGES:
        names += [f"queries_{page}_small", f"queries_{page}_large"]
    return names + [
        "list_vs_admin_ratio",
        "list_scale_ratio",
        "export_vs_floor_ratio",
        "export_vs_import_export_ratio",
        "export_peak_mb",
        "export_trust_workbook_s",
        "import_scale_ratio",
        "load_updates_per_s",
        "load_admin_updates_per_s",
        "load_vs_admin_ratio",
        "load_vs_bare_ratio",
        "load_p95_ms",
        "load_admin_p95_ms",
        "load_errors",
        "load_lost",
        "reminders_s",
        "load_sqlite_updates_per_s",
        "load_sqlite_errors",
        "load_sqlite_lost",
        "api_vs_page_ratio",
        "feed_national_s",
        "feed_vs_csv_export_ratio",
    ]


def _at_most(limit):
    return lambda value, metrics: value <= limit


def _at_most_metric(name):
    """At most the value of metric ``name`` (not judged while that one is unavailable)."""

    def check(value, metrics):
        other = metrics.get(name)
        return None if other is None or other.value is None else value <= other.value

    return check


GOALS = {
    "list_vs_admin_ratio": ("≤ 1.0", _at_most(1.0)),
    "list_scale_ratio": ("≤ 1.5", _at_most(1.5)),
    "export_vs_floor_ratio": ("≤ 2.0", _at_most(2.0)),
    "export_vs_import_export_ratio": ("≤ 0.5", _at_most(0.5)),
    "export_peak_mb": ("≤ 150", _at_most(150)),
    "export_trust_workbook_s": ("(reported)", None),
    "import_scale_ratio": ("≤ 12", _at_most(12)),
    "load_updates_per_s": ("(reported)", None),
    "load_admin_updates_per_s": ("(reported)", None),
    "load_vs_admin_ratio": ("≥ 1.0", lambda v, m: v >= 1.0),
    "load_vs_bare_ratio": ("≥ 0.25", lambda v, m: v >= 0.25),
    "load_p95_ms": ("≤ load_admin_p95_ms (ratio ≤ 1.0)", _at_most_metric("load_admin_p95_ms")),
    "load_admin_p95_ms": ("(reported)", None),
    "load_errors": ("0", lambda v, m: v == 0),
    "load_lost": ("0", lambda v, m: v == 0),
    "reminders_s": ("(reported)", None),
    "load_sqlite_updates_per_s": ("(reported)", None),
    "load_sqlite_errors": ("0", lambda v, m: v == 0),
    "load_sqlite_lost": ("0", lambda v, m: v == 0),
    # The reporting API (tests.bench.api).
    "api_vs_page_ratio": ("≤ 1.0", _at_most(1.0)),
    "feed_national_s": ("(reported)", None),
    "feed_vs_csv_export_ratio": ("≤ 1.25", _at_most(1.25)),
}


def _page_goal(name, value, metrics):
    """Query counts: ≤ 12, and small equal to large."""
    page = name.removeprefix("queries_").rsplit("_", 1)[0]
    other = metrics.get(f"queries_{page}_{'large' if name.endswith('_small') else 'small'}")
    equal = other is None or other.value is None or other.value == value
    return value <= 12 and equal


def judge(metrics: dict[str, Metric]) -> None:
    for name, metric in metrics.items():
        if name.startswith("queries_"):
            metric.goal = "equal small/large, ≤ 12"
            check = _page_goal
            metric.met = None if metric.value is None else check(name, metric.value, metrics)
            continue
        goal, check = GOALS.get(name, ("", None))
        metric.goal = goal
        metric.met = None if metric.value is None or check is None else check(metric.value, metrics)


def machine() -> str:
    cores = os.cpu_count()
    try:
        with open("/proc/meminfo") as meminfo:
            mem_kb = int(meminfo.readline().split()[1])
        memory = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except OSError:
        memory = "unknown"
    uname = " ".join(platform.uname())
    return f"{uname}; {cores} cores; {memory} memory; Python {platform.python_version()}"


def database_description(url: str) -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        return f"PostgreSQL {version} (benchmark database `{connection.settings_dict['NAME']}`)"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version} (`bench-data/bench.sqlite3`)"


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def render_markdown(
    *, metrics: dict[str, Metric], phases: dict[str, float], notes: list[str], database: str, static_notes: str = ""
) -> str:
    met = {True: "met", False: "**missed**", None: "—"}
    lines = [
        "# Benchmarks",
        "",
        "Rewritten by `make bench` (`python -m tests.bench`); see the notes at the end for how each value is measured.",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Commit: {git_commit()}",
        f"- Machine: {machine()}",
        f"- Database: {database}",
        "",
        "| metric | value | goal | |",
        "|---|---|---|---|",
    ]
    for metric in metrics.values():
        lines.append(f"| `{metric.name}` | {metric.text} | {metric.goal} | {met[metric.met]} |")
    lines += ["", "## Phases (seconds)", "", "| phase | seconds |", "|---|---|"]
    lines += [f"| {name} | {seconds:.1f} |" for name, seconds in phases.items()]
    if notes:
        lines += ["", "## Notes from this run", ""] + [f"- {note}" for note in notes]
    if static_notes:
        lines += ["", static_notes.strip()]
    return "\n".join(lines) + "\n"
