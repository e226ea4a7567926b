"""Read an uploaded .xlsx or .csv into rows of named cells.

- CSV: UTF-8, UTF-8 with a byte-order mark (as our export writes it) or Windows-1252
  (as Excel on Windows saves "CSV"); comma, semicolon or tab separated.
- XLSX: every sheet whose header row holds the *key* columns is read; other sheets
  (a cover or summary sheet) are skipped. When ``sheet_column`` (e.g. "Theme") is not a
  column of a sheet, the sheet's name is that column's value (the board workbook's
  theme sheets).
- The header row is found within the first :data:`HEADER_SEARCH_ROWS` rows (real
  trackers have a title row above it). Columns are matched by name, case-insensitively
  and ignoring spacing, in any order; unknown columns are ignored.
- Row numbers are the spreadsheet's own, 1-based, counting title rows: a CSV record
  that spans several lines (a cell with newlines) is still one row.
- Cells are text, stripped; a whole-number float from Excel reads "4"; a date reads as
  ISO 8601; the apostrophe our exports put before formula-like text is removed.

Every failure is an :class:`~actions.imports.reading.problems.ImportFileError`, never a traceback.
- Limits (``limits``): the file's size, how far a workbook unpacks (checked before parsing), rows,
  empty rows in a row, columns, a cell's length, NUL characters — each refusal names the limit.
- Text is kept exactly as written: an xlsx cell is read as it is; in a CSV, only the apostrophe
  our exports put before formula-like text (or before a leading apostrophe) is removed.
- A CSV that is UTF-8 but for a stray Windows-1252 byte is refused, naming the row: guessing would
  change its text ("CafÃ©").
"""

import csv
import datetime
import errno
import io
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from actions.imports.reading import limits
from actions.imports.reading.encoding import csv_text
from actions.imports.reading.limits import MAX_BYTES, MAX_ROWS
from actions.imports.reading.problems import ImportFileError, Problem
from actions.imports.reading.workbook import open_workbook
from actions.spreadsheet.cells import unneutralise

__all__ = ["MAX_BYTES", "MAX_ROWS", "Row", "Table", "read_table", "read_upload_bytes"]

HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Row:
    """One data row: the spreadsheet's row number and its cells by canonical column name."""

    number: int
    cells: dict[str, str]
    sheet: str = ""

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def problem(self, message: str, column: str = "") -> Problem:
        return Problem(message, row=self.number, column=column, sheet=self.sheet)


@dataclass
class Table:
    file_name: str
    rows: list[Row] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)
    warnings: list[Problem] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # the sheets whose rows were read
    properties: dict[str, str] = field(default_factory=dict)  # a workbook's custom properties


EXCEL_SHEET_NAME_LIMIT = 31


def normalise_name(value: str) -> str:
    return " ".join(str(value).split()).casefold()


def match_name(value: str, known, *, from_sheet_name: bool) -> str | None:
    """Which of the ``known`` normalised names ``value`` means: the same ignoring case and spacing,
    or — for a sheet name, which Excel cuts at 31 characters ("Recruitment and deployment acro") —
    the one known name it begins."""
    key = normalise_name(value)
    if key in known:
        return key
    if from_sheet_name and len(value.strip()) == EXCEL_SHEET_NAME_LIMIT:
        candidates = [name for name in known if name.startswith(key)]
        if len(candidates) == 1:
            return candidates[0]
    return None


