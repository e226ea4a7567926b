"""The national export against its floor (openpyxl write-only) and its peer (django-import-export).

"National" means every generated trust's responses, in ONE file: the national roll-up workbook
(``reports.exporters.exporter_for(RollUp(None, plan=…), "xlsx")``, every organisation in tree
order), written to memory and discarded. One trust's own board workbook is timed as well.
"""

import io
import json
import os
import subprocess
import sys
import time

from django.db.models import Q

from actions.models import Plan, Response
from actions.spreadsheet.columns import CSV_HEADER as COLUMNS
from actions.spreadsheet.columns import row_values
from owners.models import Organisation
from reports.exporters import exporter_for
from reports.sources import LiveList, RollUp
from tests.bench.scale_data import ODS_PREFIX, PLAN_SLUG

from .database import REPO_ROOT


def bench_organisations():
    return list(Organisation.objects.filter(ods_code__startswith=ODS_PREFIX, kind="trust").order_by("ods_code"))


def export_label() -> str:
    return "roll-up workbook"


class _ChosenRollUp(RollUp):
    """A roll-up of chosen organisations (the tests' few generated trusts beside the demo data)."""

    def __init__(self, organisations, plan):
        super().__init__(None, plan=plan)
        self._organisations = list(organisations)


def national_source(organisations=None) -> RollUp:
    """The national roll-up (every organisation in the database), or of ``organisations`` only."""
    plan = Plan.objects.get(slug=PLAN_SLUG)
    return RollUp(None, plan=plan) if organisations is None else _ChosenRollUp(organisations, plan)


def export_ours(organisations=None) -> dict:
    """The national roll-up workbook, one file, with our exporter; returns seconds and what was written."""
    source = national_source(organisations)
    started = time.perf_counter()
    stream = io.BytesIO()
    exporter_for(source, "xlsx").write(source, stream)
    return {"seconds": time.perf_counter() - started, "bytes": stream.tell(), "label": export_label()}


def export_trust_workbook(organisation) -> dict:
    """One trust's own board workbook (its live action list), as its HR lead downloads it."""
    source = LiveList(organisation, plan=Plan.objects.get(slug=PLAN_SLUG))
    started = time.perf_counter()
    stream = io.BytesIO()
    exporter_for(source, "xlsx").write(source, stream)
    return {"seconds": time.perf_counter() - started, "bytes": stream.tell()}


def rows_in_memory(organisations=None) -> list[list]:
    """The rows our exporter writes, gathered into a list (untimed) for the floor."""
    return [row_values(line) for line in national_source(organisations).lines()]


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
    national_source().organisations()
    before = _vm_hwm_kb()
    result = export_ours()
    result["peak_mb"] = (_vm_hwm_kb() - before) / 1024
    print(json.dumps(result))


def export_peak_mb(timeout=300) -> float:
    """Run :func:`child_main` in a child process (same environment) and return its peak growth in MB."""
    code = "import django; django.setup(); from tests.bench.exports import child_main; child_main()"
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if completed.returncode:
        raise RuntimeError("export child failed: " + completed.stderr.strip()[-300:])
    return json.loads(completed.stdout.strip().splitlines()[-1])["peak_mb"]
