"""``make bench``: build the benchmark datasets, measure every metric, print and record them.

Order (each phase timed, each metric independent: a failure makes that metric
``unavailable (error …)`` and the run goes on):

1. recreate and migrate the benchmark database (never the app's own);
2. generate 1 trust; page query counts and list timings at small scale;
3. grow to the national dataset (220 trusts × 24 updates per response);
4. page query counts, list vs admin and list timings at national scale;
5. national export (the national roll-up workbook, one file): ours, the openpyxl floor,
   django-import-export, peak memory (child process); one trust's own board workbook;
6. the reporting API: its response list against the action list page, the feed against the CSV export;
7. ``import_plan`` of 500 and 5,000 actions;
8. load: gunicorn (``gunicorn.conf.py``) + 20 clients: our journey, the admin's, the bare floor;
9. load on SQLite (a child process with its own SQLite file): our journey, 20 clients;
10. ``send_reminders`` for the national dataset into a local SMTP sink.
"""

import argparse
import contextlib
import sys
import time
import traceback
from pathlib import Path

from .database import configure_environment, recreate

METHOD = """
## How each value is measured

- **Data**: `tests.bench.scale_data.generate` (also `python -m tests.bench.generate`): trusts `BT0001…` grouped
  ten to an integrated care system, each with 15 initials owners + 3 group owners, one HR lead user (owner,
  member, "HR lead" group), 19 local actions, a response to every active national action (101) and local action
  (≈ 120 per trust; ≈ 26,400 nationally), 1–3 owners with one lead, 0–4 checklist items and 24 progress
  updates per response over 4 years (≈ 634,000). Deterministic per `--seed`; bulk inserts (COPY for updates on
  PostgreSQL), so no simple_history rows: history records user edits, and nobody edited generated rows.
- **Query counts**: Django test `Client` signed in (`force_login`) as trust BT0001's HR lead, one warm-up GET,
  then the queries of one GET (`CaptureQueriesContext`). *Small* is measured with only BT0001 in the database,
  *large* with all 220 trusts. Pages are found by URL name; `action_page` is filled from BT0001's first response,
  `report_page` from a BoardReport of BT0001 (made through `reports.services` when none exists).
- **list_vs_admin_ratio**: p50 of our filtered action list (`?status=on_track&status=at_risk`, BT0001, ≈ 55 rows,
  first page) ÷ p50 of `/admin/actions/response/?organisation__id__exact=…&status__in=on_track,at_risk` as a
  superuser with `list_per_page` set to 50 for the run; requests interleaved, order alternating, at national
  scale. **list_scale_ratio**: our list p50 at national ÷ at one trust.
- **Exports**: "national" = every generated trust's responses (≈ 26,400 rows × 14 columns) in ONE file: the
  national roll-up workbook (`reports.sources.RollUp(None, plan)` through `reports.exporters`: cover, by
  organisation with a chart, by theme with a chart, exceptions, and every response with its Organisation
  column, BRAG fills, status dropdowns and print set-up), timed from the first query to the saved file.
  Floor: openpyxl write-only writing the same rows (the CSV columns of the same lines, collected beforehand,
  untimed) into one workbook from memory. Peer: django-import-export's default `ModelResource` for Response,
  `.export()` then XLSX, same responses. Peak memory: the same export of ours run in a fresh child process;
  growth of its peak resident set (`VmHWM`) over the baseline after Django setup.
  **export_trust_workbook_s**: one trust's (BT0001's) own board workbook of its live action list, seconds.
- **api_vs_page_ratio**: p50 of `/api/v1/responses/?status=on_track&status=at_risk&page_size=25` with an API key of
  BT0001 ÷ p50 of the action list page with the same filter (25 rows a page) as BT0001's HR lead; interleaved, order
  alternating, at national scale. **feed_national_s**: reading every trust's `/api/v1/feed/<ODS>.csv` (a key each,
  every byte read, one test client); **feed_vs_csv_export_ratio**: that ÷ the CSV exporter (`exporter_for(LiveList,
  "csv")`) over the same trusts, the two back to back per trust in alternating order; both give the same bytes.
- **import_scale_ratio**: `call_command("import_plan", csv, "--label", …, "--plan", slug)` of a synthetic
  5,000-action plan ÷ of a 500-action plan (`python -m tests.bench.generate --plan-actions N --output PATH`),
  each into a new empty plan.
- **reminders_s**: `reminders.services.reminders_send` (what `send_reminders` runs) for every generated trust on
  its reminder day after the data's date (2 April 2024), every owner given an address first, the messages sent
  over SMTP to an aiosmtpd server on the loopback that counts and discards them (`tests.bench.reminders`).
- **Load**: gunicorn configured by the repository's `gunicorn.conf.py` (workers and threads for the cores), on
  127.0.0.1 (free port), `tests.bench.settings` (the project settings with the bench URLconf). 20 stdlib-thread
  clients, each a different trust's HR lead (session made in the database; made staff so that the same clients use
  the admin), each rotating through its trust's first 30 responses. Three peers, same server, clients and data,
  run in alternating slices (4 slices each; ours and the admin `--load-seconds` each, the bare floor half that;
  at most 2,000 rounds a client):
  *ours* = GET the action page, POST its progress-update form (parsed from the page: hidden `revision` and CSRF
  token, a note, a status different from the current one), follow the redirect (the action page again);
  *admin* = GET the Django admin change form of the same response, POST every field as served (the inlines'
  management form, any hidden `revision`) with a different status and a marked `local_who`, follow the redirect
  (the admin's response list); *bare* = POST `/bench/bare/` (one UPDATE; bench URLconf only).
  `load_updates_per_s` and `load_admin_updates_per_s` = accepted saves (3xx, redirect followed) per second of the
  peer's slices; `load_vs_admin_ratio` = ours ÷ admin; `load_vs_bare_ratio` = ours ÷ bare UPDATEs per second;
  `load_p95_ms` and `load_admin_p95_ms` = 95th percentile of one accepted journey (form page, POST, redirected
  page). Errors = transport errors and unexpected statuses, all peers; lost = accepted saves missing from the
  database afterwards (our marked notes; the admin's distinct marked `local_who` values in the history).
- **SQLite load**: `python -m tests.bench.sqlite_load` in a child process: a fresh `bench-data/load.sqlite3` with
  the project's SQLite settings (the ones `make run` serves: WAL, busy timeout, `BEGIN IMMEDIATE`), 20 generated
  trusts, our journey from 20 clients for `--load-seconds` against gunicorn.
"""


