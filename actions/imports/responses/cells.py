"""One row of an offline-updates file against the response it names: edits, conflicts, or nothing.

A cell is an **edit** when the person changed it. With a board workbook that says what each row was
made from (``actions.spreadsheet.provenance``) that is exact: the cell differs from what was written.
Without it (the flat CSV), a cell differing from the action as it is now is an edit — unless it holds
a value the action had before (its history), which is what a stale file shows.

- An untouched cell is never an edit, however old the file.
- A blank cell means "no change", never "erase".
- An edit of a response that has changed since the row was made is a **conflict**: shown, never
  applied unless the person chooses it, cell by cell (as the browser refuses a stale save). Without a
  record, a row shows it is older than the tracker when it holds what the action had before and has
  moved on from: an *Updated on* date before the action's latest update, an earlier progress note as
  its latest update, a status or an owner list the action had before. Such a cell is itself a
  conflict (a deliberate return to an earlier status cannot be told apart), and so is every edit in
  that row.
- A note already in the action's progress log, or a checklist item it has or had, is never posted or
  added again.
- Text is compared exactly as written; only new text has HTML fragments reduced to plain text.
"""

import datetime
from dataclasses import dataclass

from actions import validation
from actions.imports.reading.reader import Row, normalise_name
from actions.imports.reading.text import BULLET, list_items, plain_text, same_text
from actions.imports.responses.history import folded
from actions.models import Status
from actions.plan_text.owner_tokens import read_local_who
from actions.statuses import label

STALE = "changed in the tracker since your file was made"
PAST_STATUS = "the action had this status before and has moved on since: your file may be older than the tracker"
PAST_OWNERS = "the action had these owners before and has moved on since: your file may be older than the tracker"
OLDER_ROW = "this row of your file is older than the tracker: {evidence}"


@dataclass(frozen=True)
class Conflict:
    """A cell the person edited that the import will not apply unless they choose it."""

    key: str  # "<response id>:<field>", what the person ticks to choose the file's value
    column: str
    now: str
    file: str
    reason: str
    value: object  # what applying it sets: a status, a note, initials, checklist items


@dataclass
class Cells:
    """What a row changes (``status``, ``note``, ``owners``, ``checklist``) and what conflicts."""

    status: tuple[str, str] | None = None
    note: str = ""
    owners: tuple[list[str], list[str]] | None = None
    checklist: list[str] | None = None
    conflicts: list[Conflict] | None = None


