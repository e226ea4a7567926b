"""What each row of a board workbook was made from, so an offline edit can be told from a stale cell.

The board workbook carries, in its custom properties (``File → Properties → Custom`` in Excel; Excel
and LibreOffice keep them when the file is saved again), one entry per response row:

    ``<response id>.<revision>.<fingerprints>``

``revision`` is the response's revision when the row was made (``-`` when unknown: a frozen report
line older than this feature); ``fingerprints`` are a short hash of each editable cell's text (its
spacing folded), in ``EDITABLE`` order, 8 hex digits each. Entries are packed a few to a property
(``peopleplan.rows.<n>``, value ``1 <entry> <entry> …``; Excel keeps a property's text to 255
characters), so the file and the memory they take stay small.

On import, a cell whose fingerprint still matches was not touched (never an edit); a touched cell
of a response whose revision has moved on since is a conflict the person must choose.

The flat CSV has no room for this (its columns are a stable interface): the import recognises a
stale CSV cell by the action's own history instead (``actions.imports.responses.cells``).
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from actions.spreadsheet.columns import EDITABLE

PREFIX = "peopleplan.rows."
FORMAT = "1"
PER_PROPERTY = 5
MAX_PROPERTY = 255  # Excel's limit for a custom property's text
FINGERPRINT = 8


def fingerprint(text) -> str:
    folded = " ".join(str(text or "").split())
    return hashlib.sha256(folded.encode("utf-8", "surrogatepass")).hexdigest()[:FINGERPRINT]


@dataclass(frozen=True)
class RowMade:
    """One row as it was made: its response's revision and each editable cell's fingerprint."""

    response_id: int
    revision: int | None
    fingerprints: dict[str, str]

    def touched(self, column: str, text: str) -> bool:
        """Whether the cell ``column`` now differs from what was written."""
        return self.fingerprints.get(column) != fingerprint(text)

    def entry(self) -> str:
        revision = "-" if self.revision is None else str(self.revision)
        return f"{self.response_id}.{revision}." + "".join(self.fingerprints[c] for c in EDITABLE)


def row_made(*, response_id: int, revision: int | None, cells: dict[str, str]) -> RowMade:
    """``cells``: each editable column's text as written to the row."""
    return RowMade(response_id, revision, {column: fingerprint(cells.get(column, "")) for column in EDITABLE})


def properties(entries) -> Iterator[tuple[str, str]]:
    """(name, value) of the custom properties holding ``entries`` (``RowMade.entry()`` strings)."""
    batch, number = [], 0
    for entry in entries:
        batch.append(entry)
        if len(batch) == PER_PROPERTY:
            number += 1
            yield f"{PREFIX}{number}", " ".join([FORMAT, *batch])
            batch = []
    if batch:
        yield f"{PREFIX}{number + 1}", " ".join([FORMAT, *batch])


def read_properties(values: dict[str, str]) -> dict[int, RowMade]:
    """The rows described by a workbook's custom properties (anything malformed is ignored)."""
    made = {}
    width = FINGERPRINT * len(EDITABLE)
    for name, value in values.items():
        if not name.startswith(PREFIX) or not isinstance(value, str) or len(value) > MAX_PROPERTY:
            continue
        parts = value.split()
        if not parts or parts[0] != FORMAT:
            continue
        for entry in parts[1:]:
            pieces = entry.split(".")
            if len(pieces) != 3 or not pieces[0].isdigit() or len(pieces[2]) != width:
                continue
            response_id, revision = int(pieces[0]), int(pieces[1]) if pieces[1].isdigit() else None
            prints = [pieces[2][i : i + FINGERPRINT] for i in range(0, width, FINGERPRINT)]
            made[response_id] = RowMade(response_id, revision, dict(zip(EDITABLE, prints, strict=True)))
    return made