def log(message):
    print(message, file=sys.stderr, flush=True)


class Run:
    def __init__(self, args):
        self.args = args
        self.phases: dict[str, float] = {}
        self.notes: list[str] = []
        from .report import Metric, metric_names

        self.metrics = {name: Metric(name) for name in metric_names()}

    @contextlib.contextmanager
    def phase(self, name):
        log(f"[bench] {name}…")
        started = time.monotonic()
        try:
            yield
        finally:
            self.phases[name] = time.monotonic() - started
            log(f"[bench] {name}: {self.phases[name]:.1f}s")

    def set(self, name, value=None, reason=""):
        metric = self.metrics[name]
        metric.value, metric.reason = value, reason

    @contextlib.contextmanager
    def guarded(self, *names):
        """Any failure marks ``names`` unavailable with the error, and the run continues."""
        from .pages import Unavailable

        try:
            yield
        except Unavailable as exc:
            for name in names:
                self.set(name, None, str(exc))
        except Exception as exc:  # noqa: BLE001 - one broken measurement must not hide the others
            traceback.print_exc()
            for name in names:
                self.set(name, None, f"error {type(exc).__name__}: {exc}"[:200])


def measure_pages(run, *, size, user, organisation):
    from .pages import PAGES, Unavailable, page_query_counts

    counts = page_query_counts(user=user, organisation=organisation)
    for page in PAGES:
        value = counts[page]
        if isinstance(value, Unavailable):
            run.set(f"queries_{page}_{size}", None, str(value))
        else:
            run.set(f"queries_{page}_{size}", value)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=220)
    parser.add_argument("--updates-per-response", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=15, help="Interleaved timing rounds per scale.")
    parser.add_argument("--load-seconds", type=float, default=20)
    parser.add_argument("--output", default="BENCHMARKS.md", help="Markdown to rewrite ('-' for none).")
    args = parser.parse_args(argv)
    url, first_line = configure_environment()
    print(first_line, flush=True)
    run = Run(args)
    started = time.monotonic()
    with run.phase("create_database"):
        recreate(url)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    measure_all(run, url)
    measure_reminders(run)
    run.phases["total"] = time.monotonic() - started
    finish(run, url)
    return 0


