"""Workbook cells: user text is always a text cell (never a formula), styles made once per workbook.

A cell is a :class:`ReadyCell`: its value, type and style id are settled when it is made, and
``book`` hands it to openpyxl's cell writer as it is. openpyxl's own cells would work out the type of
every value twice and hash the style of every cell (most of the export's time at national scale).
"""

import datetime
import numbers

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.fill import ColorChoice, PatternFillProperties
from openpyxl.styles import Alignment, Font, PatternFill

from actions.statuses import display

DATE_FORMAT = "dd/mm/yyyy"
HEADER_FILL = PatternFill("solid", fgColor="005EB8")
FONT = Font(name="Arial", size=10)
HEADER_FONT = Font(name="Arial", size=10, bold=True, color="FFFFFF")
BOLD = Font(name="Arial", size=10, bold=True)
TITLE_FONT = Font(name="Arial", size=12, bold=True)
LINE_HEIGHT = 13  # points per line of Arial 10
WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left")
CENTRE = Alignment(wrap_text=True, vertical="top", horizontal="center")

_FILLS: dict[str, PatternFill] = {}
_INKS: dict[str, Font] = {}
# Each status pattern (``actions.statuses.PATTERNS``) as a DrawingML preset, for chart bars.
CHART_PATTERNS = {"stripes": "wdUpDiag", "hatch": "wdDnDiag", "dots": "pct20", "grid": "openDmnd"}
CHART_OUTLINE = "425563"


def fill(rgb: str) -> PatternFill:
    """One solid fill per colour (module constants: their ids key the style cache)."""
    if rgb not in _FILLS:
        _FILLS[rgb] = PatternFill("solid", fgColor=rgb)
    return _FILLS[rgb]


def ink(rgb: str) -> Font:
    """Arial 10 in the colour ``rgb``: a status's text on its colour (one font per colour)."""
    if rgb not in _INKS:
        _INKS[rgb] = Font(name="Arial", size=10, color=rgb)
    return _INKS[rgb]


def status_look(row) -> GraphicalProperties:
    """A chart series' bars for the status ``row`` (``actions.statuses.StatusDisplay``): its colour,
    with its pattern drawn in its ink, outlined."""
    look = GraphicalProperties()
    if row.pattern == "solid":
        look.solidFill = row.colour
    else:
        look.pattFill = PatternFillProperties(
            prst=CHART_PATTERNS[row.pattern], fgClr=ColorChoice(srgbClr=row.ink), bgClr=ColorChoice(srgbClr=row.colour)
        )
    look.line.solidFill = CHART_OUTLINE
    return look


class ReadyCell:
    """A cell as openpyxl's cell writer reads it (value, type, style id, coordinate), made once.

    ``book`` sets ``coordinate`` ("B7") as it writes the row; ``value`` is kept for row heights.
    """

    __slots__ = ("parent", "_value", "data_type", "style_id", "coordinate")
    hyperlink = None
    _comment = None
    has_style = True

    def __init__(self, ws, value, data_type, style_id):
        self.parent, self._value, self.data_type, self.style_id = ws, value, data_type, style_id
        self.coordinate = "A1"

    @property
    def value(self):
        return self._value


def _data_type(value) -> str:
    if isinstance(value, str):
        return "s"  # always text: a leading '=' is never a formula
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "d"
    if isinstance(value, bool):
        return "b"
    return "n"


def written_text(value) -> str:
    """A text value as its cell will hold it (characters a workbook cannot hold are dropped)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else (value or "")


def cell(ws, value, *, font=None, fill=None, wrap=True, number_format=None, align=None):
    """A cell whose text is always text: '=HYPERLINK(...)' stays the literal string."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if font is fill is align is number_format is None and wrap:  # most cells: plain wrapped text
            return ReadyCell(ws, value, "s", _style_id(ws, FONT, None, WRAP, None))
    elif value is not None and not isinstance(value, (numbers.Number, datetime.date)):
        value = str(value)
    is_date = isinstance(value, (datetime.date, datetime.datetime))
    alignment = align if align is not None else (WRAP if wrap else None)
    style_id = _style_id(ws, font or FONT, fill, alignment, (number_format or DATE_FORMAT) if is_date else None)
    return ReadyCell(ws, value, _data_type(value), style_id)


def _style_id(ws, font, fill, alignment, number_format):
    """The workbook's style id for this combination, registered once per workbook.

    Setting font, fill and alignment on every cell hashes each style object each time; here a
    prototype cell is styled once per combination and its style array registered with the
    workbook. The style objects are module constants, so their ids are stable keys.
    """
    styles = ws.parent.__dict__.get("_board_styles")
    if styles is None:
        styles = ws.parent._board_styles = {}
    key = (id(font), id(fill), id(alignment), number_format)
    found = styles.get(key)
    if found is None:
        prototype = WriteOnlyCell(ws)
        prototype.font = font
        if fill is not None:
            prototype.fill = fill
        if alignment is not None:
            prototype.alignment = alignment
        if number_format:
            prototype.number_format = number_format
        style_id = ws.parent._cell_styles.add(prototype._style)
        found = styles[key] = (style_id, (font, fill, alignment))  # keep the objects alive: ids stay unique
    return found[0]


def _status_ink(value) -> Font:
    try:
        return ink(display(value).ink)
    except KeyError:
        return FONT


def line_cells(ws, line, attrs) -> list:
    """A line's cells for the columns ``attrs`` (``reports.lines.Line`` attributes); the status cell
    carries its status's fill. Plain text and dates take their style ids straight (this runs for
    every line of a national roll-up)."""
    text, date = _style_id(ws, FONT, None, WRAP, None), _style_id(ws, FONT, None, WRAP, DATE_FORMAT)
    cells = []
    for attr in attrs:
        value = getattr(line, attr)
        if attr == "status_label":
            cells.append(cell(ws, value, fill=fill(line.fill), font=_status_ink(line.status)))
        elif value.__class__ is str:
            cells.append(ReadyCell(ws, ILLEGAL_CHARACTERS_RE.sub("", value), "s", text))
        elif value is None:
            cells.append(ReadyCell(ws, None, "n", text))
        elif value.__class__ is datetime.date:
            cells.append(ReadyCell(ws, value, "d", date))
        else:
            cells.append(cell(ws, value))
    return cells
