"""Shared rendering for exports: spreadsheet-safe cells and streaming CSV."""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator

# A cell starting with one of these is read as a formula by Excel, LibreOffice or
# Google Sheets (CSV injection). Such text is written with a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Make user text inert in a spreadsheet; dates and numbers pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(neutralise(value))


class _Echo:
    def write(self, value):
        return value


def iter_csv(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """Yield CSV text line by line (for streaming responses and files alike)."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def write_csv(stream: io.TextIOBase, header: list[str], rows: Iterable[Iterable]) -> None:
    for line in iter_csv(header, rows):
        stream.write(line)
