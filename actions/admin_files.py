"""django-import-export in the admin, held to the same rules as the product's own files.

- Exports: every text cell is made spreadsheet-safe (``actions.spreadsheet.cells.neutralise``: a
  leading = + - @ tab or CR gets an apostrophe), in CSV and XLSX, the only formats offered.
- Errors never show a traceback.
- Imports (the Plan admin's, for superusers): the upload is checked before django-import-export
  parses it — the size limit, how far a workbook unpacks and how many rows it has (as
  ``actions.imports.reading.limits``), the encoding and NUL bytes of a CSV — and the form says which
  limit was hit. The formats parse within the same limits again when the file is read back at
  confirm (it waits in the database: ``actions.imports.uploads.DatabaseTmpStorage``).
"""

import tablib
from django import forms
from import_export import resources
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm

from actions.imports.reading import limits
from actions.imports.reading.encoding import csv_text
from actions.imports.reading.problems import ImportFileError
from actions.imports.reading.workbook import open_workbook
from actions.spreadsheet.cells import neutralise


class SpreadsheetSafeResource(resources.ModelResource):
    """Exports neutralise formula-like text; an import's errors never show a traceback (django-import-export
    prints one, with the server's file paths, under each error that is not a row's)."""

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))

    def import_data(self, *args, **kwargs):
        result = super().import_data(*args, **kwargs)
        for error in result.base_errors + [e for _, errors in result.row_errors() for e in errors]:
            error.traceback = ""  # a cached property: set on the instance
        return result


def checked_csv(data: bytes | str) -> str:
    """A CSV upload's text within the limits, or ``ImportFileError``."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > limits.MAX_BYTES:
        limits.refuse(f"the file is larger than the {limits.MAX_BYTES // limits.MB} MB limit")
    text = csv_text(data)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        limits.refuse("the file contains a NUL character (byte 0), which cannot be stored: remove it", row=line)
    if text.count("\n") > limits.MAX_ROWS + 10:
        limits.refuse(f"the file has more than {limits.MAX_ROWS:,} rows, the limit: split it and import each part")
    return text


def checked_workbook_rows(data: bytes) -> list[list]:
    """The first sheet's rows within the limits (as ``actions.imports.reading.reader``)."""
    if len(data) > limits.MAX_BYTES:
        limits.refuse(f"the file is larger than the {limits.MAX_BYTES // limits.MB} MB limit")
    try:
        sheet = open_workbook(data).worksheets[0]
        rows, empty = [], 0
        for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=limits.MAX_COLUMNS), start=1):
            if number > limits.MAX_ROWS_READ:
                limits.refuse(f"the file has more than {limits.MAX_ROWS_READ:,} rows, the limit: split it")
            if any(isinstance(v, str) and (len(v) > limits.MAX_CELL_CHARS or "\x00" in v) for v in values):
                limits.refuse("a cell is over the length limit or holds a NUL character", row=number)
            empty = empty + 1 if all(v in (None, "") for v in values) else 0
            if empty >= limits.MAX_EMPTY_RUN:
                break
            rows.append(list(values))
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        limits.refuse(f"unreadable file: the workbook is damaged ({type(error).__name__})")
    while rows and all(v in (None, "") for v in rows[-1]):
        rows.pop()
    width = max((i + 1 for row in rows[:1] for i, v in enumerate(row) if v not in (None, "")), default=0)
    return [row[:width] for row in rows]


class GuardedCSV(CSV):
    def create_dataset(self, in_stream, **kwargs):
        return super().create_dataset(checked_csv(in_stream), **kwargs)


class GuardedXLSX(XLSX):
    def create_dataset(self, in_stream):
        rows = checked_workbook_rows(in_stream)
        dataset = tablib.Dataset()
        if rows:
            dataset.headers = rows[0]
            for row in rows[1:]:
                dataset.append(row)
        return dataset


GUARDED_FORMATS = [GuardedCSV, GuardedXLSX]


class UploadLimitedImportForm(ImportForm):
    """django-import-export's import form, refusing a file beyond the limits before it is parsed."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > limits.MAX_BYTES:
            raise forms.ValidationError(f"The file is larger than the {limits.MAX_BYTES // limits.MB} MB limit.")
        data = upload.read(limits.MAX_BYTES + 1)
        upload.seek(0)
        try:
            if data[:4] == b"PK\x03\x04":
                checked_workbook_rows(data)
            else:
                checked_csv(data)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload
