"""Open an uploaded workbook with openpyxl (read-only), after ``limits.check_workbook_zip`` passed it.

openpyxl, opening a sheet read-only, looks for the sheet's ``<dimension>`` before its rows; for a
sheet without one it reads the whole sheet to find out (it waits for the *end* of ``<sheetData>``), so
every sheet is parsed twice. :class:`_SheetSizedAtStart` stops at the *start* of ``<sheetData>``
instead — the same answer (no dimension), without the second pass. It is used for the read-only
workbooks this module opens (openpyxl's reader looks the class up by name when it opens a workbook;
it is swapped for the duration of the call only).
"""

import io
import threading

from openpyxl import load_workbook
from openpyxl.reader import excel as openpyxl_reader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.functions import iterparse

from actions.imports.reading import limits

_swap = threading.Lock()


class _SheetSizedAtStart(ReadOnlyWorksheet):
    def _get_size(self):
        with self._get_source() as source:
            for _event, element in iterparse(source, events=("start",)):
                if element.tag == DIMENSION_TAG:
                    boundaries = SheetDimension.from_tree(element).boundaries
                    if boundaries is not None:
                        self._min_column, self._min_row, self._max_column, self._max_row = boundaries
                    return
                if element.tag == DATA_TAG:
                    return


def open_workbook(data: bytes):
    """The workbook of ``data``, read-only and values only. Checks the zip first (``limits``);
    raises ``ImportFileError`` for anything refused, and whatever openpyxl raises for a damaged file."""
    limits.check_workbook_zip(data)
    with _swap:
        original = openpyxl_reader.ReadOnlyWorksheet
        openpyxl_reader.ReadOnlyWorksheet = _SheetSizedAtStart
        try:
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        finally:
            openpyxl_reader.ReadOnlyWorksheet = original
