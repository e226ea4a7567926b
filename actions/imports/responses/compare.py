"""Offline response updates: the board workbook (or its CSV) back after owners edited it.

Rows are matched on (Plan, Theme, Ref) among the importing organisation's own active
responses only — never another organisation's. A row whose Organisation cell names an
organisation below the importing one (a member trust in a system's roll-up file) is read, not
imported, and counted in one warning: each organisation updates its own actions, so a system's
HR lead can return the system's roll-up and only the system's own rows count. A row naming any
other organisation is an error. Without a Plan column, Theme + Ref must
name exactly one of the organisation's actions. In a workbook without a Theme column
each sheet's name is its theme: "Recruitment", or as the board workbook names its theme sheets,
"7 Recruitment" (number and name; Excel cuts names at 31 characters). The board workbook's Cover,
Summary, Exceptions and Changes sheets are never read (the Exceptions sheet repeats theme rows).

Which cells are edits, which are conflicts the person must choose, and which are stale or untouched
(never edits): ``actions.imports.responses.cells``.

A row for an action withdrawn since the file was made (a revised plan version withdrew it) is
**skipped** and listed (``ResponsePreview.skipped``): the other rows import. Every other problem
refuses the whole file.

Editable columns (others are ignored): Status, Latest update, Local owners, Additional
actions. **A blank cell means "no change", never "erase".**

- Status: a label ("On track", "At risk", …) or stored value, any case. Unknown: error.
- Latest update: differing from the current latest note (ignoring spacing) and from every note
  already in the log → a new progress update, dated today, by the importing user, with the row's
  status.
- A status change without a new note → a progress update with the note
  "Status changed from X to Y (offline update, FILE)". Decision: every offline change
  shows in the dated progress log the board reads, attributed and never silent.
- Local owners: initials joined by "/" (or ","), lead first; each must be an owner of the
  organisation (any case), else an error with a suggestion from ``owner_tokens`` where it
  can make one. A different list replaces the owners.
- Additional actions: one item per line; items the checklist does not have (and never had) are
  added; existing items are never deleted or changed by an import.
- Every note and item meets ``actions.validation`` (as the action page's forms do).

Applying a preview: ``actions.imports.responses.apply``.
"""

import re
from dataclasses import dataclass, field

from django.utils import timezone

from actions.imports.plans.rows import parse_ref
from actions.imports.reading.problems import ImportFileError, Problem
from actions.imports.reading.reader import EXCEL_SHEET_NAME_LIMIT, Row, match_name, normalise_name, read_action_rows
from actions.imports.responses.cells import Conflict, RowReader
from actions.imports.responses.history import PastValues
from actions.models import Response, Status
from actions.selectors import responses_annotated, with_owners_and_checklist
from actions.spreadsheet.cells import sheet_title
from actions.spreadsheet.columns import EDITABLE, READ_BACK
from actions.spreadsheet.provenance import read_properties
from owners.access import within_q
from owners.models import Organisation, Owner

