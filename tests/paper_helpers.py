"""Reading a board paper back: python-docx for the Word file, pdftotext for the PDF."""

import io
import os
import shutil
import subprocess

import pytest
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from reports.exporters import exporter_for
from reports.sources import FrozenReport


def paper_bytes(report, source=None) -> bytes:
    source = source or FrozenReport(report)
    out = io.BytesIO()
    exporter_for(source, "docx").write(source, out)
    return out.getvalue()


def open_paper(data: bytes):
    return Document(io.BytesIO(data))


def blocks(document):
    """The body's paragraphs and tables, in order."""
    return list(document.iter_inner_content())


def headings(document, level=None):
    return [
        b.text
        for b in blocks(document)
        if isinstance(b, Paragraph)
        and b.style.name.startswith("Heading")
        and (level is None or b.style.name == f"Heading {level}")
    ]


def table_after(document, heading_start: str, nth: int = 0) -> Table:
    """The ``nth`` table after the heading that starts with ``heading_start`` (before the next Heading 1)."""
    found, seen = False, 0
    for block in blocks(document):
        if isinstance(block, Paragraph) and block.style.name.startswith("Heading"):
            if block.text.startswith(heading_start):
                found = True
            elif found and block.style.name == "Heading 1":
                break
        elif found and isinstance(block, Table):
            if seen == nth:
                return block
            seen += 1
    raise AssertionError(f"no table {nth} after heading {heading_start!r}")


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def front_sheet(document) -> dict[str, str]:
    """The front sheet's rows: label → value text (the first table of the paper)."""
    table = document.tables[0]
    return {row.cells[0].text: row.cells[1].text for row in table.rows}


def all_text(document) -> str:
    parts = []
    for block in blocks(document):
        if isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            parts.extend(cell.text for row in block.rows for cell in row.cells)
    return "\n".join(parts)


def needs(program: str, package: str) -> str:
    """The program's path; skips locally (fails under CI=true) when it is missing."""
    path = shutil.which(program)
    if not path:
        message = f"{program} not found (apt-get install -y {package})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " — required under CI=true", pytrace=False)
        pytest.skip(message)
    return path


def pdf_text(pdf: bytes) -> str:
    pdftotext = needs("pdftotext", "poppler-utils")
    return subprocess.run([pdftotext, "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def pdf_pages(pdf: bytes) -> int:
    pdfinfo = needs("pdfinfo", "poppler-utils")
    info = subprocess.run([pdfinfo, "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
