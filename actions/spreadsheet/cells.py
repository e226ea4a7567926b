"""Spreadsheet-safe cell text, for every file the product writes and reads back.

A cell starting with one of :data:`FORMULA_PREFIXES` is read as a formula by Excel, LibreOffice
or Google Sheets (CSV injection). The exporters write such text with a leading apostrophe
(:func:`neutralise`); the CSV importers remove that apostrophe again (:func:`unneutralise`). Text
that itself starts with an apostrophe the importer would remove gets one more, so every text reads
back exactly as written. Workbook cells need neither: they are written as text cells, never formulas.
"""

import datetime

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Make user text inert in a spreadsheet; dates and numbers pass through."""
    if isinstance(value, str) and (value.startswith(FORMULA_PREFIXES) or value != unneutralise(value)):
        return "'" + value
    return value


def unneutralise(text: str) -> str:
    """The text as the user wrote it: the apostrophe :func:`neutralise` added is removed."""
    if text.startswith("'") and text[1:2] and text[1:2] in FORMULA_PREFIXES + ("'",):
        return text[1:]
    return text


def csv_cell(value) -> str:
    """A value as CSV text: ISO 8601 dates, neutralised text, empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(neutralise(value))


SHEET_TITLE_LIMIT = 31  # Excel cuts a sheet's name at 31 characters
_NOT_IN_SHEET_TITLES = "[]:*?/\\"


def sheet_title(title: str) -> str:
    """A sheet's name as a workbook can hold it: the characters Excel refuses become spaces, cut at 31."""
    for char in _NOT_IN_SHEET_TITLES:
        title = title.replace(char, " ")
    return title[:SHEET_TITLE_LIMIT]
