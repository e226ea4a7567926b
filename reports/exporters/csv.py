"""The flat progress CSV: one row per line, the stable columns of ``actions.spreadsheet.columns``.

A roll-up's CSV is its organisations' CSVs one after another under one header."""

import csv
from collections.abc import Iterable, Iterator

from actions.spreadsheet.cells import csv_cell
from actions.spreadsheet.columns import CSV_COLUMNS, CSV_HEADER, row_values

from .base import Exporter, register


class _Echo:
    def write(self, value):
        return value


def iter_csv(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """CSV text line by line (for streaming responses and files alike); cells made spreadsheet-safe."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def progress_csv_lines(lines) -> Iterator[str]:
    return iter_csv(CSV_HEADER, (row_values(line, CSV_COLUMNS) for line in lines))


@register
class ProgressCsv(Exporter):
    format = "csv"
    extension = "csv"
    content_type = "text/csv; charset=utf-8"
    text = True
    source_kinds = ("live", "report", "rollup")

    def write(self, source, stream, *, bom=False):
        if bom:
            stream.write("\ufeff".encode())
        for chunk in self.chunks(source):
            stream.write(chunk)

    def chunks(self, source):
        for text in progress_csv_lines(source.lines()):
            yield text.encode("utf-8")
