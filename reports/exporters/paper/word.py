"""The board paper as a Word file (``.docx``)."""

import hashlib
import io
import zipfile

from ..base import Exporter, register
from .document import build_paper

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def content_digest(docx: bytes) -> str:
    """SHA-256 of a Word file's parts (names and contents), not of the zip's own time stamps."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for name in sorted(archive.namelist()):
            digest.update(name.encode() + b"\0" + archive.read(name) + b"\0")
    return digest.hexdigest()


class PaperExporter(Exporter):
    """A board paper format: the file is named after the paper, not the workbook."""

    source_kinds = ("report",)

    def filename(self, source) -> str:
        return f"{source.paper_stem()}.{self.extension}"


@register
class BoardPaperDocx(PaperExporter):
    format = "docx"
    extension = "docx"
    content_type = CONTENT_TYPE

    def render(self, source) -> bytes:
        out = io.BytesIO()
        build_paper(source).save(out)
        return out.getvalue()

    def write(self, source, stream, *, bom=False):
        stream.write(self.render(source))
