"""Issue 16's metric lines and goals, and which database ``make bench`` measures (and says so first)."""

import pytest

from tests.bench import database
from tests.bench.report import Metric, judge, metric_names

LOAD_METRICS = [
    "load_updates_per_s",
    "load_admin_updates_per_s",
    "load_vs_admin_ratio",
    "load_vs_bare_ratio",
    "load_p95_ms",
    "load_admin_p95_ms",
    "load_errors",
    "load_lost",
    "load_sqlite_updates_per_s",
    "load_sqlite_errors",
    "load_sqlite_lost",
]


def judged(**values):
    metrics = {name: Metric(name) for name in metric_names()}
    for name, value in values.items():
        metrics[name].value = value
    judge(metrics)
    return metrics


def test_every_load_metric_has_a_line_in_order():
    names = metric_names()
    assert [n for n in names if n.startswith("load_")] == LOAD_METRICS


def test_ours_must_match_the_admin_and_reach_a_quarter_of_the_floor():
    metrics = judged(load_vs_admin_ratio=1.0, load_vs_bare_ratio=0.25, load_errors=0, load_lost=0)
    assert [metrics[n].met for n in ("load_vs_admin_ratio", "load_vs_bare_ratio", "load_errors", "load_lost")] == [
        True
    ] * 4
    metrics = judged(load_vs_admin_ratio=0.99, load_vs_bare_ratio=0.2, load_sqlite_errors=1, load_sqlite_lost=2)
    assert [metrics[n].met for n in ("load_vs_admin_ratio", "load_vs_bare_ratio")] == [False, False]
    assert [metrics[n].met for n in ("load_sqlite_errors", "load_sqlite_lost")] == [False, False]
    assert metrics["load_updates_per_s"].goal == "(reported)" and metrics["load_updates_per_s"].met is None


@pytest.mark.parametrize(
    ("ours", "admin", "met"), [(80, 120, True), (120, 120, True), (121, 120, False), (80, None, None)]
)
def test_our_p95_is_judged_against_the_admins_from_the_same_run(ours, admin, met):
    assert judged(load_p95_ms=ours, load_admin_p95_ms=admin)["load_p95_ms"].met is met


def test_database_url_wins(monkeypatch):
    monkeypatch.setattr(database, "postgres_answers", lambda url: pytest.fail("not asked"))
    url, why = database.choose_app_url({"DATABASE_URL": "postgres://u@h/app", "PG_URL": "postgres://u@h/other"})
    assert (url, why) == ("postgres://u@h/app", "DATABASE_URL is set")


def test_without_database_url_the_local_postgresql_is_used_when_it_answers(monkeypatch):
    monkeypatch.setattr(database, "postgres_answers", lambda url: url == "postgres://pp:s3cret@127.0.0.1:5432/pp")
    url, why = database.choose_app_url({"PG_URL": "postgres://pp:s3cret@127.0.0.1:5432/pp"})
    assert url == "postgres://pp:s3cret@127.0.0.1:5432/pp"
    assert why == "DATABASE_URL is not set; PostgreSQL at PG_URL (postgres://pp:***@127.0.0.1:5432/pp) answered"
    assert database.bench_database_url(url) == "postgres://pp:s3cret@127.0.0.1:5432/pp_bench"


def test_without_database_url_or_an_answering_postgresql_sqlite_is_used(monkeypatch):
    asked = []
    monkeypatch.setattr(database, "postgres_answers", lambda url: asked.append(url) and False)
    url, why = database.choose_app_url({})
    assert url is None and asked == [database.DEFAULT_PG_URL]
    assert "did not answer" in why
    assert database.bench_database_url(url) == f"sqlite:///{database.SQLITE_PATH}"


def test_the_first_line_names_the_database_and_why(monkeypatch):
    monkeypatch.setattr(database, "postgres_answers", lambda url: False)
    monkeypatch.setenv("DATABASE_URL", "")  # empty counts as not set; the original comes back afterwards
    monkeypatch.setenv("PG_URL", "postgres://postgres@127.0.0.1:1/nothing")
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "peopleplan.settings_test")
    url, line = database.configure_environment()
    assert line.startswith(f"bench database: SQLite sqlite:///{database.SQLITE_PATH} (DATABASE_URL is not set")


def test_a_server_that_is_not_there_does_not_answer():
    assert database.postgres_answers("postgres://postgres@127.0.0.1:1/nothing", timeout=1) is False
    assert database.postgres_answers("sqlite:///x.sqlite3") is False


def test_a_peers_rate_counts_each_client_over_its_own_busy_time():
    from tests.bench.load import p95, rate

    stats = {
        "per_client": [{"accepted": 10, "seconds": 5.0}, {"accepted": 6, "seconds": 6.0}, {"accepted": 0, "seconds": 0}]
    }
    assert rate(stats) == 2.0 + 1.0
    assert p95(list(range(1, 101))) == 95 and p95([]) is None
