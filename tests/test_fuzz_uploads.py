"""Fuzz the readers (hardening acceptance): a few hundred generated hostile files (``tests/hostile_files``)
through every upload path —

- ``manage.py import_responses`` and ``manage.py import_plan`` (``--dry-run``: a file that happens to
  be valid must not apply);
- *Import updates* (upload, preview and confirm, as the HR lead);
- the admin's plan-version import (upload and preview, as the national administrator);
- django-import-export's admin import of plans (upload and its dry-run preview).

Each run must end in an answer (a one-line refusal, a 4xx page, or a preview), never a 500 or a
traceback, within 2 s of CPU time and 200 MB of memory (peak resident memory above the level before
the run: the kernel's high-water mark, reset before each run, so C allocations inside lxml count
too); and the database must be as it was.
"""

import io
import re
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from actions.models import Plan
from reports.exporters import exporter_for
from reports.sources import LiveList
from tests.hostile_files import corpus
from tests.import_helpers import snapshot

pytestmark = pytest.mark.django_db
SEED = 20261127
CPU_SECONDS = 2.0
MEMORY_MB = 200
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
CLEAR_REFS = Path("/proc/self/clear_refs")


def memory_kb() -> tuple[int, int]:
    """(peak, current) resident memory of this process, in KB."""
    status = Path("/proc/self/status").read_text()
    return tuple(int(re.search(rf"{key}:\s+(\d+)", status).group(1)) for key in ("VmHWM", "VmRSS"))


def measured(run):
    """Run ``run()``; returns (its result, CPU seconds, wall seconds, peak MB above the start)."""
    CLEAR_REFS.write_text("5")  # reset the high-water mark to the current resident size
    _, before = memory_kb()
    cpu, wall = time.process_time(), time.perf_counter()
    result = run()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak, _ = memory_kb()
    return result, cpu, wall, (peak - before) / 1024


def exports(trust):
    source = LiveList(trust, plan=Plan.objects.get(slug="people-plan-2020-21"))
    out = {}
    for fmt in ("xlsx", "csv"):
        stream = io.BytesIO()
        exporter_for(source, fmt).write(source, stream, bom=fmt == "csv")
        out[fmt] = stream.getvalue()
    return out


class Paths:
    """Every upload path, each taking (file name, bytes) and returning a short outcome."""

    def __init__(self, client, tmp_path, hr_lead, national_admin):
        self.client, self.tmp_path, self.hr_lead, self.admin = client, tmp_path, hr_lead, national_admin

    def _command(self, name, *args, file_name, data):
        path = self.tmp_path / file_name
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(name, str(path), "--dry-run", *args, stdout=out, stderr=err)
            outcome = "previewed"
        except CommandError:
            outcome = "refused"
        assert "Traceback" not in out.getvalue() + err.getvalue()
        if outcome == "refused":
            assert err.getvalue().strip(), "a refusal says why"
        return outcome

    def import_responses(self, file_name, data):
        return self._command(
            "import_responses", "--organisation", "RYV", "--user", "hr.lead", file_name=file_name, data=data
        )

    def import_plan(self, file_name, data):
        return self._command("import_plan", "--label", "fuzz", file_name=file_name, data=data)

    def _ok(self, response):
        assert response.status_code < 500
        assert b"Traceback" not in getattr(response, "content", b"")
        return response

    def import_updates_page(self, file_name, data):
        self.client.force_login(self.hr_lead, backend=MODEL_BACKEND)
        upload = self._ok(self.client.post("/imports/responses/", {"file": SimpleUploadedFile(file_name, data)}))
        if upload.status_code != 302:
            return f"refused {upload.status_code}"
        preview = self._ok(self.client.get(upload.url))
        confirmed = self._ok(self.client.post(upload.url, {"confirm": "1"}))
        return f"preview {preview.status_code}, confirm {confirmed.status_code}"

    def admin_plan_import(self, file_name, data):
        self.client.force_login(self.admin, backend=MODEL_BACKEND)
        form = {"plan": "people-plan-2020-21", "label": "fuzz", "new_plan_slug": "", "new_plan_name": ""}
        upload = self._ok(
            self.client.post(
                "/admin/actions/planversion/import/", {**form, "file": SimpleUploadedFile(file_name, data)}
            )
        )
        if upload.status_code != 302:
            return f"refused {upload.status_code}"
        return f"preview {self._ok(self.client.get(upload.url)).status_code}"

    def import_export_admin(self, file_name, data):
        self.client.force_login(self.admin, backend=MODEL_BACKEND)
        fmt = "1" if file_name.endswith(".xlsx") else "0"
        page = self._ok(
            self.client.post(
                "/admin/actions/plan/import/",
                {"resource": "0", "format": fmt, "import_file": SimpleUploadedFile(file_name, data)},
            )
        )
        return "refused" if page.context and page.context["form"].errors else f"shown {page.status_code}"

    def all(self):
        return [
            ("import_responses", self.import_responses),
            ("import_plan", self.import_plan),
            ("Import updates page", self.import_updates_page),
            ("admin plan import", self.admin_plan_import),
            ("django-import-export import", self.import_export_admin),
        ]


def test_hostile_files_through_every_upload_path(client, tmp_path, trust, hr_lead, national_admin, capsys):
    if not CLEAR_REFS.exists():
        pytest.skip("needs Linux's /proc/self/clear_refs to measure each run's peak memory")
    made = exports(trust)
    files = list(corpus(SEED, workbook_export=made["xlsx"], csv_export=made["csv"]))
    paths = Paths(client, tmp_path, hr_lead, national_admin).all()
    before = snapshot()
    slow, hungry, worst_cpu, worst_memory, outcomes, cpu_by_path = [], [], (0, ""), (0, ""), {}, {}
    started = time.perf_counter()
    for description, file_name, data in files:
        for path_name, path in paths:
            try:
                outcome, cpu, wall, memory = measured(lambda: path(file_name, data))  # noqa: B023
            except Exception as error:
                raise AssertionError(f"{path_name} failed on {description!r}: {error!r}") from error
            outcomes[outcome.split()[0]] = outcomes.get(outcome.split()[0], 0) + 1
            cpu_by_path[path_name] = cpu_by_path.get(path_name, 0) + cpu
            where = f"{path_name} / {description} ({cpu:.2f} s CPU, {wall:.2f} s, {memory:.0f} MB)"
            if cpu > CPU_SECONDS:
                slow.append(where)
            if memory > MEMORY_MB:
                hungry.append(where)
            worst_cpu = max(worst_cpu, (cpu, where))
            worst_memory = max(worst_memory, (memory, where))
    assert snapshot() == before, "a hostile file changed the database"
    with capsys.disabled():
        print(
            f"\nfuzz: {len(files)} files x {len(paths)} paths = {len(files) * len(paths)} runs in "
            f"{time.perf_counter() - started:.1f} s; outcomes {outcomes}\n"
            f"  CPU by path: { {k: round(v, 1) for k, v in cpu_by_path.items()} }\n"
            f"  most CPU: {worst_cpu[1]}\n  most memory: {worst_memory[1]}"
        )
    assert len(files) >= 200
    assert not slow, "over 2 s of CPU:\n" + "\n".join(slow)
    assert not hungry, f"over {MEMORY_MB} MB:\n" + "\n".join(hungry)
