"""A write-only workbook of sheets with frozen headers, autofilter, print set-up and status dropdowns.

Printed (A4 landscape), every sheet reads at 9 pt or more: a sheet whose printed columns fit the page
prints at 100%; one that needs shrinking to at most ``MIN_SCALE`` fits to the page's width; wider
ones print at 100% and run onto more pages. A sheet may print only its first columns (``printed``:
the print area), repeats its header row on every page, and carries a running header naming the
organisation, the sheet (a theme sheet names its whole theme) and the as-at date.

Rows stream to temporary files (openpyxl's write-only mode), so memory stays flat however long the list.
Each row of ready cells (``cells.ReadyCell``) goes straight to openpyxl's cell writer, in the same
loop openpyxl's ``WriteOnlyWorksheet.append`` runs, less its per-value conversion: see ``_row_loop``
(written against openpyxl 3.1, which ``pyproject.toml`` pins).
"""

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell._writer import write_cell
from openpyxl.formatting.rule import CellIsRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.xml.constants import CUSTPROPS_NS, VTYPES_NS
from openpyxl.xml.functions import Element, SubElement

from actions.spreadsheet.cells import sheet_title
from actions.spreadsheet.provenance import properties
from actions.statuses import DISPLAY, Status

from .cells import HEADER_FILL, HEADER_FONT, LINE_HEIGHT, TITLE_FONT, cell, fill, ink

STATUS_LABELS = list(Status.labels)
# What an A4 landscape page holds at 100%, in column width units, between MARGINS (measured in
# LibreOffice: its printed PDF is what tests/test_workbook_print.py reads).
PAGE_WIDTH = 110
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.75, "bottom": 0.6, "header": 0.3, "footer": 0.3}  # inches
MIN_SCALE = 0.8  # fit to width only down to this: Arial 10 then still prints at 8 pt or more
HEADER_SIZE = 10
TITLE_HEIGHT = 22


@dataclass
class Sheet:
    ws: object
    columns: list  # [(name, width)]
    rows: int = 0
    status_col: int | None = None
    writer: object = None  # the sheet's row loop, started with its first row
    label: str = ""  # the sheet in the running header ("Theme 3: Looking after our people")
    printed: int = 0  # how many of the first columns print (0: all)
    top: int = 0  # rows above the header row (a title)
    scale: float | None = 1  # printed scale (``print_scale``)

    def __post_init__(self):
        self.per_line = [_characters_per_line(width) for _, width in self.columns]


class BoardWorkbook:
    def __init__(self, footer: str, *, organisation: str = "", as_at=None):
        self.footer = footer
        self.organisation = organisation
        self.as_at = as_at
        self.wb = Workbook(write_only=True)
        self.wb.custom_doc_props = RowProperties()
        self.sheets: list[Sheet] = []
        self.titles: set[str] = set()

    def made_from(self, made) -> None:
        """Record what a row was made from (``actions.spreadsheet.provenance``) in the workbook's properties."""
        self.wb.custom_doc_props.add(made.entry())

    def sheet(self, title, columns, *, status_column=None, header_align=None, label="", printed=0, heading="") -> Sheet:
        """A new sheet of ``columns`` ([(name, width)]): ``label`` names it in the running header
        (default: its title), only its first ``printed`` columns print (0: all), and ``heading``,
        when given, is a title row above the header row."""
        ws = self.wb.create_sheet(title=self._unique(sheet_title(title)))
        for index, (_, width) in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        top = 1 if heading else 0
        ws.freeze_panes = f"A{top + 2}"
        sheet = Sheet(ws=ws, columns=columns, label=label or ws.title, printed=printed, top=top)
        # Written with the sheet's first row (openpyxl's write-only sheets), so settled here.
        sheet.scale = print_scale(sum(width for _, width in columns[: printed or len(columns)]))
        if sheet.scale not in (1, None):
            ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        if heading:
            sheet.writer = _start_rows(ws)
            sheet.writer.send((1, TITLE_HEIGHT, [cell(ws, heading, font=TITLE_FONT, wrap=False)]))
        if status_column:
            sheet.status_col = [name for name, _ in columns].index(status_column) + 1
        self.append(
            sheet,
            [
                cell(ws, name, font=HEADER_FONT, fill=HEADER_FILL, align=header_align and header_align(i))
                for i, (name, _) in enumerate(columns)
            ],
            header=True,
        )
        self.sheets.append(sheet)
        return sheet

    def _unique(self, title: str) -> str:
        """``title``, or — when a sheet has it already (Excel compares names ignoring case) — the same
        cut short with " (2)", " (3)", … so every sheet name stays unique and within 31 characters."""
        candidate, number = title, 1
        while candidate.casefold() in self.titles:
            number += 1
            suffix = f" ({number})"
            candidate = title[: 31 - len(suffix)].rstrip() + suffix
        self.titles.add(candidate.casefold())
        return candidate

    def append(self, sheet: Sheet, cells, *, header=False):
        """Append a row of cells (``cells.cell``; None for an empty one), sized to its wrapped text
        (spreadsheet readers do not do it on open)."""
        row_idx = sheet.top + sheet.rows + 1 + (0 if header else 1)
        lines = 1
        for c, per_line in zip(cells, sheet.per_line, strict=True):
            value = None if c is None else c._value
            if value.__class__ is str and (len(value) > per_line or "\n" in value):
                lines = max(lines, _line_count(value, per_line))
        if sheet.writer is None:
            sheet.writer = _start_rows(sheet.ws)
        sheet.writer.send((row_idx, lines * LINE_HEIGHT + 4, cells))
        if not header:
            sheet.rows += 1

    def finish(self, stream):
        for sheet in self.sheets:
            self._print_setup(sheet)
        self.wb.save(stream)

    def _print_setup(self, sheet: Sheet):
        ws = sheet.ws
        header_row = sheet.top + 1
        last_col = get_column_letter(len(sheet.columns))
        last_row = header_row + sheet.rows
        ws.auto_filter.ref = f"A{header_row}:{last_col}{last_row}"
        ws.print_title_rows = f"{header_row}:{header_row}"
        printed = sheet.printed or len(sheet.columns)
        if printed < len(sheet.columns):
            ws.print_area = f"A1:{get_column_letter(printed)}{last_row}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9  # A4
        ws.page_margins = PageMargins(**MARGINS)
        if sheet.scale == 1:
            ws.page_setup.scale = 100
        elif sheet.scale:
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
        else:  # too wide to shrink and still read: full size, across more pages
            ws.page_setup.scale = 100
            ws.page_setup.pageOrder = "overThenDown"
        self._running_header(ws, sheet.label)
        if sheet.status_col and sheet.rows:
            _status_dropdown(ws, sheet.status_col, header_row + 1, last_row)

    def _running_header(self, ws, label: str):
        """Organisation, sheet and as-at date at the top of every printed page; footer and page number below."""
        parts = [
            (ws.oddHeader.left, self.organisation),
            (ws.oddHeader.center, label[:120]),
            (ws.oddHeader.right, f"As at {self.as_at:%-d %B %Y}" if self.as_at else ""),
            (ws.oddFooter.left, self.footer),
            (ws.oddFooter.right, "Page &P of &N"),
        ]
        for part, text in parts:
            if text:
                part.text = text if part is ws.oddFooter.right else text.replace("&", "&&")
                part.font, part.size = "Arial,Regular", HEADER_SIZE


