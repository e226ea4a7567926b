"""The board workbook (.xlsx): ``cells`` (styled, always-text cells), ``book`` (sheets with print
set-up, dropdowns and BRAG fills), ``board`` (the Cover, Summary, Exceptions, Changes and theme sheets)."""

from .board import BoardWorkbookExporter, build

__all__ = ["BoardWorkbookExporter", "build"]
