"""The board workbook: Cover, Summary (with a chart), Exceptions, Changes, then one sheet per theme.

Lines come from the source (a live action list or a frozen report) as any iterable of
``reports.lines.Line``; the theme and exception sheets show the columns of
``actions.spreadsheet.columns``. Only the exception lines are held in memory.

A workbook of several plans (the source's ``plans()``) groups by plan: theme sheets come plan by
plan and their names start with the plan's short name ("EDI plan 2023 1 Chief executives…": two
plans may both have a theme 1, and sheet names must be unique), the Summary names each theme's
plan, and the Exceptions and Changes sheets gain a Plan column. A workbook of one plan is laid out
as before.
"""

from collections import Counter

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.worksheet.pagebreak import Break

from actions.spreadsheet.columns import EDITABLE_COLUMNS, printed_columns, sheet_columns
from actions.spreadsheet.provenance import row_made
from actions.statuses import DISPLAY
from reports.selectors import exceptions as order_exceptions

from ..base import Exporter, register
from .book import BoardWorkbook, Sheet
from .cells import BOLD, CENTRE, cell, line_cells, status_look, written_text

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
THEME_COLUMNS = sheet_columns("theme")
EXCEPTION_COLUMNS = sheet_columns("exceptions")
THEME_ATTRS = [c.attr for c in THEME_COLUMNS]
EXCEPTION_ATTRS = [c.attr for c in EXCEPTION_COLUMNS]
CHANGE_COLUMNS = [("Change", 12), ("Theme", 14), ("Ref", 5), ("Action", 28), ("From", 11), ("To", 11), ("Detail", 29)]
PLAN_COLUMN = ("Plan", 14)
SUMMARY_COLUMNS = [("Theme", 27.5)] + [(row.label, 9.5) for row in DISPLAY] + [("Total", 6.5)]
EXCEPTIONS_HEADING = "Exceptions: actions off track, at risk or overdue"


def _widths(columns, sheet):
    return [(c.name, c.sheets[sheet]) for c in columns]


def build(stream, *, front, lines, changes=None, plans=()):
    """Write the workbook for ``lines`` (any iterable of ``Line``) of ``plans`` (``PlanLabel``s, in order)."""
    several = len(plans) > 1
    extra = [PLAN_COLUMN] if several else []
    book = BoardWorkbook(front.footer, organisation=front.organisation, as_at=front.as_at)
    cover = book.sheet("Cover", [("Item", 26), ("Detail", 90)])
    for label, value in front.rows:
        book.append(cover, [cell(cover.ws, label, font=BOLD), cell(cover.ws, value)])
    summary = book.sheet("Summary", SUMMARY_COLUMNS, header_align=lambda index: CENTRE if index else None)
    exceptions = book.sheet(
        "Exceptions",
        extra + _widths(EXCEPTION_COLUMNS, "exceptions"),
        status_column="Status",
        heading=EXCEPTIONS_HEADING,
    )
    changes_sheet = (
        book.sheet("Changes", extra + CHANGE_COLUMNS, heading=_changes_heading(changes))
        if changes is not None
        else None
    )

    position = {plan.name: index for index, plan in enumerate(plans)}
    themes: dict[tuple, Sheet] = {}
    counts: dict[tuple, Counter] = {}
    pending_exceptions = []
    for line in lines:
        key = (position.setdefault(line.plan, len(position)), line.theme_number, line.theme, line.plan_label)
        if key not in themes:
            title = f"{line.theme_number} {line.theme}"
            label = f"Theme {line.theme_number}: {line.theme}"
            themes[key] = book.sheet(
                f"{line.plan_label} {title}" if several else title,
                _widths(THEME_COLUMNS, "theme"),
                status_column="Status",
                label=f"{line.plan_label} · {label}" if several else label,
                printed=printed_columns("theme"),
            )
        ws = themes[key].ws
        book.append(themes[key], line_cells(ws, line, THEME_ATTRS))
        counts.setdefault(key, Counter())[line.status] += 1
        if line.response_id is not None:
            book.made_from(_row_made(line))
        if line.is_exception:
            pending_exceptions.append(line)

    # Off track, then at risk, then overdue, as on the report page.
    for line in order_exceptions(pending_exceptions):
        plan = [cell(exceptions.ws, line.plan)] if several else []
        book.append(exceptions, plan + line_cells(exceptions.ws, line, EXCEPTION_ATTRS))

    # Rows reach theme sheets in the list's sort order; the sheets follow plan, then theme, order.
    order = {id(sheet.ws): index for index, (_, sheet) in enumerate(sorted(themes.items()))}
    fixed = len(book.wb._sheets) - len(themes)
    book.wb._sheets[fixed:] = sorted(book.wb._sheets[fixed:], key=lambda ws: order[id(ws)])
    _write_summary(book, summary, counts, several=several)
    if changes_sheet is not None:
        _write_changes(book, changes_sheet, changes, several=several)
    book.finish(stream)