def print_scale(width: float) -> float | None:
    """The printed scale of columns ``width`` units wide on A4 landscape: 1 when they fit, the
    fit-to-width scale when that is at least ``MIN_SCALE``, else None (print at 100% across pages)."""
    if width <= PAGE_WIDTH:
        return 1
    scale = PAGE_WIDTH / width
    return scale if scale >= MIN_SCALE else None


class RowProperties:
    """The workbook's custom properties: what each row was made from, kept as compact ASCII until the
    workbook is saved, then written straight to XML (openpyxl's own list checks each new name against
    every other, quadratic, and keeps an object per property)."""

    FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

    def __init__(self):
        self.entries = bytearray()

    def add(self, entry: str) -> None:
        self.entries += entry.encode("ascii") + b" "

    def __len__(self):
        return 1 if self.entries else 0

    def to_tree(self):
        root = Element(f"{{{CUSTPROPS_NS}}}Properties")
        entries = (entry.decode("ascii") for entry in bytes(self.entries).split())
        for pid, (name, value) in enumerate(properties(entries), start=2):
            prop = SubElement(root, f"{{{CUSTPROPS_NS}}}property", name=name, fmtid=self.FMTID, pid=str(pid))
            SubElement(prop, f"{{{VTYPES_NS}}}lpwstr").text = value
        return root


def _status_dropdown(ws, column: int, first_row: int, last_row: int):
    """A list of the statuses to choose from, and each status's fill as conditional formatting."""
    col = get_column_letter(column)
    cells = f"{col}{first_row}:{col}{last_row}"
    dropdown = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_LABELS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error="Choose one of the statuses in the list.",
    )
    dropdown.add(cells)
    ws.data_validations.append(dropdown)
    for row in DISPLAY:
        ws.conditional_formatting.add(
            cells, CellIsRule(operator="equal", formula=[f'"{row.label}"'], fill=fill(row.colour), font=ink(row.ink))
        )


def _start_rows(ws):
    """Start the sheet's row loop; openpyxl closes it (ending the sheet's data) when the book is saved."""
    ws._get_writer()
    rows = _row_loop(ws)
    next(rows)
    ws._rows = rows
    return rows


def _row_loop(ws):
    """``WriteOnlyWorksheet._write_rows`` for rows of ready cells: each ``(index, height, cells)``
    sent is written at once to the sheet's XML stream, with its height."""
    letters = [get_column_letter(column) for column in range(1, 200)]
    xf = ws._writer.xf.send(True)
    with xf.element("sheetData"):
        try:
            while True:
                index, height, cells = yield
                with xf.element("row", {"r": str(index), "ht": str(height), "customHeight": "1"}):
                    for letter, c in zip(letters, cells, strict=False):
                        if c is not None:
                            c.coordinate = f"{letter}{index}"
                            write_cell(xf, ws, c, True)
        except GeneratorExit:
            pass
    ws._writer.xf.send(None)


def _characters_per_line(width) -> int:
    """About how many characters of Arial 10 a column of ``width`` holds on a line."""
    return max(1, int(width * 1.25))


def _line_count(text: str, per_line: int) -> int:
    """Lines of wrapped ``text`` in a column of ``per_line`` characters."""
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
