"""Offline response updates: the board workbook (or its CSV) back after owners edited it.

Rows are matched on (Plan, Theme, Ref) among the importing organisation's own active
responses only — never another organisation's; a row whose Organisation cell names
another organisation is an error. Without a Plan column, Theme + Ref must
name exactly one of the organisation's actions. In a workbook without a Theme column
each sheet's name is its theme.

Editable columns (others are ignored): Status, Latest update, Local owners, Additional
actions. **A blank cell means "no change", never "erase".**

- Status: a label ("On track", "At risk", …) or stored value, any case. Unknown: error.
- Latest update: differing from the current latest note (ignoring spacing) → a new
  progress update, dated today, by the importing user, with the row's status.
- A status change without a new note → a progress update with the note
  "Status changed from X to Y (offline update, FILE)". Decision: every offline change
  shows in the dated progress log the board reads, attributed and never silent.
- Local owners: initials joined by "/" (or ","), lead first; each must be an owner of the
  organisation (any case), else an error with a suggestion from ``owner_tokens`` where it
  can make one. A different list replaces the owners.
- Additional actions: one item per line; items not already on the checklist are added;
  existing items are never deleted or changed by an import.

Applying a preview: ``actions.imports.responses.apply``.
"""

from dataclasses import dataclass, field

from actions.imports.plans.rows import parse_ref
from actions.imports.reading.problems import ImportFileError, Problem
from actions.imports.reading.reader import Row, match_name, normalise_name, read_action_rows
from actions.imports.reading.text import list_items, plain_text, same_text
from actions.models import Status
from actions.plan_text.owner_tokens import read_local_who
from actions.selectors import responses_annotated, with_owners_and_checklist
from actions.spreadsheet.columns import EDITABLE, READ_BACK
from owners.models import Organisation, Owner

COLUMNS = READ_BACK
REQUIRED = ["Theme", "Ref"]
STATUS_NOTE = "Status changed from {old} to {new} (offline update, {file})"


@dataclass
class ResponseChange:
    row: int
    sheet: str
    response: object
    revision: int
    status: tuple[str, str] | None = None  # (old, new) values
    note: str = ""
    owners: tuple[list[str], list[str]] | None = None  # (old, new) initials
    checklist_added: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        action = self.response.action
        return f"{action.theme.name} {action.ref}"

    @property
    def status_labels(self) -> tuple[str, str] | None:
        return (Status(self.status[0]).label, Status(self.status[1]).label) if self.status else None

    @property
    def has_changes(self) -> bool:
        return bool(self.status or self.note or self.owners or self.checklist_added)

    def signature(self):
        return (
            self.response.pk,
            self.status,
            self.note,
            self.owners and tuple(map(tuple, self.owners)),
            tuple(self.checklist_added),
        )


@dataclass
class ResponsePreview:
    organisation: Organisation
    file_name: str
    rows: list[Row]
    changes: list[ResponseChange] = field(default_factory=list)
    unchanged: int = 0
    errors: list[Problem] = field(default_factory=list)

    warnings: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return f"updated={len(self.changes)} unchanged={self.unchanged}"

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def signature(self):
        return tuple(c.signature() for c in self.changes)


def read_response_file(*, data: bytes, file_name: str) -> list[Row]:
    """Read the rows of a board workbook or progress CSV. Raises ``ImportFileError``."""
    table = read_action_rows(data=data, file_name=file_name, columns=COLUMNS, required=REQUIRED)
    if not set(EDITABLE) & table.columns:
        raise ImportFileError(
            [
                Problem(
                    "none of the columns "
                    + ", ".join(f'"{c}"' for c in EDITABLE)
                    + " is in the file: nothing to update"
                )
            ]
        )
    return table.rows


def _status_value(text: str) -> str | None:
    wanted = normalise_name(text)
    for value, label in Status.choices:
        if wanted in (normalise_name(value), normalise_name(label)):
            return value
    return None


