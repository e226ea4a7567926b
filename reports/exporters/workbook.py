"""The board workbook (.xlsx): Cover, Summary (with a chart), Exceptions, Changes, one sheet per theme.

Written with openpyxl's write-only mode, so rows stream to temporary files and memory stays
flat however long the list. Lines come from the same generators as the CSV
(``progress.progress_lines`` for the live action list, ``progress.report_lines`` for a report).
User text is always written as a string cell, never as a formula.
"""

import datetime
from collections import Counter
from copy import copy
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties

from actions.models import Status

from .progress import Line, progress_lines, report_lines

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd/mm/yyyy"

# Light fills with dark text: readable on screen, on paper and in greyscale.
BRAG_FILLS = {
    "red": "F4B6B6",
    "amber": "FFDF91",
    "green": "B8E0C2",
    "blue": "BFD6F0",
    "grey": "E8EDEE",
}
# The chart tells the grey (non-BRAG) states apart.
CHART_FILLS = {
    Status.NOT_STARTED: "FFFFFF",
    Status.FOR_NOTING: "D8DDE0",
    Status.NFA: "AEB7BD",
    Status.NOT_APPLICABLE: "768692",
}
HEADER_FILL = PatternFill("solid", fgColor="005EB8")
FONT = Font(name="Arial", size=10)
HEADER_FONT = Font(name="Arial", size=10, bold=True, color="FFFFFF")
BOLD = Font(name="Arial", size=10, bold=True)
LINE_HEIGHT = 13  # points per line of Arial 10
WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left")
CENTRE = Alignment(wrap_text=True, vertical="top", horizontal="center")
STATUS_LABELS = [label for _, label in Status.choices]

THEME_COLUMNS = [
    ("Ref", 6), ("Action", 55), ("Who", 22), ("Timeline", 18), ("Due date", 12), ("Local owners", 16),
    ("Additional actions", 40), ("Status", 15), ("Latest update", 45), ("Updated on", 12),
]
# Narrower than a theme sheet so it prints legibly on one page width (checked in LibreOffice's PDF).
EXCEPTION_COLUMNS = [
    ("Theme", 20), ("Ref", 6), ("Action", 50), ("Due date", 12), ("Overdue", 9), ("Local owners", 14),
    ("Status", 15), ("Latest update", 45), ("Updated on", 12),
]
CHANGE_COLUMNS = [("Change", 20), ("Theme", 22), ("Ref", 6), ("Action", 55), ("From", 15), ("To", 15), ("Detail", 50)]


@dataclass
class FrontSheet:
    title: str
    rows: list  # [(label, value)] for the Cover
    footer: str


FILLS = {colour: PatternFill("solid", fgColor=rgb) for colour, rgb in BRAG_FILLS.items()}


def _fill(colour):
    return FILLS[colour]