def measure_all(run, url):
    from django.contrib.auth import get_user_model

    from tests.bench.scale_data import generate, hr_lead_username

    from . import exports, imports, load, pages

    args = run.args
    with run.phase("generate_small"):
        result = generate(organisations=1, updates_per_response=args.updates_per_response)
    run.notes.append(f"Small dataset: {result}.")
    user = get_user_model().objects.get(username=hr_lead_username(1))
    organisation = user.membership.organisation
    timings = {}
    with run.phase("pages_small"):
        with run.guarded(*[f"queries_{p}_small" for p in pages.PAGES]):
            measure_pages(run, size="small", user=user, organisation=organisation)
        with run.guarded("list_scale_ratio"):
            timings["small"] = pages.list_vs_admin(user=user, organisation=organisation, rounds=args.rounds)
    with run.phase("generate_national"):
        result = generate(
            organisations=args.organisations,
            updates_per_response=args.updates_per_response,
            progress=lambda m: log(f"[bench]   {m}") if m.startswith(("50/", "100/", "150/", "200/")) else None,
        )
    run.notes.append(f"Grown to national: {result} (added to the small dataset).")
    with run.phase("pages_large"):
        with run.guarded(*[f"queries_{p}_large" for p in pages.PAGES]):
            measure_pages(run, size="large", user=user, organisation=organisation)
        with run.guarded("list_vs_admin_ratio", "list_scale_ratio"):
            timings["large"] = pages.list_vs_admin(user=user, organisation=organisation, rounds=args.rounds)
            large = timings["large"]
            run.set("list_vs_admin_ratio", large["ours_p50"] / large["admin_p50"])
            run.notes.append(
                f"List p50 at national: ours {large['ours_p50'] * 1000:.1f} ms, "
                f"admin {large['admin_p50'] * 1000:.1f} ms"
                f" ({large['rounds']} interleaved rounds)."
            )
            if "small" in timings:
                run.set("list_scale_ratio", large["ours_p50"] / timings["small"]["ours_p50"])
    measure_exports(run, exports)
    measure_api(run, user=user, organisation=organisation)
    with run.phase("import"), run.guarded("import_scale_ratio"):
        result = imports.import_scale()
        run.set("import_scale_ratio", result["ratio"])
        run.notes.append(
            f"import_plan: 500 actions {result['small_seconds']:.2f}s, 5,000 {result['large_seconds']:.2f}s."
        )
    with run.phase("load"), run.guarded(*LOAD_METRICS):
        trusts = exports.bench_organisations()[:20]
        users = [(o.memberships.select_related("user").first().user, o) for o in trusts]
        record_load(run, load.run_load(users=users, seconds=args.load_seconds, bare_seconds=args.load_seconds / 2))
    with run.phase("load_sqlite"), run.guarded(*SQLITE_METRICS):
        from .sqlite_load import run_in_child

        record_sqlite_load(run, run_in_child(seconds=args.load_seconds, updates_per_response=args.updates_per_response))


LOAD_METRICS = [
    "load_updates_per_s",
    "load_admin_updates_per_s",
    "load_vs_admin_ratio",
    "load_vs_bare_ratio",
    "load_p95_ms",
    "load_admin_p95_ms",
    "load_errors",
    "load_lost",
]
SQLITE_METRICS = ["load_sqlite_updates_per_s", "load_sqlite_errors", "load_sqlite_lost"]


def _load_note(name, stats):
    p95 = f", p95 {stats['p95_ms']:.0f} ms" if stats.get("p95_ms") is not None else ""
    found = f", {stats['found']} found in the database" if "found" in stats else ""
    return (
        f"Load {name}: {stats['accepted']} accepted, {stats['rejected']} rejected, {stats['errors']} errors, "
        f"{stats['requests']} requests in {stats['seconds']:.1f} s ({stats['per_s']:.1f}/s{p95}){found}; "
        f"client CPU {stats['client_cpu_s']:.1f} s."
    )


def record_load(run, result):
    ours, admin, bare = result["ours"], result["admin"], result["bare"]
    run.set("load_updates_per_s", ours["per_s"])
    run.set("load_admin_updates_per_s", admin["per_s"])
    if admin["per_s"]:
        run.set("load_vs_admin_ratio", ours["per_s"] / admin["per_s"])
    if bare["per_s"]:
        run.set("load_vs_bare_ratio", ours["per_s"] / bare["per_s"])
    run.set("load_p95_ms", ours["p95_ms"])
    run.set("load_admin_p95_ms", admin["p95_ms"])
    run.set("load_errors", ours["errors"] + admin["errors"] + bare["errors"])
    run.set("load_lost", ours["lost"] + admin["lost"])
    run.notes += [_load_note(name, result[name]) for name in ("ours", "admin", "bare")]


def record_sqlite_load(run, result):
    ours = result["ours"]
    run.set("load_sqlite_updates_per_s", ours["per_s"])
    run.set("load_sqlite_errors", ours["errors"])
    run.set("load_sqlite_lost", ours["lost"])
    run.notes.append(
        f"SQLite ({result['clients']} clients, journal_mode={result['journal_mode']}): "
        + _load_note("ours", ours).removeprefix("Load ours: ")
    )