def cell_text(value, *, csv_file: bool = False) -> str:
    """A cell as stripped text (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return (value.date() if value.time() == datetime.time() else value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return unneutralise(text) if csv_file else text


def read_table(
    *,
    data: bytes,
    file_name: str,
    columns: Iterable[str],
    required: Iterable[str],
    key_columns: Iterable[str],
    sheet_column: str | None = None,
    max_rows: int | None = None,
    max_bytes: int | None = None,
    skip_sheets: Iterable[str] = (),
) -> Table:
    """Read ``data`` (an .xlsx or .csv file's bytes) into a :class:`Table`.

    ``skip_sheets``: names of workbook sheets never read (the board workbook's Cover, Summary, …)."""
    max_rows = max_rows or MAX_ROWS
    max_bytes = max_bytes or MAX_BYTES
    if len(data) > max_bytes:
        limits.refuse(
            f"the file is larger than the {max_bytes / 1024 / 1024:g} MB limit: remove other sheets or split it"
        )
    if not data:
        limits.refuse("unreadable file: it is empty")
    spec = _Spec(list(columns), list(required), list(key_columns), sheet_column, max_rows)
    lower = file_name.lower()
    if lower.endswith((".xls", ".ods")):
        limits.refuse("unreadable file: save it as .xlsx (Excel workbook) or .csv and try again")
    skip = {normalise_name(name) for name in skip_sheets}
    table = Table(file_name=file_name)
    if lower.endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        workbook_sheets, table.properties = _xlsx_sheets(data)
        sheets = [(title, rows) for title, rows in workbook_sheets if normalise_name(title) not in skip]
        is_csv = False
    else:
        sheets = [("", _csv_rows(data, spec))]
        is_csv = True
    found = False
    best: tuple[int, int, str, set[str]] = (0, 0, "", set())
    budget = _Budget()
    for title, rows in sheets:
        found_here, candidate = _read_sheet(table, title, rows, spec, is_csv=is_csv, budget=budget)
        found |= found_here
        if found_here:
            table.sheets.append(title)
        best = max(best, candidate, key=lambda c: c[0])
    if not found:
        if best[0] >= 2:  # a row that looks like the header, short of the key columns
            _check_required(best[3], spec, best[2], best[1], is_csv=is_csv)
        missing = ", ".join(f'"{c}"' for c in spec.required)
        limits.refuse(f"no header row found: looked in the first {HEADER_SEARCH_ROWS} rows for the columns {missing}")
    return table


@dataclass
class _Spec:
    columns: list[str]
    required: list[str]
    key_columns: list[str]
    sheet_column: str | None
    max_rows: int

    def canonical(self) -> dict[str, str]:
        return {normalise_name(c): c for c in self.columns}


@dataclass
class _Budget:
    """Rows read so far in the whole file, empty ones too (``limits.MAX_ROWS_READ``)."""

    read: int = 0


def _texts(values: list, number: int, title: str, names: dict[int, str] | None, *, is_csv: bool) -> list[str]:
    """A row's cells as text, refusing a NUL character or an over-long cell (naming row and column)."""
    texts = []
    for index, value in enumerate(values[: limits.MAX_COLUMNS]):
        text = cell_text(value, csv_file=is_csv)
        if text and ("\x00" in text or len(text) > limits.MAX_CELL_CHARS):
            column = (names or {}).get(index) or _column_letter(index)
            message = (
                "the cell contains a NUL character (byte 0), which cannot be stored: remove it"
                if "\x00" in text
                else f"the cell has {len(text):,} characters, over the limit of {limits.MAX_CELL_CHARS:,}"
            )
            limits.refuse(message, row=number, column=column, sheet=title)
        texts.append(text)
    return texts


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _read_sheet(table: Table, title: str, rows, spec: _Spec, *, is_csv: bool, budget: _Budget):
    """Append a sheet's data rows to ``table``.

    Returns (header found, best candidate) where the candidate is the row that matched
    the most column names: (count, row number, sheet, names) — for the error message.
    """
    canonical = spec.canonical()
    header: dict[int, str] | None = None
    best: tuple[int, int, str, set[str]] = (0, 0, title, set())
    empty_run = 0
    for number, values in rows:
        budget.read += 1
        if budget.read > limits.MAX_ROWS_READ:
            limits.refuse(
                f"the file has more than {limits.MAX_ROWS_READ:,} rows counting empty ones, the limit: "
                "delete the empty rows or split the file",
                sheet=title,
            )
        texts = _texts(values, number, title, header, is_csv=is_csv)
        if not any(texts):
            empty_run += 1
            if empty_run >= limits.MAX_EMPTY_RUN:
                if header is not None:
                    table.warnings.append(
                        Problem(
                            f"stopped reading after {limits.MAX_EMPTY_RUN:,} empty rows in a row: "
                            "anything further down was not read",
                            row=number,
                            sheet=title,
                        )
                    )
                break
            continue
        empty_run = 0
        if header is None:
            if number > HEADER_SEARCH_ROWS:
                break
            header, best = _header(texts, canonical, spec, title, number, best, is_csv=is_csv)
            if header is not None:
                table.columns |= set(header.values())
                if spec.sheet_column and spec.sheet_column not in table.columns and not is_csv:
                    table.columns.add(spec.sheet_column)
            continue
        cells = {name: (texts[index] if index < len(texts) else "") for index, name in header.items()}
        if spec.sheet_column and spec.sheet_column not in header.values():
            cells[spec.sheet_column] = title.strip()
        table.rows.append(Row(number=number, cells=cells, sheet=title))
        if len(table.rows) > spec.max_rows:
            limits.refuse(f"the file has more than {spec.max_rows:,} rows, the limit: split it and import each part")
    return header is not None, best


def _header(texts, canonical, spec: _Spec, title, number, best, *, is_csv):
    """The header's {column index: canonical name} when this row holds the key columns, else None
    (and the best candidate so far)."""
    names = {}
    for index, text in enumerate(texts):
        name = canonical.get(normalise_name(text))
        if name and name not in names.values():
            names[index] = name
    if not set(spec.key_columns) <= set(names.values()):
        if len(names) > best[0]:
            best = (len(names), number, title, set(names.values()))
        return None, best
    _check_required(set(names.values()), spec, title, number, is_csv=is_csv)
    return names, best


def _check_required(present: set[str], spec: _Spec, title: str, number: int, *, is_csv: bool):
    needed = [c for c in spec.required if not (c == spec.sheet_column and not is_csv)]
    missing = [c for c in needed if c not in present]
    if missing:
        raise ImportFileError(
            [Problem(f'missing required column "{c}" in the header row', row=number, sheet=title) for c in missing]
        )


def _delimiter(text: str, spec: "_Spec") -> str:
    """The separator whose reading of the first rows has a header with the key columns (Excel in some
    locales saves "CSV" with semicolons); a comma when none does."""
    keys = {normalise_name(c) for c in spec.key_columns}
    head = text[: 64 * 1024]
    for delimiter in (",", ";", "\t"):
        reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
        try:
            for _, values in zip(range(HEADER_SEARCH_ROWS), reader, strict=False):
                if keys <= {normalise_name(v) for v in values[: limits.MAX_COLUMNS]}:
                    return delimiter
        except csv.Error:
            continue
    return ","


def _csv_rows(data: bytes, spec: "_Spec") -> Iterator[tuple[int, list]]:
    text = csv_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, spec))
    number = 0
    try:
        for number, values in enumerate(reader, start=1):
            yield number, values
    except csv.Error as error:
        raise ImportFileError([Problem(f"unreadable file: {error}", row=number + 1)]) from None


