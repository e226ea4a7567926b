"""A write-only workbook of sheets with frozen headers, autofilter, print set-up and status dropdowns.

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
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.xml.constants import CUSTPROPS_NS, VTYPES_NS
from openpyxl.xml.functions import Element, SubElement

from actions.spreadsheet.cells import sheet_title
from actions.spreadsheet.provenance import properties
from actions.statuses import DISPLAY, Status

from .cells import HEADER_FILL, HEADER_FONT, LINE_HEIGHT, cell, fill

STATUS_LABELS = list(Status.labels)


@dataclass
class Sheet:
    ws: object
    columns: list  # [(name, width)]
    rows: int = 0
    status_col: int | None = None
    writer: object = None  # the sheet's row loop, started with its first row

    def __post_init__(self):
        self.per_line = [_characters_per_line(width) for _, width in self.columns]


class BoardWorkbook:
    def __init__(self, footer: str):
        self.footer = footer
        self.wb = Workbook(write_only=True)
        self.wb.custom_doc_props = RowProperties()
        self.sheets: list[Sheet] = []
        self.titles: set[str] = set()

    def made_from(self, made) -> None:
        """Record what a row was made from (``actions.spreadsheet.provenance``) in the workbook's properties."""
        self.wb.custom_doc_props.add(made.entry())

    def sheet(self, title, columns, *, status_column=None, header_align=None) -> Sheet:
        ws = self.wb.create_sheet(title=self._unique(sheet_title(title)))
        for index, (_, width) in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet = Sheet(ws=ws, columns=columns)
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
        row_idx = sheet.rows + 1 + (0 if header else 1)
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
        last_col = get_column_letter(len(sheet.columns))
        last_row = sheet.rows + 1
        ws.auto_filter.ref = f"A1:{last_col}{last_row}"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.oddFooter.left.text = self.footer.replace("&", "&&")
        ws.oddFooter.right.text = "Page &P of &N"
        if sheet.status_col and sheet.rows:
            _status_dropdown(ws, sheet.status_col, last_row)


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


def _status_dropdown(ws, column: int, last_row: int):
    """A list of the statuses to choose from, and each status's fill as conditional formatting."""
    col = get_column_letter(column)
    cells = f"{col}2:{col}{last_row}"
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
            cells, CellIsRule(operator="equal", formula=[f'"{row.label}"'], fill=fill(row.fill))
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
    return max(1, int(width * 1.15))


def _line_count(text: str, per_line: int) -> int:
    """Lines of wrapped ``text`` in a column of ``per_line`` characters."""
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
