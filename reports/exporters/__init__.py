"""Exporters: each renders a source (``reports.sources``) to one file format, and registers itself.

Every download and command asks :func:`exporter_for` (``source kind × format``) and streams what it
renders; nothing else decides CSV or workbook, live or frozen, file or stdout. To add an export,
write a subclass of :class:`~reports.exporters.base.Exporter` in its own module, decorate it with
``@register`` and import the module here.
"""

from . import csv, json, paper, workbook  # noqa: F401  (registration)
from .base import Exporter, UnknownFormat, exporter_for, formats, register

__all__ = ["Exporter", "UnknownFormat", "exporter_for", "formats", "register"]
