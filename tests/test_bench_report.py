"""The harness prints one name=value line per metric of issue 6 and records them in BENCHMARKS.md."""

from tests.bench.database import SQLITE_PATH, bench_database_url
from tests.bench.report import Metric, judge, metric_names, render_markdown

ISSUE_METRICS = [
    *[
        f"queries_{page}_{size}"
        for page in ["dashboard", "action_list", "my_actions", "action_page", "report_page"]
        for size in ["small", "large"]
    ],
    "list_vs_admin_ratio",
    "list_scale_ratio",
    "export_vs_floor_ratio",
    "export_vs_import_export_ratio",
    "export_peak_mb",
    # Issue 12: one trust's own board workbook, beside the national roll-up.
    "export_trust_workbook_s",
    "import_scale_ratio",
    "load_updates_per_s",
    "load_errors",
    "load_lost",
    "load_vs_bare_ratio",
    "reminders_s",  # issue 13
    "api_vs_page_ratio",
    "feed_national_s",
    "feed_vs_csv_export_ratio",
]


def test_every_metric_of_the_issue_has_a_line():
    # Later issues add their own metrics (see tests/test_bench_load_metrics.py): each of issue 6's is still there.
    assert set(ISSUE_METRICS) <= set(metric_names())
    assert len(metric_names()) == len(set(metric_names()))


def test_lines_are_name_equals_value_or_unavailable_with_the_reason():
    assert Metric("export_peak_mb", 42.12345).line == "export_peak_mb=42.123"
    assert Metric("load_errors", 0).line == "load_errors=0"
    assert Metric("import_scale_ratio", None, "no import_plan command").line == (
        "import_scale_ratio=unavailable (no import_plan command)"
    )


def test_goals_are_judged_including_equal_query_counts_at_both_sizes():
    metrics = {name: Metric(name) for name in metric_names()}
    metrics["queries_dashboard_small"].value = 7
    metrics["queries_dashboard_large"].value = 7
    metrics["queries_action_list_small"].value = 8
    metrics["queries_action_list_large"].value = 9
    metrics["list_vs_admin_ratio"].value = 1.2
    metrics["load_vs_bare_ratio"].value = 0.6
    metrics["load_errors"].value = 0
    judge(metrics)
    assert metrics["queries_dashboard_large"].met is True
    assert metrics["queries_action_list_large"].met is False
    assert metrics["list_vs_admin_ratio"].met is False
    assert metrics["load_vs_bare_ratio"].met is True
    assert metrics["load_errors"].met is True
    assert metrics["export_peak_mb"].met is None


def test_markdown_has_date_machine_database_and_each_value_beside_its_goal(db):
    metrics = {name: Metric(name) for name in metric_names()}
    metrics["export_peak_mb"].value = 200.0
    judge(metrics)
    text = render_markdown(metrics=metrics, phases={"total": 12.5}, notes=["a note"], database="SQLite 3")
    assert "- Date: " in text and "- Machine: " in text and "cores" in text and "- Database: SQLite 3" in text
    assert "| `export_peak_mb` | 200 | ≤ 150 | **missed** |" in text
    assert "| total | 12.5 |" in text and "- a note" in text


def test_benchmark_database_is_never_the_apps_own():
    assert bench_database_url(None) == f"sqlite:///{SQLITE_PATH}"
    assert bench_database_url("sqlite:////srv/app/db.sqlite3") == f"sqlite:///{SQLITE_PATH}"
    assert bench_database_url("postgres://u@h:5432/peopleplan") == "postgres://u@h:5432/peopleplan_bench"
    assert bench_database_url("postgres://u@h/peopleplan_bench") == "postgres://u@h/peopleplan_bench"
