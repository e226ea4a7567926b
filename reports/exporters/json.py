"""The flat progress table as JSON: the CSV's rows and columns (``actions.spreadsheet.columns``),
one object per line keyed by the column names, streamed as one array (a roll-up: every
organisation's lines, one array).

Values keep their types: ``Ref`` a number, dates ISO 8601 text, an empty date ``null``; text is as
written (no spreadsheet escaping: JSON is never read as a formula).
"""

import datetime
import json
from collections.abc import Iterator

from actions.spreadsheet.columns import CSV_COLUMNS, CSV_HEADER, row_values

from .base import Exporter, register


def json_value(value):
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def progress_json_chunks(lines) -> Iterator[str]:
    yield "["
    separator = "\n"
    for line in lines:
        row = dict(zip(CSV_HEADER, (json_value(v) for v in row_values(line, CSV_COLUMNS)), strict=True))
        yield separator + json.dumps(row, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


@register
class ProgressJson(Exporter):
    format = "json"
    extension = "json"
    content_type = "application/json"
    text = True
    source_kinds = ("live", "report", "rollup")

    def write(self, source, stream, *, bom=False):
        for chunk in self.chunks(source):
            stream.write(chunk)

    def chunks(self, source):
        for text in progress_json_chunks(source.lines()):
            yield text.encode("utf-8")