class _Index:
    """The organisation's active responses by (plan, theme, ref) — one query plus two prefetches."""

    def __init__(self, organisation):
        responses = with_owners_and_checklist(responses_annotated(organisation=organisation).active())
        self.by_key: dict[tuple[str, int], list] = {}
        self.themes: set[str] = set()
        for response in responses:
            theme = normalise_name(response.action.theme.name)
            self.themes.add(theme)
            self.by_key.setdefault((theme, response.action.ref), []).append(response)

    def find(self, row: Row, ref: int) -> tuple[object | None, str]:
        theme = match_name(row.get("Theme"), self.themes, from_sheet_name=bool(row.sheet))
        found = self.by_key.get((theme, ref), []) if theme else []
        plan = normalise_name(row.get("Plan"))
        if plan:
            found = [
                r
                for r in found
                if plan
                in {
                    normalise_name(r.action.theme.plan.name),
                    normalise_name(r.action.theme.plan.short_name),
                    normalise_name(r.action.theme.plan.slug),
                }
            ]
        if len(found) == 1:
            return found[0], ""
        if not found:
            return None, f"your organisation has no active action {row.get('Theme')} {ref}"
        return None, f"{row.get('Theme')} {ref} is in more than one plan: add a Plan column"


def _owners(row: Row, known: dict[str, Owner], errors: list[Problem]) -> list[str] | None:
    cell = row.get("Local owners")
    if not cell:
        return None
    tokens = [t.strip() for t in cell.replace(",", "/").split("/") if t.strip()]
    initials = []
    for token in tokens:
        owner = known.get(normalise_name(token))
        if owner is None:
            reading = read_local_who(token, known_initials={o.initials for o in known.values()})
            suggestion = [s for item in reading.review for s in item.suggestion] or reading.owners
            hint = f" (did you mean {' + '.join(suggestion)}?)" if suggestion else ""
            errors.append(row.problem(f'"{token}" is not an owner of your organisation{hint}', "Local owners"))
        elif owner.initials not in initials:
            initials.append(owner.initials)
    return initials


def _row_change(row: Row, response, known, errors, file_name) -> ResponseChange:
    change = ResponseChange(row=row.number, sheet=row.sheet, response=response, revision=response.revision)
    status = response.status
    if row.get("Status"):
        status = _status_value(row.get("Status"))
        if status is None:
            labels = ", ".join(label for _, label in Status.choices)
            errors.append(row.problem(f'"{row.get("Status")}" is not a status: use one of {labels}', "Status"))
            status = response.status
        elif status != response.status:
            change.status = (response.status, status)
    note = plain_text(row.get("Latest update"))
    if note and not same_text(note, response.latest_update_note or ""):
        change.note = note
    owners = _owners(row, known, errors)
    current = [ro.owner.initials for ro in response.owner_list]
    if owners is not None and owners and owners != current:
        change.owners = (current, owners)
    existing = {normalise_name(item.text) for item in response.checklist_items}
    for item in list_items(row.get("Additional actions")):
        if normalise_name(item) not in existing:
            existing.add(normalise_name(item))
            change.checklist_added.append(item)
    return change


def response_import_preview(*, organisation: Organisation, rows: list[Row], file_name: str) -> ResponsePreview:
    """What importing ``rows`` would change for ``organisation``. Writes nothing; a fixed number of queries."""
    preview = ResponsePreview(organisation=organisation, file_name=file_name, rows=list(rows))
    index = _Index(organisation)
    known = {normalise_name(o.initials): o for o in Owner.objects.filter(organisation=organisation)}
    seen: dict[int, Row] = {}
    names = {normalise_name(organisation.name), normalise_name(organisation.ods_code)}
    for row in rows:
        if row.get("Organisation") and normalise_name(row.get("Organisation")) not in names:
            preview.errors.append(
                row.problem(f'this row is for "{row.get("Organisation")}", not {organisation.name}', "Organisation")
            )
            continue
        ref_text = row.get("Ref")
        ref = parse_ref(ref_text)
        if ref is None:
            preview.errors.append(
                row.problem(
                    f'"{ref_text}" is not a positive whole number'
                    if ref_text
                    else "enter the ref (a positive whole number)",
                    "Ref",
                )
            )
            continue
        response, message = index.find(row, ref)
        if response is None:
            preview.errors.append(row.problem(message, "Ref"))
            continue
        if response.pk in seen:
            preview.errors.append(row.problem(f"the same action is also on row {seen[response.pk].number}", "Ref"))
            continue
        seen[response.pk] = row
        change = _row_change(row, response, known, preview.errors, file_name)
        if change.has_changes:
            preview.changes.append(change)
        else:
            preview.unchanged += 1
    if not rows:
        preview.errors.append(Problem("the file has a header row but no actions below it"))
    return preview
