"""The commands explain, in one line with exit status 1, instead of tracing back (hardening point 11)."""

import io
import os
import threading

import pytest
from django.core.management import ManagementUtility

from actions.models import Plan
from tests.import_helpers import national_plan_rows, snapshot, write_csv

pytestmark = pytest.mark.django_db


def manage(*argv, timeout=20):
    """Run ``manage.py argv`` in this process: (exit status, stdout, stderr)."""
    out, err, result = io.StringIO(), io.StringIO(), {}

    def target():
        import contextlib

        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                ManagementUtility(["manage.py", *argv]).execute()
                result["status"] = 0
            except SystemExit as exit:
                result["status"] = exit.code

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"manage.py {' '.join(argv)} was still running after {timeout} s"
    return result["status"], out.getvalue(), err.getvalue()


def one_line_error(status, stderr):
    lines = stderr.strip().splitlines()
    assert status == 1 and len(lines) == 1 and lines[0].startswith("CommandError: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_export_to_a_folder_is_a_one_line_error(tmp_path):
    line = one_line_error(*manage("export_progress", "--organisation", "RYV", "--output", str(tmp_path))[::2])
    assert line.startswith(f"CommandError: --output {tmp_path} is a folder: name a file in it")


def test_export_into_a_missing_folder_is_a_one_line_error(tmp_path):
    target = tmp_path / "no" / "such" / "board.xlsx"
    line = one_line_error(*manage("export_progress", "--organisation", "RYV", "--output", str(target))[::2])
    assert line == f"CommandError: cannot write {target}: No such file or directory"


def test_export_to_an_unwritable_file_is_a_one_line_error():
    argv = ["export_progress", "--organisation", "RYV", "--format", "csv", "--output", "/dev/full"]
    line = one_line_error(*manage(*argv)[::2])
    assert line == "CommandError: cannot write /dev/full: No space left on device"


def test_export_under_a_file_is_a_one_line_error(tmp_path):
    (tmp_path / "a-file").write_text("x")
    target = tmp_path / "a-file" / "board.csv"
    status, _, err = manage("export_progress", "--organisation", "RYV", "--format", "csv", "--output", str(target))
    assert one_line_error(status, err) == f"CommandError: cannot write {target}: Not a directory"


def test_a_300_character_label_is_refused_and_nothing_changes(tmp_path):
    path = write_csv(tmp_path / "plan.csv", national_plan_rows())
    before = snapshot()
    status, _, err = manage("import_plan", str(path), "--label", "x" * 300)
    assert one_line_error(status, err) == "CommandError: --label is 300 characters long: at most 200."
    assert snapshot() == before


@pytest.mark.parametrize("slug", ["NOT A SLUG!! <b>", "people plan", "x" * 81])
def test_a_plan_that_is_not_a_slug_is_refused_and_no_plan_is_made(tmp_path, slug):
    path = write_csv(tmp_path / "plan.csv", national_plan_rows())
    plans = set(Plan.objects.values_list("slug", flat=True))
    status, _, err = manage("import_plan", str(path), "--label", "v9", "--plan", slug)
    assert one_line_error(status, err).startswith("CommandError: --plan ")
    assert set(Plan.objects.values_list("slug", flat=True)) == plans


def test_import_responses_from_a_fifo_answers_at_once(tmp_path):
    fifo = tmp_path / "updates.csv"
    os.mkfifo(fifo)
    status, _, err = manage("import_responses", str(fifo), "--organisation", "RYV", timeout=10)
    assert one_line_error(status, err) == (
        f"CommandError: {fifo}: cannot read the file (not a regular file: a folder, pipe or device)"
    )


def test_import_responses_from_a_folder_is_a_one_line_error(tmp_path):
    status, _, err = manage("import_responses", str(tmp_path), "--organisation", "RYV")
    assert one_line_error(status, err) == f"CommandError: {tmp_path}: cannot read the file (Is a directory)"