def measure_reminders(run):
    from . import reminders

    with run.phase("reminders"), run.guarded("reminders_s"):
        result = reminders.run_national()
        run.set("reminders_s", result["seconds"])
        run.notes.append(
            f"send_reminders for {result['on']:%-d %B %Y}, {result['owners']:,} generated owners: "
            f"{result['totals']}; the SMTP sink received {result['received']:,} messages "
            f"(reminders and digests) in {result['seconds']:.1f}s."
        )


def measure_exports(run, exports):
    ours = None
    with run.phase("export_ours"), run.guarded("export_vs_floor_ratio", "export_vs_import_export_ratio"):
        ours = exports.export_ours()
        run.notes.append(f"Our national export ({ours['label']}): {ours['seconds']:.2f}s, {ours['bytes']:,} bytes.")
    if ours is None:
        return
    with run.phase("export_floor"), run.guarded("export_vs_floor_ratio"):
        rows = exports.rows_in_memory()
        floor = exports.export_floor(rows)
        del rows
        run.set("export_vs_floor_ratio", ours["seconds"] / floor["seconds"])
        run.notes.append(
            f"openpyxl write-only floor: {floor['rows']:,} rows, {floor['cells']:,} cells, {floor['seconds']:.2f}s."
        )
    with run.phase("export_import_export"), run.guarded("export_vs_import_export_ratio"):
        peer = exports.export_import_export()
        run.set("export_vs_import_export_ratio", ours["seconds"] / peer["seconds"])
        run.notes.append(f"django-import-export default XLSX: {peer['rows']:,} rows, {peer['seconds']:.2f}s.")
    if not ours["label"].endswith("workbook"):
        for name in ("export_vs_floor_ratio", "export_vs_import_export_ratio"):
            metric = run.metrics[name]
            if metric.value is not None:
                metric.note = "csv"
    with run.phase("export_peak_memory"), run.guarded("export_peak_mb"):
        run.set("export_peak_mb", exports.export_peak_mb())
    with run.phase("export_trust_workbook"), run.guarded("export_trust_workbook_s"):
        trust = exports.bench_organisations()[0]
        exports.export_trust_workbook(trust)  # warm
        run.set("export_trust_workbook_s", exports.export_trust_workbook(trust)["seconds"])


def measure_api(run, *, user, organisation):
    """The reporting API: its response list against the action list page, the feed against the CSV export."""
    from . import api, exports

    with run.phase("api_list"), run.guarded("api_vs_page_ratio"):
        result = api.api_vs_page(user=user, organisation=organisation, rounds=run.args.rounds)
        run.set("api_vs_page_ratio", result["api_p50"] / result["page_p50"])
        run.notes.append(
            f"Response list p50 at national: API {result['api_p50'] * 1000:.1f} ms, "
            f"action list page {result['page_p50'] * 1000:.1f} ms ({result['rounds']} interleaved rounds)."
        )
    with run.phase("api_feed"), run.guarded("feed_national_s", "feed_vs_csv_export_ratio"):
        result = api.feed_vs_csv_export(exports.bench_organisations())
        run.set("feed_national_s", result["feed_seconds"])
        run.set("feed_vs_csv_export_ratio", result["feed_seconds"] / result["export_seconds"])
        run.notes.append(
            f"Feed for {result['organisations']} organisations: {result['feed_seconds']:.2f}s over the API, "
            f"CSV export {result['export_seconds']:.2f}s, {result['bytes']:,} bytes each."
        )


def finish(run, url):
    from .report import database_description, judge, render_markdown

    judge(run.metrics)
    for metric in run.metrics.values():
        suffix = " (csv exporter)" if metric.note == "csv" else ""
        print(metric.line + suffix, flush=True)
    for metric in run.metrics.values():
        if metric.met is False:
            run.notes.append(f"Missed: `{metric.name}` = {metric.text} against {metric.goal}.")
    if run.args.output != "-":
        analysis = Path(__file__).with_name("NOTES.md")  # kept by hand: what was changed, why a goal is missed
        static = (analysis.read_text(encoding="utf-8") if analysis.exists() else "") + "\n" + METHOD
        markdown = render_markdown(
            metrics=run.metrics,
            phases=run.phases,
            notes=run.notes,
            database=database_description(url),
            static_notes=static,
        )
        with open(run.args.output, "w", encoding="utf-8") as handle:
            handle.write(markdown)
        log(f"[bench] wrote {run.args.output}")
