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
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from actions.imports.reading.problems import ImportFileError, Problem
from actions.spreadsheet.cells import unneutralise

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
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


def cell_text(value) -> str:
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
    return unneutralise(text)


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
) -> Table:
    """Read ``data`` (an .xlsx or .csv file's bytes) into a :class:`Table`."""
    max_rows = max_rows or MAX_ROWS
    max_bytes = max_bytes or MAX_BYTES
    if len(data) > max_bytes:
        raise ImportFileError(
            [
                Problem(
                    f"the file is larger than the {max_bytes / 1024 / 1024:g} MB limit: remove other sheets or split it"
                )
            ]
        )
    if not data:
        raise ImportFileError([Problem("unreadable file: it is empty")])
    spec = _Spec(list(columns), list(required), list(key_columns), sheet_column, max_rows)
    lower = file_name.lower()
    if lower.endswith((".xls", ".ods")):
        raise ImportFileError([Problem("unreadable file: save it as .xlsx (Excel workbook) or .csv and try again")])
    if lower.endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        sheets = _xlsx_sheets(data)
        is_csv = False
    else:
        sheets = [("", _csv_rows(data, spec))]
        is_csv = True
    table = Table(file_name=file_name)
    found = False
    best: tuple[int, int, str, set[str]] = (0, 0, "", set())
    for title, rows in sheets:
        found_here, candidate = _read_sheet(table, title, rows, spec, is_csv=is_csv)
        found |= found_here
        best = max(best, candidate, key=lambda c: c[0])
    if not found:
        if best[0] >= 2:  # a row that looks like the header, short of the key columns
            _check_required(best[3], spec, best[2], best[1], is_csv=is_csv)
        missing = ", ".join(f'"{c}"' for c in spec.required)
        raise ImportFileError(
            [Problem(f"no header row found: looked in the first {HEADER_SEARCH_ROWS} rows for the columns {missing}")]
        )
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


def _read_sheet(table: Table, title: str, rows: Iterator[tuple[int, list]], spec: _Spec, *, is_csv: bool):
    """Append a sheet's data rows to ``table``.

    Returns (header found, best candidate) where the candidate is the row that matched
    the most column names: (count, row number, sheet, names) — for the error message.
    """
    canonical = spec.canonical()
    header: dict[int, str] | None = None
    best: tuple[int, int, str, set[str]] = (0, 0, title, set())
    for number, values in rows:
        texts = [cell_text(v) for v in values]
        if header is None:
            if number > HEADER_SEARCH_ROWS:
                break
            names = {}
            for index, text in enumerate(texts):
                name = canonical.get(normalise_name(text))
                if name and name not in names.values():
                    names[index] = name
            if not set(spec.key_columns) <= set(names.values()):
                if len(names) > best[0]:
                    best = (len(names), number, title, set(names.values()))
                continue
            header = names
            _check_required(set(names.values()), spec, title, number, is_csv=is_csv)
            table.columns |= set(names.values())
            if spec.sheet_column and spec.sheet_column not in table.columns and not is_csv:
                table.columns.add(spec.sheet_column)
            continue
        if not any(texts):
            continue
        cells = {name: (texts[index] if index < len(texts) else "") for index, name in header.items()}
        if spec.sheet_column and spec.sheet_column not in header.values():
            cells[spec.sheet_column] = title.strip()
        table.rows.append(Row(number=number, cells=cells, sheet=title))
        if len(table.rows) > spec.max_rows:
            raise ImportFileError(
                [Problem(f"the file has more than {spec.max_rows:,} rows, the limit: split it and import each part")]
            )
    return header is not None, best


def _check_required(present: set[str], spec: _Spec, title: str, number: int, *, is_csv: bool):
    needed = [c for c in spec.required if not (c == spec.sheet_column and not is_csv)]
    missing = [c for c in needed if c not in present]
    if missing:
        raise ImportFileError(
            [Problem(f'missing required column "{c}" in the header row', row=number, sheet=title) for c in missing]
        )


def _csv_text(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ImportFileError([Problem("unreadable file: this is not a CSV text file or an .xlsx workbook")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError([Problem("unreadable file: the text is neither UTF-8 nor Windows-1252")]) from None


def _delimiter(text: str, spec: "_Spec") -> str:
    """The separator whose reading of the first rows has a header with the key columns (Excel in some
    locales saves "CSV" with semicolons); a comma when none does."""
    keys = {normalise_name(c) for c in spec.key_columns}
    for delimiter in (",", ";", "\t"):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for _, values in zip(range(HEADER_SEARCH_ROWS), reader, strict=False):
                if keys <= {normalise_name(v) for v in values}:
                    return delimiter
        except csv.Error:
            continue
    return ","


def _csv_rows(data: bytes, spec: "_Spec") -> Iterator[tuple[int, list]]:
    text = _csv_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, spec))
    number = 0
    try:
        for number, values in enumerate(reader, start=1):
            yield number, values
    except csv.Error as error:
        raise ImportFileError([Problem(f"unreadable file: {error}", row=number + 1)]) from None


def _xlsx_sheets(data: bytes) -> list[tuple[str, Iterator[tuple[int, list]]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise ImportFileError([Problem(f"unreadable file: not an .xlsx workbook ({type(error).__name__})")]) from None
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError([Problem(f"unreadable file: the workbook is damaged ({type(error).__name__})")]) from None

    def rows(sheet):
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(values)
        except Exception as error:  # a damaged sheet part
            raise ImportFileError([Problem(f"unreadable sheet ({type(error).__name__})", sheet=sheet.title)]) from None

    return [(sheet.title, rows(sheet)) for sheet in workbook.worksheets]


def read_upload_bytes(path) -> bytes:
    """A file's bytes, reading at most one byte past the size limit (``read_table`` then refuses it)."""
    with open(path, "rb") as stream:
        return stream.read(MAX_BYTES + 1)


def read_action_rows(*, data: bytes, file_name: str, columns, required, key_columns=("Ref", "Action")) -> Table:
    """A file of actions as the product writes them: rows found by their ``key_columns``; in a workbook
    without a Theme column each sheet's name is its theme (the board workbook's theme sheets)."""
    return read_table(
        data=data,
        file_name=file_name,
        columns=columns,
        required=required,
        key_columns=list(key_columns),
        sheet_column="Theme",
    )