def _xlsx_sheets(data: bytes) -> tuple[list[tuple[str, Iterator[tuple[int, list]]]], dict[str, str]]:
    try:
        workbook = open_workbook(data)
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError([Problem(f"unreadable file: the workbook is damaged ({type(error).__name__})")]) from None

    def rows(sheet):
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=limits.MAX_COLUMNS), start=1):
                yield number, list(values)
        except ImportFileError:
            raise
        except Exception as error:  # a damaged sheet part
            raise ImportFileError([Problem(f"unreadable sheet ({type(error).__name__})", sheet=sheet.title)]) from None

    properties = {p.name: p.value for p in workbook.custom_doc_props if isinstance(p.value, str)}
    return [(sheet.title, rows(sheet)) for sheet in workbook.worksheets], properties


def read_upload_bytes(path) -> bytes:
    """A regular file's bytes, reading at most one byte past the size limit (``read_table`` then refuses
    it). Raises ``OSError`` for anything that is not a regular file (a folder, a FIFO, a device)."""
    # Opened without blocking, so a FIFO with no writer is refused at once instead of waiting forever.
    with open(path, "rb", opener=lambda name, flags: os.open(name, flags | os.O_NONBLOCK)) as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file: a folder, pipe or device")
        return stream.read(MAX_BYTES + 1)


def read_action_rows(
    *, data: bytes, file_name: str, columns, required, key_columns=("Ref", "Action"), skip_sheets=()
) -> Table:
    """A file of actions as the product writes them: rows found by their ``key_columns``; in a workbook
    without a Theme column each sheet's name is its theme (the board workbook's theme sheets)."""
    return read_table(
        data=data,
        file_name=file_name,
        columns=columns,
        required=required,
        key_columns=list(key_columns),
        sheet_column="Theme",
        skip_sheets=list(skip_sheets),
    )
