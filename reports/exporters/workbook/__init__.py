"""The board workbook (.xlsx): ``cells`` (styled, always-text cells), ``book`` (sheets with print
set-up, dropdowns and BRAG fills), ``board`` (the Cover, Summary, Exceptions, Changes and theme sheets),
``rollup`` (one workbook for a system, a region or the nation)."""

from .board import BoardWorkbookExporter, build
from .rollup import RollUpWorkbookExporter, build_rollup

__all__ = ["BoardWorkbookExporter", "RollUpWorkbookExporter", "build", "build_rollup"]
