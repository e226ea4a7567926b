"""Checks on an uploaded board-paper Word template, before it is stored (``PaperTemplate``).

A template is trusted to style papers, not to run or fetch anything: it must be a real ``.docx``
(a zip with a Word document inside, within size limits), carry no macros or ActiveX, link to no
outside file (an image or template fetched from a URL when the paper is converted) and open in
python-docx as the start of a paper. Each failure is one plain sentence for the form.
"""

import io
import posixpath
import zipfile

from django.core.exceptions import ValidationError
from lxml import etree

from .exporters.paper.base import start_document

MAX_UPLOAD = 5 * 1024 * 1024
MAX_UNPACKED = 40 * 1024 * 1024
MAX_PARTS = 400
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
FORBIDDEN_PARTS = ("vbaproject.bin", "activex", "vbadata.xml")
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _external_links(archive) -> list[str]:
    found = []
    for name in archive.namelist():
        if not name.endswith(".rels"):
            continue
        try:
            root = etree.fromstring(archive.read(name), parser=PARSER)
        except etree.XMLSyntaxError:
            raise ValidationError("The file is damaged: a part of it cannot be read.") from None
        for relation in root.iter(f"{REL_NS}Relationship"):
            if relation.get("TargetMode") == "External" and relation.get("Type") != HYPERLINK:
                found.append(posixpath.basename(relation.get("Type", "")))
    return found


def check_template(content: bytes) -> None:
    """Raise ``ValidationError`` unless ``content`` is a Word template the paper can safely use."""
    if len(content) > MAX_UPLOAD:
        raise ValidationError(f"The template is larger than {MAX_UPLOAD // (1024 * 1024)} MB.")
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise ValidationError("This is not a Word file: save the template as a Word Document (.docx).")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED:
            raise ValidationError("The template is too large once unpacked.")
        names = {part.filename.lower() for part in parts}
        if "word/document.xml" not in names:
            raise ValidationError("This is not a Word document (.docx): it has no document inside.")
        if any(marker in name for name in names for marker in FORBIDDEN_PARTS):
            raise ValidationError("The template contains macros or ActiveX controls: save it as a .docx without them.")
        external = _external_links(archive)
        if external:
            raise ValidationError(
                "The template links to outside files (" + ", ".join(sorted(set(external))) + "): embed them instead."
            )
    try:
        start_document(template=content, organisation="")
    except Exception:  # python-docx raises many kinds on a damaged package
        raise ValidationError(
            "This file cannot be used as a template: it could not be read as a Word document."
        ) from None
