"""Large workbooks stream: memory does not grow with the number of rows."""

import tempfile
import tracemalloc

from reports.exporters.workbook import build
from reports.sources import FrontSheet

from .test_workbook import make_line

FRONT = FrontSheet(title="Large", rows=[("Title", "Large")], footer="Large")


def peak_bytes(count):
    # Ordinary lines only: exception lines (off track, at risk, overdue) are kept until the
    # Exceptions sheet is written, so memory grows with the number of exceptions, by design.
    statuses = ["on_track", "complete", "not_started", "for_noting"]
    lines = (
        make_line(
            1 + i % 9,
            f"Theme {1 + i % 9}",
            i,
            statuses[i % 4],
            action="An action text " * 8,
            latest_update="A progress note " * 6,
            overdue=False,
        )
        for i in range(1, count + 1)
    )
    tracemalloc.start()
    try:
        with tempfile.TemporaryFile() as stream:
            build(stream, front=FRONT, lines=lines)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_ten_times_the_rows_needs_about_the_same_memory():
    small, large = peak_bytes(200), peak_bytes(2_000)
    # Write-only mode spools rows to temporary files: the peak stays flat (about 1.1 MB for both when
    # measured with 500 and 5,000 rows), where a normal workbook keeps every cell in memory.
    assert large < small * 1.5, (small, large)