class RowReader:
    """Reads the editable cells of one row (see the module docstring); problems go to ``errors``."""

    def __init__(self, row: Row, response, *, known_owners, past, made, errors):
        self.row, self.response, self.known, self.past, self.made = row, response, known_owners, past, made
        self.errors = errors
        self.stale = made is not None and made.revision != response.revision
        self.older = self._older_evidence() if made is None else None
        self.cells = Cells(conflicts=[])

    def read(self) -> Cells:
        self._status()
        self._note()
        self._owners()
        self._checklist()
        return self.cells

    def _older_evidence(self) -> str | None:
        """Without a record of what the row was made from: why it is older than the tracker, if it shows."""
        response, past = self.response, self.past
        made_on = _iso_date(self.row.get("Updated on"))
        latest_on = response.latest_update_date
        if made_on and latest_on and made_on < latest_on:
            return f"its latest update is of {made_on:%-d %B %Y}, the tracker's of {latest_on:%-d %B %Y}"
        note, current_note = self.row.get("Latest update"), response.latest_update_note or ""
        if note and not same_text(note, current_note) and past.has_note(response.pk, note):
            return "its latest update is an earlier one"
        status = status_value(self.row.get("Status") or "")
        if status and status != response.status and past.had_status(response.pk, status):
            return f"the action was {label(status)} before and is {label(response.status)} now"
        owner_ids = self._owner_ids(self.row.get("Local owners") or "")
        current = {ro.owner_id for ro in response.owner_list}
        if owner_ids and set(owner_ids) != current and past.had_owners(response.pk, owner_ids):
            return "it names the owners the action had before"
        return None

    def _owner_ids(self, cell: str) -> list[int]:
        """The owners a cell names, for comparison only (unknown names are left to ``_owners``)."""
        owners = [self.known.get(normalise_name(token)) for token in owner_tokens(cell)]
        return [owner.pk for owner in owners if owner is not None] if all(owners) else []

    def _held(self) -> str | None:
        """Why an edit of this row is held as a conflict, or None when it applies."""
        if self.stale:
            return STALE
        if self.older:
            return OLDER_ROW.format(evidence=self.older)
        return None

    def _touched(self, column: str) -> bool:
        text = self.row.get(column)
        return bool(text) and (self.made is None or self.made.touched(column, text))

    def _conflict(self, field, column, now, file, value, reason=STALE):
        key = f"{self.response.pk}:{field}"
        self.cells.conflicts.append(Conflict(key, column, now, file, reason, value))

    def _status(self):
        text, current = self.row.get("Status"), self.response.status
        if not text:
            return
        status = status_value(text)
        if status is None:
            labels = ", ".join(label for _, label in Status.choices)
            self.errors.append(self.row.problem(f'"{text}" is not a status: use one of {labels}', "Status"))
            return
        if status == current or not self._touched("Status"):
            return
        if self.made is None and self.past.had_status(self.response.pk, status):
            self._conflict("status", "Status", label(current), label(status), (current, status), PAST_STATUS)
        elif self._held():
            self._conflict("status", "Status", label(current), label(status), (current, status), self._held())
        else:
            self.cells.status = (current, status)

    def _note(self):
        text, current = self.row.get("Latest update"), self.response.latest_update_note or ""
        if not text or same_text(text, current) or self.past.has_note(self.response.pk, text):
            return
        if not self._touched("Latest update"):
            return
        note = plain_text(text)
        if not note or same_text(note, current) or self.past.has_note(self.response.pk, note):
            return
        problem = validation.note_problem(note)
        if problem:
            self.errors.append(self.row.problem(problem, "Latest update"))
        elif self._held():
            self._conflict("note", "Latest update", current, note, note, self._held())
        else:
            self.cells.note = note

    def _owners(self):
        text = self.row.get("Local owners")
        if not text:
            return
        initials = self._initials(text)
        current = [ro.owner.initials for ro in self.response.owner_list]
        if not initials or initials == current or not self._touched("Local owners"):
            return
        ids = [self.known[normalise_name(i)].pk for i in initials]
        if self.made is None and self.past.had_owners(self.response.pk, ids):
            reason = PAST_OWNERS
        else:
            reason = self._held()
        if reason:
            self._conflict("owners", "Local owners", "/".join(current), "/".join(initials), (current, initials), reason)
        else:
            self.cells.owners = (current, initials)

    def _initials(self, cell: str) -> list[str]:
        initials = []
        for token in owner_tokens(cell):
            owner = self.known.get(normalise_name(token))
            if owner is None:
                reading = read_local_who(token, known_initials={o.initials for o in self.known.values()})
                suggestion = [s for item in reading.review for s in item.suggestion] or reading.owners
                hint = f" (did you mean {' + '.join(suggestion)}?)" if suggestion else ""
                self.errors.append(
                    self.row.problem(f'"{token}" is not an owner of your organisation{hint}', "Local owners")
                )
            elif owner.initials not in initials:
                initials.append(owner.initials)
        return initials

    def _checklist(self):
        text = self.row.get("Additional actions")
        if not text or not self._touched("Additional actions"):
            return
        known = {folded(item.text) for item in self.response.checklist_items}
        known |= self.past.checklist.get(self.response.pk, set())
        added = []
        for item in list_items("\n".join(without_known(text.split("\n"), known))):
            if folded(item) in known:
                continue
            problem = validation.checklist_item_problem(item)
            if problem:
                self.errors.append(self.row.problem(problem, "Additional actions"))
                continue
            known.add(folded(item))
            added.append(item)
        if not added:
            return
        if self._held():
            self._conflict("checklist", "Additional actions", "", "\n".join(added), added, self._held())
        else:
            self.cells.checklist = added


MAX_ITEM_LINES = 30


def without_known(lines: list[str], known: set[str]) -> list[str]:
    """The cell's lines less those that spell out, as written, an item the checklist has or had (an
    item may run over several lines, as the export joins items with line breaks)."""
    kept, index = [], 0
    while index < len(lines):
        for length in range(min(MAX_ITEM_LINES, len(lines) - index), 0, -1):
            if folded(" ".join(lines[index : index + length]).strip().lstrip(BULLET)) in known:
                index += length
                break
        else:
            kept.append(lines[index])
            index += 1
    return kept


def owner_tokens(cell: str) -> list[str]:
    """The names a *Local owners* cell lists: initials or group names joined by "/" (or ",")."""
    return [token.strip() for token in cell.replace(",", "/").split("/") if token.strip()]


def _iso_date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None


def status_value(text: str) -> str | None:
    wanted = normalise_name(text)
    for value, name in Status.choices:
        if wanted in (normalise_name(value), normalise_name(name)):
            return value
    return None
