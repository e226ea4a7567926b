"""The paper's starting document: the organisation's own Word template, or a clean default.

With a template the paper keeps its styles, page set-up and headers (the first-page header with
the logo, when the template has one) and drops the template's body text. Styles the paper needs
and the template lacks are added, so any ``.docx`` works. The default is A4, Arial, NHS blue
headings, with the organisation's name in the first page's header.
"""

import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .blocks import add_text

FONT = "Arial"
NHS_BLUE = "005EB8"
TEXT = "212B32"
# name → (size, bold, colour, outline level or None, space before, space after)
STYLES = {
    "Normal": (10.5, False, TEXT, None, 0, 6),
    "Title": (20, True, TEXT, None, 0, 12),
    "Heading 1": (15, True, NHS_BLUE, 0, 18, 6),
    "Heading 2": (12.5, True, TEXT, 1, 12, 4),
    "Heading 3": (11, True, TEXT, 2, 10, 4),
    "Caption": (9, False, TEXT, None, 2, 10),
}


def _set_fonts(element, name=FONT):
    """Name the font outright (dropping theme fonts, which would otherwise win)."""
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)


def _outline_level(style, level):
    properties = style.element.get_or_add_pPr()
    for old in properties.findall(qn("w:outlineLvl")):
        properties.remove(old)
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    properties.append(element)


def _define(style, spec, *, restyle: bool):
    size, bold, colour, level, before, after = spec
    if level is not None:
        _outline_level(style, level)
    if not restyle:
        return
    _set_fonts(style.element)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor.from_string(colour)
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)
    if style.name == "Title":
        border = style.element.get_or_add_pPr().find(qn("w:pBdr"))
        if border is not None:
            border.getparent().remove(border)


def _ensure_styles(document, *, restyle: bool):
    """Every style the paper uses exists; in the default document they all take the paper's look."""
    styles = document.styles
    for name, spec in STYLES.items():
        try:
            style = styles[name]
            fresh = False
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"] if name != "Normal" else None
            fresh = True
        _define(style, spec, restyle=restyle or fresh)


def _default_language(document, language="en-GB"):
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        return
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        return
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    element = OxmlElement("w:lang")
    element.set(qn("w:val"), language)
    properties.append(element)


def _clear_body(document):
    """Drop the template's body (keeping the last section's page set-up and headers)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _default_page(document, organisation: str):
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.8)
    section.header_distance = section.footer_distance = Cm(0.9)
    section.different_first_page_header_footer = True
    header = section.first_page_header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_text(header, organisation, bold=True, size=Pt(12), colour=NHS_BLUE)


def start_document(*, template: bytes | None, organisation: str):
    """A document to write the paper into: the template emptied of its text, or the default."""
    if template:
        document = Document(io.BytesIO(template))
        _clear_body(document)
        _ensure_styles(document, restyle=False)
        return document
    document = Document()
    _clear_body(document)
    _set_fonts(document.styles["Normal"].element)
    _default_language(document)
    _ensure_styles(document, restyle=True)
    _default_page(document, organisation)
    return document
