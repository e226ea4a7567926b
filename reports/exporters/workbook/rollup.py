"""The roll-up workbook: one file for a system, a region or the nation, not one per trust.

Cover; By organisation (organisation × status, % complete and overdue, with a chart); By theme
(theme × status, with a chart); Exceptions (overdue, off track or no update for 90 days, by
organisation — the roll-up pages' rule, ``actions.rules.is_rollup_exception``); and
Responses — every line with its Organisation column, the BRAG fills, status dropdowns, frozen
header, autofilter, print titles and landscape fit-to-width of the trust workbook
(``book.BoardWorkbook``). Lines stream from the source into the Responses sheet (openpyxl
write-only); only the counts and the exception lines are held in memory.
"""

import datetime
from collections import Counter

from django.utils import timezone
from openpyxl.chart import BarChart

from actions.rules import is_rollup_exception
from actions.spreadsheet.columns import sheet_columns
from actions.statuses import DISPLAY, percent_complete
from reports.selectors import exception_order

from ..base import Exporter, register
from .board import CONTENT_TYPE, status_bar_chart
from .board import _write_summary as write_theme_summary
from .book import BoardWorkbook, Sheet
from .cells import BOLD, CENTRE, cell, line_cells

RESPONSE_COLUMNS = sheet_columns("rollup", first="Organisation")
EXCEPTION_COLUMNS = sheet_columns("rollup_exceptions", first="Organisation")
RESPONSE_ATTRS = [c.attr for c in RESPONSE_COLUMNS]
EXCEPTION_ATTRS = [c.attr for c in EXCEPTION_COLUMNS]
ORGANISATION_HEADER = [("Organisation", 40)] + [(row.label, 11) for row in DISPLAY]
ORGANISATION_HEADER += [("Total", 9), ("% complete", 11), ("Overdue", 10)]


def _widths(columns, sheet):
    return [(c.name, c.sheets[sheet]) for c in columns]


def build_rollup(stream, *, front, lines, organisations, on: datetime.date | None = None):
    """Write the roll-up of ``lines`` (any iterable of ``reports.lines.Line``) to ``stream``;
    ``organisations`` (tree order) orders the By organisation sheet; ``on`` (today by default) is
    the day "no update for 90 days" is judged on."""
    on = on or timezone.localdate()
    book = BoardWorkbook(front.footer, organisation=front.organisation, as_at=front.as_at)
    cover = book.sheet("Cover", [("Item", 26), ("Detail", 90)])
    for label, value in front.rows:
        book.append(cover, [cell(cover.ws, label, font=BOLD), cell(cover.ws, value)])
    by_organisation = book.sheet("By organisation", ORGANISATION_HEADER, header_align=lambda i: CENTRE if i else None)
    by_theme = book.sheet(
        "By theme",
        [("Theme", 40)] + [(row.label, 11) for row in DISPLAY] + [("Total", 9)],
        header_align=lambda index: CENTRE if index else None,
    )
    exceptions = book.sheet("Exceptions", _widths(EXCEPTION_COLUMNS, "rollup_exceptions"), status_column="Status")
    responses = book.sheet("Responses", _widths(RESPONSE_COLUMNS, "rollup"), status_column="Status")

    per_organisation: dict[str, Counter] = {}
    overdue: Counter = Counter()
    per_theme: dict[tuple, Counter] = {}
    plan_position: dict[str, int] = {}  # plans in the order their lines first come
    pending_exceptions = []
    ws = responses.ws
    for line in lines:
        book.append(responses, line_cells(ws, line, RESPONSE_ATTRS))
        per_organisation.setdefault(line.organisation, Counter())[line.status] += 1
        key = (plan_position.setdefault(line.plan, len(plan_position)), line.theme_number, line.theme, line.plan_label)
        per_theme.setdefault(key, Counter())[line.status] += 1
        if line.overdue:
            overdue[line.organisation] += 1
        if is_rollup_exception(line.status, line.overdue, line.updated_on, on):
            pending_exceptions.append(line)

    # By organisation in tree order, then off track, at risk, overdue and the rest within each.
    position = {o.name: index for index, o in enumerate(organisations)}
    ordered = sorted(exception_order(pending_exceptions), key=lambda line: position.get(line.organisation, 0))
    for line in ordered:
        book.append(exceptions, line_cells(exceptions.ws, line, EXCEPTION_ATTRS))
    names = [o.name for o in organisations if o.name in per_organisation]
    _write_by_organisation(book, by_organisation, names, per_organisation, overdue)
    write_theme_summary(book, by_theme, per_theme, several=len(plan_position) > 1)
    book.finish(stream)


def _write_by_organisation(book, sheet: Sheet, names, counts, overdue):
    ws = sheet.ws
    totals: Counter = Counter()
    for name in names:
        counter = counts[name]
        totals.update(counter)
        book.append(sheet, _figures(ws, name, counter, overdue[name]))
    if not names:
        return
    book.append(sheet, _figures(ws, "Total", totals, sum(overdue.values()), font=BOLD))
    ws.add_chart(_chart(ws, rows=len(names)), f"A{len(names) + 4}")


def _figures(ws, name, counter, overdue, *, font=None):
    values = [counter.get(row.value, 0) for row in DISPLAY]
    percent = percent_complete(counter)
    return (
        [cell(ws, name, font=font)]
        + [cell(ws, v, font=font, align=CENTRE) for v in values]
        + [cell(ws, sum(values), font=font, align=CENTRE)]
        + [cell(ws, "—" if percent is None else f"{percent}%", font=font, align=CENTRE)]
        + [cell(ws, overdue, font=font, align=CENTRE)]
    )


def _chart(ws, *, rows: int) -> BarChart:
    # A bar per organisation: the chart grows with them.
    return status_bar_chart(ws, rows=rows, title="Actions by organisation and status", height=max(12.5, 4 + 0.6 * rows))


@register
class RollUpWorkbookExporter(Exporter):
    format = "xlsx"
    extension = "xlsx"
    content_type = CONTENT_TYPE
    source_kinds = ("rollup",)

    def write(self, source, stream, *, bom=False):
        build_rollup(stream, front=source.front_sheet(), lines=source.lines(), organisations=source.organisations())
