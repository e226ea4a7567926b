"""The board paper as a PDF: the Word paper converted by LibreOffice (headless), so both files are
one document. Needs ``soffice`` (Debian: ``libreoffice-writer-nogui``; ``make run`` and CI install it).

Each conversion runs in its own temporary folder with its own LibreOffice profile (parallel
conversions never share one) and is killed, with every process it started, after ``timeout``
seconds (``BOARD_PAPER_PDF_TIMEOUT``, default 25: under gunicorn's 30-second worker timeout).
"""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

from ..base import register
from .word import BoardPaperDocx, PaperExporter


class ConversionFailed(RuntimeError):
    """LibreOffice is missing, failed, or took too long."""


def soffice_path() -> str | None:
    return getattr(settings, "SOFFICE_PATH", None) or shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, *, timeout: float | None = None) -> bytes:
    """PDF bytes of a Word file, converted by LibreOffice; raises ConversionFailed."""
    soffice = soffice_path()
    if not soffice:
        raise ConversionFailed("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    timeout = timeout or getattr(settings, "BOARD_PAPER_PDF_TIMEOUT", 25)
    with tempfile.TemporaryDirectory(prefix="peopleplan-paper-") as folder:
        source = Path(folder) / "paper.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            f"-env:UserInstallation={(Path(folder) / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            folder,
            str(source),
        ]
        # A session of its own: on a timeout the whole process group (soffice and soffice.bin) is killed.
        try:
            process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, cwd=folder
            )
        except OSError as error:
            raise ConversionFailed(f"LibreOffice could not be started ({error.strerror}).") from None
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionFailed(f"LibreOffice took longer than {timeout:g} seconds to make the PDF.") from None
        target = source.with_suffix(".pdf")
        if process.returncode != 0 or not target.exists():
            detail = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise ConversionFailed(f"LibreOffice could not convert the paper ({detail[0]}).")
        return target.read_bytes()


@register
class BoardPaperPdf(PaperExporter):
    format = "pdf"
    extension = "pdf"
    content_type = "application/pdf"

    def convert(self, docx: bytes) -> bytes:
        return docx_to_pdf(docx)

    def write(self, source, stream, *, bom=False):
        stream.write(self.convert(BoardPaperDocx().render(source)))