COLUMNS = READ_BACK
REQUIRED = ["Theme", "Ref"]
NOT_THEME_SHEETS = ["Cover", "Summary", "Exceptions", "Changes"]
STATUS_NOTE = "Status changed from {old} to {new} (offline update, {file})"
_NUMBERED_SHEET = re.compile(r"^(\d+) (\S.*)$")


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
    conflicts: list[Conflict] = field(default_factory=list)

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

    def taking(self, keys) -> "ResponseChange":
        """This change with the conflicts whose keys are in ``keys`` taken from the file."""
        taken = ResponseChange(
            self.row,
            self.sheet,
            self.response,
            self.revision,
            self.status,
            self.note,
            self.owners,
            list(self.checklist_added),
        )
        for conflict in self.conflicts:
            if conflict.key not in keys:
                continue
            field_name = conflict.key.split(":", 1)[1]
            if field_name == "checklist":
                taken.checklist_added += conflict.value
            else:
                setattr(taken, field_name, conflict.value)
        return taken

    def signature(self):
        return (
            self.response.pk,
            self.status,
            self.note,
            self.owners and tuple(map(tuple, self.owners)),
            tuple(self.checklist_added),
            tuple((c.key, str(c.value)) for c in self.conflicts),
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
    # Rows for actions withdrawn since the file was made: not imported, listed; the other rows are.
    skipped: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        conflicts = len(self.conflicts)
        return (
            f"updated={self.updated} unchanged={self.unchanged}"
            + (f" conflicts={conflicts}" if conflicts else "")
            + (f" skipped={len(self.skipped)}" if self.skipped else "")
        )

    @property
    def updated(self) -> int:
        """Actions with a change to apply (conflicts aside)."""
        return sum(1 for c in self.changes if c.has_changes)

    @property
    def conflicts(self) -> list[Conflict]:
        return [conflict for change in self.changes for conflict in change.conflicts]

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def signature(self):
        return tuple(c.signature() for c in self.changes)


class ResponseRows(list):
    """The rows of an offline-updates file, with what its workbook says each row was made from
    (``made``: response id → ``RowMade``) and the reader's warnings."""

    def __init__(self, rows, *, made=None, warnings=()):
        super().__init__(rows)
        self.made = made or {}
        self.warnings = list(warnings)


def read_response_file(*, data: bytes, file_name: str) -> ResponseRows:
    """Read the rows of a board workbook or progress CSV. Raises ``ImportFileError``."""
    table = read_action_rows(
        data=data, file_name=file_name, columns=COLUMNS, required=REQUIRED, skip_sheets=NOT_THEME_SHEETS
    )
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
    return ResponseRows(table.rows, made=read_properties(table.properties), warnings=table.warnings)


class _Index:
    """The organisation's active responses by (theme, ref) — one query plus two prefetches."""

    def __init__(self, organisation):
        self.organisation = organisation
        self._withdrawn = None  # (theme, ref) → responses to withdrawn actions, read when first needed
        responses = with_owners_and_checklist(responses_annotated(organisation=organisation).active())
        self.by_key: dict[tuple[str, int], list] = {}
        self.themes: set[str] = set()
        self.numbers: dict[str, set[int]] = {}
        self.plans: dict[str, int] = {}  # a plan's label, as a workbook of several plans starts its sheets
        for response in responses:
            plan = response.action.theme.plan
            self.plans[normalise_name(sheet_title(plan.short_name or plan.name))] = plan.pk
            theme = normalise_name(response.action.theme.name)
            self.themes.add(theme)
            self.numbers.setdefault(theme, set()).add(response.action.theme.number)
            self.by_key.setdefault((theme, response.action.ref), []).append(response)

    def plan_of_sheet(self, value: str) -> tuple[str, int | None]:
        """A sheet name without the plan label a workbook of several plans starts it with, and that plan."""
        key = normalise_name(value)
        for label in sorted(self.plans, key=len, reverse=True):
            if key.startswith(label + " "):
                return " ".join(value.split())[len(label) + 1 :], self.plans[label]
        return value, None

    def theme(self, value: str, *, from_sheet: bool, cut: bool | None = None) -> str | None:
        """The theme a Theme cell (or a sheet's name) means; "7 Recruitment" is theme 7, Recruitment.
        ``cut``: the sheet's name was cut at Excel's 31 characters (by default: it is that long)."""
        cut = len(value.strip()) == EXCEL_SHEET_NAME_LIMIT if cut is None else cut
        theme = match_name(value, self.themes, from_sheet_name=from_sheet)
        numbered = _NUMBERED_SHEET.match(value.strip()) if from_sheet else None
        if theme is None and numbered:
            number, key = int(numbered.group(1)), normalise_name(numbered.group(2))
            if key not in self.themes and cut:  # of the themes the cut name begins, the one with its number
                candidates = [t for t in self.themes if t.startswith(key) and number in self.numbers[t]]
                key = candidates[0] if len(candidates) == 1 else key
            if key in self.themes and number in self.numbers[key]:
                theme = key
        return theme

    def find(self, row: Row, ref: int, made: dict) -> tuple[object | None, str]:
        theme, found = self._match(row, ref, made, self.by_key)
        if len(found) == 1:
            return found[0], ""
        if not found:
            return None, f"your organisation has no active action {row.get('Theme')} {ref}"
        return None, f"{row.get('Theme')} {ref} is in more than one plan: add a Plan column"

    def find_withdrawn(self, row: Row, ref: int, made: dict):
        """The organisation's response to a withdrawn action this row names (one query, on the first
        row that needs it), or None."""
        if self._withdrawn is None:
            self._withdrawn = {}
            withdrawn = Response.objects.of(self.organisation).filter(action__withdrawn_in__isnull=False)
            for response in withdrawn.select_related("action__theme__plan", "action__withdrawn_in"):
                key = (normalise_name(response.action.theme.name), response.action.ref)
                self._withdrawn.setdefault(key, []).append(response)
        _theme, found = self._match(row, ref, made, self._withdrawn, themes=True)
        return found[0] if len(found) == 1 else None

    def _match(self, row: Row, ref: int, made: dict, by_key: dict, themes: bool = False):
        value, plan_id = row.get("Theme"), None
        theme = self.theme(value, from_sheet=bool(row.sheet), cut=len(row.sheet) == EXCEL_SHEET_NAME_LIMIT or None)
        if theme is None and row.sheet:
            rest, plan_id = self.plan_of_sheet(value)
            theme = self.theme(rest, from_sheet=True, cut=len(row.sheet) == EXCEL_SHEET_NAME_LIMIT)
        if theme is None and themes:  # a theme whose every action was withdrawn
            theme = normalise_name(value)
        found = by_key.get((theme, ref), []) if theme else []
        if plan_id is not None:
            found = [r for r in found if r.action.theme.plan_id == plan_id]
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
        if len(found) > 1 and made:
            found = [r for r in found if r.pk in made] or found
        return theme, found


def _skipped(row: Row, response) -> Problem:
    """A row for an action withdrawn since (``Row 14 (Health and wellbeing 5): the action was
    withdrawn on 1 October 2020 … — skipped``)."""
    action, version = response.action, response.action.withdrawn_in
    day = timezone.localtime(version.imported_at).date()
    when = f"{day.day} {day:%B %Y}"
    where = f' of sheet "{row.sheet}"' if row.sheet else ""
    return Problem(
        f"Row {row.number}{where} ({action.theme.name} {action.ref}): "
        f"the action was withdrawn on {when}"
        f' (plan version "{version.label}") — skipped',
        row=row.number,
        column="Ref",
        sheet=row.sheet,
    )


def _not_found(preview, index, row, ref, made, message) -> None:
    """A row for no active action: skipped when it is a withdrawn one's, else an error."""
    withdrawn = index.find_withdrawn(row, ref, made) if not message.endswith("add a Plan column") else None
    if withdrawn is not None:
        preview.skipped.append(_skipped(row, withdrawn))
    else:
        preview.errors.append(row.problem(message, "Ref"))


class _Whose:
    """Whose row is it: the importing organisation's (imported), one below it (read, not imported:
    counted for one warning), or another's (an error). One query for the organisations below."""

    def __init__(self, organisation):
        self.organisation = organisation
        self.own = {normalise_name(organisation.name), normalise_name(organisation.ods_code)}
        self.below: dict[str, str] = {}
        if organisation.kind != Organisation.Kind.TRUST:
            for member in Organisation.objects.filter(within_q(organisation, field="")).exclude(pk=organisation.pk):
                self.below[normalise_name(member.name)] = self.below[normalise_name(member.ods_code)] = member.name
        self.read_only: dict[str, int] = {}

    def ours(self, row: Row, preview) -> bool:
        cell = row.get("Organisation")
        if not cell or normalise_name(cell) in self.own:
            return True
        member = self.below.get(normalise_name(cell))
        if member is None:
            preview.errors.append(
                row.problem(f'this row is for "{cell}", not {self.organisation.name}', "Organisation")
            )
        else:
            self.read_only[member] = self.read_only.get(member, 0) + 1
        return False

    def warn(self, preview) -> None:
        """One warning for every row of the organisations below that was read, not imported."""
        if self.read_only:
            rows = sum(self.read_only.values())
            preview.warnings.append(
                Problem(
                    f"{rows} row{'s' if rows != 1 else ''} of {', '.join(self.read_only)} read, not imported: "
                    "each organisation updates its own actions."
                )
            )


def response_import_preview(*, organisation: Organisation, rows: list[Row], file_name: str) -> ResponsePreview:
    """What importing ``rows`` would change for ``organisation``. Writes nothing; a fixed number of queries."""
    preview = ResponsePreview(organisation=organisation, file_name=file_name, rows=rows)
    preview.warnings = list(getattr(rows, "warnings", []))
    made = getattr(rows, "made", {})
    index = _Index(organisation)
    past = PastValues(organisation)
    known = {normalise_name(o.initials): o for o in Owner.objects.filter(organisation=organisation)}
    seen: dict[int, Row] = {}
    whose = _Whose(organisation)
    for row in rows:
        if not whose.ours(row, preview):
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
        response, message = index.find(row, ref, made)
        if response is None:
            _not_found(preview, index, row, ref, made, message)
            continue
        if response.pk in seen:
            preview.errors.append(row.problem(f"the same action is also on row {seen[response.pk].number}", "Ref"))
            continue
        seen[response.pk] = row
        cells = RowReader(
            row, response, known_owners=known, past=past, made=made.get(response.pk), errors=preview.errors
        ).read()
        change = ResponseChange(
            row=row.number,
            sheet=row.sheet,
            response=response,
            revision=response.revision,
            status=cells.status,
            note=cells.note,
            owners=cells.owners,
            checklist_added=cells.checklist or [],
            conflicts=cells.conflicts,
        )
        if change.has_changes or change.conflicts:
            preview.changes.append(change)
        else:
            preview.unchanged += 1
    whose.warn(preview)
    if not rows:
        preview.errors.append(Problem("the file has a header row but no actions below it"))
    return preview
