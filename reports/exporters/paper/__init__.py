"""The board paper: a Word document made with python-docx, and the same document as a PDF made from
it by LibreOffice (one source of truth). Only a frozen report has a paper."""

from . import pdf, word  # noqa: F401  (registration)
