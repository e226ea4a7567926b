"""The national export against its floor (openpyxl write-only) and its peer (django-import-export).

"National" means every generated trust's responses. The exporters are per
organisation, so ours is called once per organisation, in turn, into one stream:
``reports.exporters.workbook.write_workbook(stream, organisation=…, plan=…)`` when that
module is on the branch (one workbook per organisation, each written to memory and
discarded), else the CSV exporter (``progress_rows`` through ``write_csv``), labelled so.
"""

import importlib
import io
import json
import os
import subprocess
import sys
import time

from django.db.models import Q

from actions.models import Plan, Response
from tests.bench.scale_data import ODS_PREFIX, PLAN_SLUG
from owners.models import Organisation
from reports.exporters.base import write_csv
from reports.exporters.progress import COLUMNS, progress_rows

from .database import REPO_ROOT


def bench_organisations():
    return list(Organisation.objects.filter(ods_code__startswith=ODS_PREFIX, kind="trust").order_by("ods_code"))


def workbook_writer():
    """``write_workbook`` when the board workbook exporter is on this branch, else None."""
    try:
        module = importlib.import_module("reports.exporters.workbook")
    except ImportError:
        return None
    return getattr(module, "write_workbook", None)


def export_label() -> str:
    return "board workbook" if workbook_writer() else "CSV exporter; no board workbook exporter on this branch"


def export_ours(organisations=None) -> dict:
    """Export every organisation's responses with our exporter; returns seconds and what was written."""
    organisations = organisations if organisations is not None else bench_organisations()
    plan = Plan.objects.get(slug=PLAN_SLUG)
    write_workbook = workbook_writer()
    started = time.perf_counter()
    size = 0
    for organisation in organisations:
        if write_workbook:
            stream = io.BytesIO()
            write_workbook(stream, organisation=organisation, plan=plan)
        else:
            stream = io.StringIO()
            write_csv(stream, COLUMNS, progress_rows(organisation=organisation, plan=plan))
        size += stream.tell()
    return {"seconds": time.perf_counter() - started, "bytes": size, "label": export_label()}


def rows_in_memory(organisations=None) -> list[list]:
    """The rows our exporter writes, gathered into a list (untimed) for the floor."""
    organisations = organisations if organisations is not None else bench_organisations()
    plan = Plan.objects.get(slug=PLAN_SLUG)
    rows = []
    for organisation in organisations:
        rows.extend(progress_rows(organisation=organisation, plan=plan))
    return rows


def export_floor(rows: list[list]) -> dict:
    """openpyxl in write-only mode writing the same rows and cells from memory."""
    from openpyxl import Workbook

    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Progress")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return {"seconds": time.perf_counter() - started, "rows": len(rows), "cells": len(rows) * len(COLUMNS)}


def export_import_export(organisations=None) -> dict:
    """django-import-export's default ModelResource for Response, exported to XLSX."""
    from import_export.resources import modelresource_factory

    organisations = organisations if organisations is not None else bench_organisations()
    queryset = Response.objects.filter(
        Q(organisation__in=organisations), action__theme__plan__slug=PLAN_SLUG, action__withdrawn_in__isnull=True
    )
    started = time.perf_counter()
    dataset = modelresource_factory(Response)().export(queryset=queryset)
    data = dataset.export("xlsx")
    return {"seconds": time.perf_counter() - started, "rows": len(dataset), "bytes": len(data)}


def _vm_hwm_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child_main():
    """In a fresh process (Django set up): peak resident memory growth (MB) of the national export, as JSON."""
    organisations = bench_organisations()
    Plan.objects.get(slug=PLAN_SLUG)
    workbook_writer()
    before = _vm_hwm_kb()
    result = export_ours(organisations)
    result["peak_mb"] = (_vm_hwm_kb() - before) / 1024
    print(json.dumps(result))


def export_peak_mb(timeout=300) -> float:
    """Run :func:`child_main` in a child process (same environment) and return its peak growth in MB."""
    code = "import django; django.setup(); from tests.bench.exports import child_main; child_main()"
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=os.environ.copy(), capture_output=True, text=True,
        timeout=timeout,
    )
    if completed.returncode:
        raise RuntimeError("export child failed: " + completed.stderr.strip()[-300:])
    return json.loads(completed.stdout.strip().splitlines()[-1])["peak_mb"]
