"""What each row of a board workbook was made from, so an offline edit can be told from a stale cell.

The board workbook carries, per response, a workbook property (``File → Properties → Custom`` in
Excel; Excel and LibreOffice keep them when the file is saved again):

    name  ``peopleplan.row.<response id>``
    value ``1 <revision> <fingerprint of each editable cell, in EDITABLE order>``

``revision`` is the response's revision when the row was made (empty when unknown: a frozen report
line older than this feature); a fingerprint is a short hash of the cell's text with its spacing
folded. On import, a cell whose fingerprint still matches was not touched (never an edit); a
touched cell of a response whose revision has moved on since is a conflict the person must choose.

The flat CSV has no room for this (its columns are a stable interface): the import recognises a
stale CSV cell by the action's own history instead (``actions.imports.responses.compare``).
"""

import hashlib
from dataclasses import dataclass

from actions.spreadsheet.columns import EDITABLE

PREFIX = "peopleplan.row."
FORMAT = "1"
MAX_PROPERTY = 255  # Excel's limit for a custom property's text


def fingerprint(text) -> str:
    folded = " ".join(str(text or "").split())
    return hashlib.sha256(folded.encode("utf-8", "surrogatepass")).hexdigest()[:10]


@dataclass(frozen=True)
class RowMade:
    """One row as it was made: its response's revision and each editable cell's fingerprint."""

    response_id: int
    revision: int | None
    fingerprints: dict[str, str]

    def touched(self, column: str, text: str) -> bool:
        """Whether the cell ``column`` now differs from what was written."""
        return self.fingerprints.get(column) != fingerprint(text)

    def property(self) -> tuple[str, str]:
        revision = "" if self.revision is None else str(self.revision)
        value = " ".join([FORMAT, revision or "-", *(self.fingerprints[c] for c in EDITABLE)])
        return f"{PREFIX}{self.response_id}", value


def row_made(*, response_id: int, revision: int | None, cells: dict[str, str]) -> RowMade:
    """``cells``: each editable column's text as written to the row."""
    return RowMade(response_id, revision, {column: fingerprint(cells.get(column, "")) for column in EDITABLE})


def read_properties(properties: dict[str, str]) -> dict[int, RowMade]:
    """The rows described by a workbook's custom properties (anything malformed is ignored)."""
    made = {}
    for name, value in properties.items():
        if not name.startswith(PREFIX) or not isinstance(value, str) or len(value) > MAX_PROPERTY:
            continue
        parts = value.split()
        if len(parts) != 2 + len(EDITABLE) or parts[0] != FORMAT or not name[len(PREFIX) :].isdigit():
            continue
        revision = int(parts[1]) if parts[1].isdigit() else None
        response_id = int(name[len(PREFIX) :])
        made[response_id] = RowMade(response_id, revision, dict(zip(EDITABLE, parts[2:], strict=True)))
    return made