def _value(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def cell(ws, value, *, font=None, fill=None, wrap=True, number_format=None, align=None):
    """A cell whose text is always text: '=HYPERLINK(...)' stays the literal string."""
    value = _value(value)
    c = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        c.data_type = "s"
    is_date = isinstance(value, (datetime.date, datetime.datetime))
    alignment = align if align is not None else (WRAP if wrap else None)
    c._style = copy(_style(ws, font or FONT, fill, alignment, (number_format or DATE_FORMAT) if is_date else None))
    return c


def _style(ws, font, fill, alignment, number_format):
    """The workbook's style array for this combination, made once per workbook.

    Setting font, fill and alignment on every cell hashes each style object each time
    (most of the export's time at national scale); a cell copies the finished array instead.
    The style objects are module constants, so their ids are stable keys.
    """
    cache = ws.parent.__dict__.setdefault("_board_styles", {})
    key = (id(font), id(fill), id(alignment), number_format)
    if key not in cache:
        prototype = WriteOnlyCell(ws)
        prototype.font = font
        if fill is not None:
            prototype.fill = fill
        if alignment is not None:
            prototype.alignment = alignment
        if number_format:
            prototype.number_format = number_format
        cache[key] = (prototype._style, (font, fill, alignment))  # keep the objects alive: ids stay unique
    return cache[key][0]


def status_cell(ws, line: Line):
    return cell(ws, line.status_label, fill=_fill(line.brag))


@dataclass
class _Sheet:
    ws: object
    columns: list
    rows: int = 0
    status_col: int | None = None


class BoardWorkbook:
    def __init__(self, front: FrontSheet):
        self.front = front
        self.wb = Workbook(write_only=True)
        self.sheets: list[_Sheet] = []

    def sheet(self, title, columns, *, status_column=None, header_align=None) -> _Sheet:
        ws = self.wb.create_sheet(title=_sheet_title(title))
        for index, (_, width) in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet = _Sheet(ws=ws, columns=columns)
        if status_column:
            sheet.status_col = [name for name, _ in columns].index(status_column) + 1
        self.append(sheet, [cell(ws, name, font=HEADER_FONT, fill=HEADER_FILL, align=header_align and header_align(i))
                            for i, (name, _) in enumerate(columns)], header=True)
        self.sheets.append(sheet)
        return sheet

    def append(self, sheet: _Sheet, values, *, header=False):
        """Append a row, sized to its wrapped text (spreadsheet readers do not do it on open)."""
        row_idx = sheet.rows + 1 + (0 if header else 1)
        lines = max(_line_count(getattr(c, "value", c), width) for c, (_, width) in zip(values, sheet.columns))
        sheet.ws.row_dimensions[row_idx].height = max(1, lines) * LINE_HEIGHT + 4
        sheet.ws.append(values)
        del sheet.ws.row_dimensions[row_idx]  # written already: keep memory flat
        if not header:
            sheet.rows += 1

    def finish(self, stream):
        for sheet in self.sheets:
            self._print_setup(sheet)
        self.wb.save(stream)

    def _print_setup(self, sheet: _Sheet):
        ws = sheet.ws
        last_col = get_column_letter(len(sheet.columns))
        last_row = sheet.rows + 1
        ws.auto_filter.ref = f"A1:{last_col}{last_row}"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.oddFooter.left.text = self.front.footer.replace("&", "&&")
        ws.oddFooter.right.text = "Page &P of &N"
        if sheet.status_col and sheet.rows:
            col = get_column_letter(sheet.status_col)
            cells = f"{col}2:{col}{last_row}"
            dropdown = DataValidation(
                type="list", formula1='"' + ",".join(STATUS_LABELS) + '"', allow_blank=True,
                showErrorMessage=True, errorTitle="Status", error="Choose one of the statuses in the list.",
            )
            dropdown.add(cells)
            ws.data_validations.append(dropdown)
            for value, label in Status.choices:
                rule = CellIsRule(operator="equal", formula=[f'"{label}"'], fill=_fill(Status.brag_colour(value)))
                ws.conditional_formatting.add(cells, rule)


def _line_count(value, width) -> int:
    if value is None:
        return 1
    if isinstance(value, (datetime.date, int, float)):
        return 1
    per_line = max(1, int(width * 1.15))
    return sum(max(1, -(-len(part) // per_line)) for part in str(value).split("\n"))


def _sheet_title(title):
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31]


def _theme_values(ws, line: Line):
    return [
        cell(ws, line.ref), cell(ws, line.action), cell(ws, line.who), cell(ws, line.timeline),
        cell(ws, line.due_date), cell(ws, line.owners), cell(ws, line.checklist), status_cell(ws, line),
        cell(ws, line.latest_update), cell(ws, line.updated_on),
    ]


def build(stream, *, front: FrontSheet, lines, changes=None):
    """Write the workbook for ``lines`` (any iterable of ``Line``) to ``stream``."""
    book = BoardWorkbook(front)
    cover = book.sheet("Cover", [("Item", 26), ("Detail", 90)])
    for label, value in front.rows:
        book.append(cover, [cell(cover.ws, label, font=BOLD), cell(cover.ws, value)])
    summary = book.sheet("Summary", [("Theme", 40)] + [(label, 11) for label in _summary_labels()] + [("Total", 9)],
                         header_align=lambda index: CENTRE if index else None)
    exceptions = book.sheet("Exceptions", EXCEPTION_COLUMNS, status_column="Status")
    changes_sheet = book.sheet("Changes", CHANGE_COLUMNS) if changes is not None else None

    themes: dict[tuple, _Sheet] = {}
    counts: dict[tuple, Counter] = {}
    pending_exceptions: list[Line] = []
    for line in lines:
        key = (line.theme_number, line.theme)
        if key not in themes:
            themes[key] = book.sheet(f"{line.theme_number} {line.theme}", THEME_COLUMNS, status_column="Status")
        ws = themes[key].ws
        book.append(themes[key], _theme_values(ws, line))
        counts.setdefault(key, Counter())[line.status] += 1
        if line.is_exception:
            pending_exceptions.append(line)

    # Off track, then at risk, then overdue, as on the report page. (Only the exceptions are held
    # in memory; every other row has already been written out.)
    from reports.selectors import exceptions as order_exceptions

    ews = exceptions.ws
    for line in order_exceptions(pending_exceptions):
        book.append(exceptions, [
            cell(ews, line.theme), cell(ews, line.ref), cell(ews, line.action), cell(ews, line.due_date),
            cell(ews, "Yes" if line.overdue else "No"), cell(ews, line.owners), status_cell(ews, line),
            cell(ews, line.latest_update), cell(ews, line.updated_on),
        ])

    # Rows reach theme sheets in the list's sort order; the sheets themselves follow theme order.
    order = {id(sheet.ws): position for position, (_, sheet) in enumerate(sorted(themes.items()))}
    fixed = len(book.wb._sheets) - len(themes)
    book.wb._sheets[fixed:] = sorted(book.wb._sheets[fixed:], key=lambda ws: order[id(ws)])
    _write_summary(book, summary, counts)
    if changes_sheet is not None:
        ws = changes_sheet.ws
        if not changes.rows():
            previous = changes.previous.title if changes.previous else "the last report"
            book.append(changes_sheet, [cell(ws, "No changes"), None, None, None, None, None,
                                        cell(ws, f"Nothing changed since {previous}.")])
        for row in changes.rows():
            book.append(changes_sheet, [
                cell(ws, row.kind), cell(ws, row.line.theme), cell(ws, row.line.ref), cell(ws, row.line.action),
                cell(ws, row.before), cell(ws, row.after), cell(ws, row.detail),
            ])
    book.finish(stream)


def _summary_statuses():
    from reports.selectors import SUMMARY_STATUSES

    return SUMMARY_STATUSES


def _summary_labels():
    return [Status(s).label for s in _summary_statuses()]


def _write_summary(book, summary: _Sheet, counts):
    ws = summary.ws
    statuses = _summary_statuses()
    totals = Counter()
    for (number, name), counter in sorted(counts.items()):
        values = [counter.get(s, 0) for s in statuses]
        totals.update(counter)
        book.append(summary, [cell(ws, name)] + [cell(ws, v, align=CENTRE) for v in values]
                    + [cell(ws, sum(values), align=CENTRE)])
    if not counts:
        return
    total_values = [totals.get(s, 0) for s in statuses]
    book.append(summary, [cell(ws, "Total", font=BOLD)] + [cell(ws, v, font=BOLD, align=CENTRE) for v in total_values]
                + [cell(ws, sum(total_values), font=BOLD, align=CENTRE)])
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Actions by theme and status"
    chart.y_axis.title = "Actions"
    themes = len(counts)
    data = Reference(ws, min_col=2, max_col=1 + len(statuses), min_row=1, max_row=1 + themes)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=1 + themes))
    for series, status in zip(chart.series, statuses):
        series.graphicalProperties.solidFill = CHART_FILLS.get(status) or BRAG_FILLS[Status.brag_colour(status)]
        series.graphicalProperties.line.solidFill = "425563"
    chart.x_axis.scaling.orientation = "maxMin"  # first theme at the top, as in the table
    chart.x_axis.tickLblSkip = 1
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.x_axis.txPr = _font_size(800)  # small labels so every theme name shows (checked in LibreOffice)
    chart.width, chart.height = 26, 12.5
    ws.add_chart(chart, f"A{themes + 4}")


def _font_size(hundredths):
    props = CharacterProperties(sz=hundredths)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def report_front_sheet(report) -> FrontSheet:
    state = (
        f"Issued {timezone.localtime(report.issued_at):%d %B %Y %H:%M}"
        + (f" by {report.issued_by.get_full_name() or report.issued_by.username}" if report.issued_by else "")
        if report.issued_at else "Draft — not yet issued; figures may still change"
    )
    author = ", ".join(filter(None, [report.author, report.author_title]))
    sponsor = ", ".join(filter(None, [report.executive_sponsor, report.executive_sponsor_title]))
    rows = [
        ("Title", report.title),
        ("Organisation", report.organisation.name),
        ("Report to", report.meeting),
        ("Meeting date", report.meeting_date),
        ("Agenda item", report.agenda_item),
        ("Purpose of the report", report.get_purpose_display()),
        ("Report author", author),
        ("Executive sponsor", sponsor),
        ("As at", report.as_at),
        ("Assurance level", report.get_assurance_level_display()),
        ("Rationale for assurance rating", report.assurance_rationale),
        ("Plan", report.plan.name),
        ("Report status", state),
    ]
    return FrontSheet(title=report.title, rows=rows, footer=report.title)


def live_front_sheet(*, organisation, plan=None, filters=None) -> FrontSheet:
    today = timezone.localdate()
    described = _describe_filters(filters)
    title = "People Plan progress — action list"
    rows = [
        ("Title", title),
        ("Organisation", organisation.name),
        ("Plan", plan.name if plan else "All plans"),
        ("As at", today),
        ("Filters", described or "None: every action"),
        ("Report status", "Live data from the action list — not a frozen board report"),
    ]
    return FrontSheet(title=title, rows=rows, footer=f"{organisation.name} — {title}, {today:%d %B %Y}")


def _describe_filters(filters):
    if not filters:
        return ""
    parts = []
    for key in sorted(filters):
        if key == "format":
            continue
        values = filters.getlist(key) if hasattr(filters, "getlist") else [filters[key]]
        values = [str(v) for v in (values if isinstance(values, list) else [values]) if str(v)]
        if values:
            parts.append(f"{key}: {', '.join(values)}")
    return "; ".join(parts)


def write_workbook(stream, *, organisation, plan=None, filters=None, report=None):
    """The board workbook of a report (frozen lines) or of the live, filtered action list."""
    if report is not None:
        from reports.selectors import report_changes

        changes = report_changes(report)
        build(stream, front=report_front_sheet(report), lines=report_lines(report),
              changes=changes if changes.previous else None)
        return
    front = live_front_sheet(organisation=organisation, plan=plan, filters=filters)
    build(stream, front=front, lines=progress_lines(organisation=organisation, plan=plan, filters=filters))
