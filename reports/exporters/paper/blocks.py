"""Building blocks of the board paper in python-docx: safe text, tables with repeating header rows,
cell shading, tick boxes, footers with page numbers.

User text only ever becomes the text of a run: never a field, a formula or markup. Characters XML
cannot hold (control characters) are dropped; a line break becomes a Word line break and a blank
line a new paragraph.
"""

import re

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml.etree import SubElement

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
BORDER = "AEB7BD"
HEADER_FILL = "E8EDEE"
CHECKED, UNCHECKED = "☒", "☐"
SYMBOL_FONT = "Segoe UI Symbol"
TABLE_FONT_SIZE = Pt(9)
CELL_SPACING_TWIPS = "60"  # 3 pt after each paragraph in a cell
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def clean(value) -> str:
    """Text fit for a Word run: a string, line endings as ``\\n``, no characters XML cannot hold."""
    text = "" if value is None else str(value)
    return NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def paragraphs_of(value) -> list[str]:
    """Paragraphs of a multi-line text: split at blank lines, surrounding space removed."""
    return [part.strip() for part in re.split(r"\n\s*\n", clean(value).strip()) if part.strip()]


def add_text(paragraph, value, *, bold=False, size=None, colour=None):
    run = paragraph.add_run(clean(value))
    run.bold = bold or None
    if size:
        run.font.size = size
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    return run


def lead_in(document, text):
    """A paragraph that introduces the table after it, and stays on the same page as its first row."""
    paragraph = document.add_paragraph(clean(text))
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _run(paragraph, text: str, *, bold: bool, size: int):
    """A run of ``text`` (already clean) with its line breaks and tabs, appended to a ``w:p``."""
    run = SubElement(paragraph, qn("w:r"))
    properties = SubElement(run, qn("w:rPr"))
    if bold:
        SubElement(properties, qn("w:b"))
    SubElement(properties, qn("w:sz")).set(qn("w:val"), str(size))
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            SubElement(run, qn("w:br"))
        for tab_number, piece in enumerate(line.split("\t")):
            if tab_number:
                SubElement(run, qn("w:tab"))
            if piece:
                element = SubElement(run, qn("w:t"))
                element.text = piece
                element.set(XML_SPACE, "preserve")


def _cell_paragraph(tc, runs, *, size, align=None):
    """A paragraph of ``runs`` (``[(text, bold)]``) at the end of a table cell, built on the XML
    directly (python-docx's run API is slow across the thousand cells of a long appendix)."""
    paragraph = SubElement(tc, qn("w:p"))
    properties = SubElement(paragraph, qn("w:pPr"))
    SubElement(properties, qn("w:spacing")).set(qn("w:after"), CELL_SPACING_TWIPS)
    if align:
        SubElement(properties, qn("w:jc")).set(qn("w:val"), align)
    for text, bold in runs:
        _run(paragraph, text, bold=bold, size=size)


def _empty(cell):
    tc = cell._tc
    for paragraph in tc.findall(qn("w:p")):
        tc.remove(paragraph)
    return tc


def write_cell(cell, value, *, bold=False, size=TABLE_FONT_SIZE, empty="—", align=None):
    """Put a (multi-paragraph) text in a cell in place of what it held.

    A ``(title, text)`` pair puts the title in bold on the first line."""
    title, value = value if isinstance(value, tuple) else (None, value)
    parts = paragraphs_of(value) or [empty]
    tc, half_points = _empty(cell), int(size.pt * 2)
    for index, part in enumerate(parts):
        runs = [(part, bold)]
        if title and index == 0:
            runs = [(clean(title) + "\n", True), *runs]
        _cell_paragraph(tc, runs, size=half_points, align=align)
    return cell


def write_lines(cell, lines, *, size=TABLE_FONT_SIZE, empty="—", bullet="• "):
    """One paragraph a line (a bullet each when there are several)."""
    lines = [clean(line).strip() for line in lines if clean(line).strip()]
    if not lines:
        return write_cell(cell, "", size=size, empty=empty)
    prefix = bullet if len(lines) > 1 else ""
    tc = _empty(cell)
    for line in lines:
        _cell_paragraph(tc, [(prefix + line, False)], size=int(size.pt * 2))
    return cell


