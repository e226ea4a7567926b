"""Workbook cells: user text is always a text cell (never a formula), styles made once per workbook."""

import datetime
from copy import copy

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

DATE_FORMAT = "dd/mm/yyyy"
HEADER_FILL = PatternFill("solid", fgColor="005EB8")
FONT = Font(name="Arial", size=10)
HEADER_FONT = Font(name="Arial", size=10, bold=True, color="FFFFFF")
BOLD = Font(name="Arial", size=10, bold=True)
LINE_HEIGHT = 13  # points per line of Arial 10
WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left")
CENTRE = Alignment(wrap_text=True, vertical="top", horizontal="center")

_FILLS: dict[str, PatternFill] = {}


def fill(rgb: str) -> PatternFill:
    """One solid fill per colour (module constants: their ids key the style cache)."""
    if rgb not in _FILLS:
        _FILLS[rgb] = PatternFill("solid", fgColor=rgb)
    return _FILLS[rgb]


def _value(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def written_text(value) -> str:
    """A text value as its cell will hold it (characters a workbook cannot hold are dropped)."""
    return _value(value or "")


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


def line_cell(ws, line, attr: str):
    """A line's value for a column; the status cell carries its status's fill."""
    if attr == "status_label":
        return cell(ws, line.status_label, fill=fill(line.fill))
    return cell(ws, getattr(line, attr))