def _changes_heading(changes) -> str:
    previous = changes.previous
    if previous is None:
        return "Changes since the last report"
    return f"Changes since {previous.title} (as at {previous.as_at:%-d %B %Y})"


def _row_made(line):
    """What the line's theme-sheet row was made from (read back by the offline-updates import)."""
    cells = {c.name: written_text(getattr(line, c.attr)) for c in EDITABLE_COLUMNS}
    return row_made(response_id=line.response_id, revision=line.revision, cells=cells)


def _write_changes(book, sheet: Sheet, changes, *, several=False):
    ws = sheet.ws
    if not changes.rows():
        previous = changes.previous.title if changes.previous else "the last report"
        book.append(
            sheet,
            ([None] if several else [])
            + [cell(ws, "No changes"), None, None, None, None, None, cell(ws, f"Nothing changed since {previous}.")],
        )
    for row in changes.rows():
        book.append(
            sheet,
            ([cell(ws, row.line.plan)] if several else [])
            + [
                cell(ws, row.kind),
                cell(ws, row.line.theme),
                cell(ws, row.line.ref),
                cell(ws, row.line.action),
                cell(ws, row.before),
                cell(ws, row.after),
                cell(ws, row.detail),
            ],
        )


def _write_summary(book, summary: Sheet, counts, *, several=False):
    ws = summary.ws
    totals = Counter()
    for (_plan, number, name, plan_label), counter in sorted(counts.items()):
        values = [counter.get(row.value, 0) for row in DISPLAY]
        totals.update(counter)
        label = f"{plan_label}: {number}. {name}" if several else name
        book.append(
            summary,
            [cell(ws, label)] + [cell(ws, v, align=CENTRE) for v in values] + [cell(ws, sum(values), align=CENTRE)],
        )
    if not counts:
        return
    total_values = [totals.get(row.value, 0) for row in DISPLAY]
    book.append(
        summary,
        [cell(ws, "Total", font=BOLD)]
        + [cell(ws, v, font=BOLD, align=CENTRE) for v in total_values]
        + [cell(ws, sum(total_values), font=BOLD, align=CENTRE)],
    )
    # Printed, the chart starts a page of its own (LibreOffice would cut it across two).
    ws.row_breaks.append(Break(id=len(counts) + 2))
    ws.add_chart(_chart(ws, themes=len(counts)), f"A{len(counts) + 4}")


def _chart(ws, *, themes: int) -> BarChart:
    # A printed page holds 14 cm; each theme gets room for its name (checked in LibreOffice).
    return status_bar_chart(
        ws, rows=themes, title="Actions by theme and status", height=min(14, max(12.5, 4 + 1.1 * themes))
    )


def status_bar_chart(ws, *, rows: int, title: str, height: float) -> BarChart:
    """The stacked status bars of a summary sheet: one bar per row below the header (column A the
    category, then one column per status in ``DISPLAY`` order), each status in its one colour and
    pattern, the first row at the top as in the table, 9-pt labels as the printed table."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = title
    chart.y_axis.title = "Actions"
    data = Reference(ws, min_col=2, max_col=1 + len(DISPLAY), min_row=1, max_row=1 + rows)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=1 + rows))
    for series, row in zip(chart.series, DISPLAY, strict=True):
        series.graphicalProperties = status_look(row)
    chart.x_axis.scaling.orientation = "maxMin"  # first row at the top, as in the table
    chart.x_axis.tickLblSkip = 1
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.x_axis.txPr = _font_size(900)
    chart.y_axis.txPr = _font_size(900)
    chart.legend.txPr = _font_size(900)
    chart.width, chart.height = 26, height  # centimetres
    return chart


def _font_size(hundredths):
    props = CharacterProperties(sz=hundredths)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


@register
class BoardWorkbookExporter(Exporter):
    format = "xlsx"
    extension = "xlsx"
    content_type = CONTENT_TYPE

    def write(self, source, stream, *, bom=False):
        build(stream, front=source.front_sheet(), lines=source.lines(), changes=source.changes(), plans=source.plans())