def shade(cell, fill: str):
    properties = cell._tc.get_or_add_tcPr()
    for old in properties.findall(qn("w:shd")):
        properties.remove(old)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def borders(table):
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), BORDER)
        borders.append(element)
    properties.append(borders)


def _row_flag(row, flag: str):
    """``tblHeader`` (repeat on every page) or ``cantSplit`` (keep the row on one page)."""
    row._tr.get_or_add_trPr().append(OxmlElement(f"w:{flag}"))


def keep_row_together(row):
    _row_flag(row, "cantSplit")


def cell_margins(table, *, left_right):
    """Narrower left and right cell padding (EMU), for tables with many number columns."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(left_right / 635)))  # EMU → twentieths of a point
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def set_widths(table, widths):
    """Column widths (EMU) for Word (each cell) and LibreOffice (the grid); a merged cell gets its span's."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        start = 0
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            tc.width = sum(widths[start : start + span])
            start += span


def data_table(container, headers, widths, rows, *, fills=None, bold_first=False, numeric=(), header_size=None):
    """A bordered table whose header row repeats on every page; a row never splits across pages.

    ``rows``: lists of cell texts (or ``(title, text)``, or a list: one line each, bulleted when
    several); ``fills``: per row, ``{column: RGB fill}``
    for status cells; ``numeric``: columns of figures, centred."""
    table = container.add_table(rows=1, cols=len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    borders(table)
    header = table.rows[0]
    _row_flag(header, "tblHeader")
    _row_flag(header, "cantSplit")
    for column, (cell, text) in enumerate(zip(header.cells, headers, strict=True)):
        align = "center" if column in numeric else None
        write_cell(cell, text, bold=True, size=header_size or TABLE_FONT_SIZE, align=align)
        shade(cell, HEADER_FILL)
    for index, values in enumerate(rows):
        row = table.add_row()
        _row_flag(row, "cantSplit")
        cells = row.cells
        for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
            if isinstance(value, list):
                write_lines(cell, value)
            else:
                write_cell(cell, value, bold=bold_first and column == 0, align="center" if column in numeric else None)
        for column, fill in ((fills[index] if fills else None) or {}).items():
            shade(cells[column], fill)
    set_widths(table, widths)
    return table


def choices(paragraph, options, chosen, *, size=None):
    """The options in a row, the chosen one ticked (☒, bold) and the others empty boxes (☐)."""
    for index, (value, label) in enumerate(options):
        if index:
            add_text(paragraph, "    ", size=size)
        mark = paragraph.add_run(CHECKED if value == chosen else UNCHECKED)
        mark.font.name = SYMBOL_FONT
        if size:
            mark.font.size = size
        add_text(paragraph, f" {label}", bold=value == chosen, size=size)


def _field(paragraph, instruction: str, placeholder: str, size):
    """A Word field of our own (page numbers); never built from user text."""
    run = add_text(paragraph, placeholder, size=size)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run._r.addprevious(field)
    field.append(run._r)


def footer(section, left_text: str):
    """``left_text`` on the left and “Page N of M” on the right of every page of ``section``: a
    borderless two-cell table, so a long title wraps in its own cell and never pushes the page
    number onto a line of its own."""
    width = section.page_width - section.left_margin - section.right_margin
    size = Pt(8)
    for part in (section.footer, section.first_page_footer):
        part.is_linked_to_previous = False
        for child in list(part._element):
            part._element.remove(child)
        table = part.add_table(rows=1, cols=2, width=width)
        left, right = table.rows[0].cells
        write_cell(left, left_text, size=size, empty="")
        number = right.paragraphs[0]
        number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        add_text(number, "Page ", size=size)
        _field(number, "PAGE", "1", size)
        add_text(number, " of ", size=size)
        _field(number, "NUMPAGES", "1", size)
        set_widths(table, [int(width * 0.78), width - int(width * 0.78)])
        closing = part.add_paragraph()  # a header or footer ends with a paragraph
        closing.paragraph_format.space_after = Pt(0)
        add_text(closing, "", size=Pt(2))
