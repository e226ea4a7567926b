"""Phase one of a plan import: read and validate every row before anything is written.

Columns (any order, any case): Theme, Action, Who, Timeline required; Ref expected (a file
without a Ref column is matched on the actions' texts, ``actions.imports.plans.match``); Start
date and Due date optional; anything else ignored. In a workbook without a Theme column each
sheet's name is its theme (the board workbook's theme sheets).

Rules (errors stop the import; warnings do not):

- Ref must be a positive whole number: "4" and Excel's "4.0" are fine; "4a", "-1", "0"
  and an empty cell are errors (in a file that has a Ref column).
- The action text must not be empty (after HTML is reduced to plain text).
- Theme + Ref must be unique in the file (themes compared case-insensitively, ignoring spacing);
  without refs, Theme + action text.
- An unreadable timeline is a *warning*: the text is kept, no dates are set (and the action is
  listed for review: ``Action.timeline_readable``).
- A timeline naming several dates ("(by June 2024) and evidence the progress of implementation
  (by June 2025)") is due on the first; the others become the action's milestones.
- Dates come from the Timeline (``actions.plan_text.timeline.read_timeline``). The Start date / Due
  date columns are used only when the Timeline cell is empty: in our own exports the Due
  date is an organisation's *effective* due date (possibly a local override), never the plan's.
- The audience is read from Who (``classify_audience``); a Who it does not know (a new plan's
  own wording) makes the action one for Employers.
"""

import datetime
import re
from dataclasses import dataclass

from actions import validation
from actions.imports.reading.problems import Problem
from actions.imports.reading.reader import Row, Table, normalise_name, read_action_rows
from actions.imports.reading.text import plain_text
from actions.plan_text.owner_tokens import classify_audience
from actions.plan_text.timeline import read_timeline
from actions.spreadsheet.columns import PLAN_COLUMNS

COLUMNS = PLAN_COLUMNS
REQUIRED = ["Theme", "Action", "Who", "Timeline"]
KEY_COLUMNS = ["Action"]

_WHOLE = re.compile(r"^\+?(\d+)(?:\.0*)?$")
# The longest text each column may hold (``actions.validation``, as the models store them).
LENGTHS = [
    ("Theme", "theme name", validation.THEME_NAME_MAX),
    ("Action", "action text", validation.ACTION_TEXT_MAX),
    ("Who", "Who text", validation.WHO_MAX),
    ("Timeline", "timeline", validation.TIMELINE_MAX),
]


@dataclass(frozen=True)
class PlanRow:
    """One validated row of a plan file."""

    row: int
    sheet: str
    theme: str
    ref: int | None  # None: the file has no Ref column (matched on the text)
    text: str
    who: str
    audience: str
    timeline: str
    start_date: datetime.date | None
    due_date: datetime.date | None
    timeline_readable: bool
    milestones: tuple[dict, ...] = ()

    @property
    def theme_key(self) -> str:
        return normalise_name(self.theme)

    @property
    def key(self) -> tuple[str, int]:
        return (self.theme_key, self.ref)


@dataclass
class ParsedPlan:
    rows: list[PlanRow]
    errors: list[Problem]
    warnings: list[Problem]


def parse_ref(value: str) -> int | None:
    """A positive whole number from a Ref cell, or None."""
    match = _WHOLE.match(value.strip())
    if not match:
        return None
    number = int(match.group(1))
    return number if number >= 1 else None


def _date(row: Row, column: str, warnings: list[Problem]) -> datetime.date | None:
    value = row.get(column)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        warnings.append(row.problem(f'"{value}" is not a date (YYYY-MM-DD): ignored', column))
        return None


def _audience(who: str) -> str:
    try:
        return classify_audience(who)
    except ValueError:
        return "employer"


def parse_plan_table(table: Table) -> ParsedPlan:
    """Validate every row of ``table``; collect all errors, not just the first."""
    parsed = ParsedPlan(rows=[], errors=[], warnings=[])
    seen: dict[tuple[str, int], Row] = {}
    for raw in table.rows:
        row_errors = _row_errors(raw, seen)
        parsed.errors.extend(row_errors)
        if not row_errors:
            parsed.rows.append(_plan_row(raw, parsed.warnings))
    if not table.rows:
        parsed.errors.append(Problem("the file has a header row but no actions below it"))
    return parsed


def _row_errors(raw: Row, seen: dict) -> list[Problem]:
    """What stops a row being imported: no theme, a ref that is not a positive whole number, no
    action text, or a theme and ref (without refs: text) already on an earlier row (``seen``)."""
    errors = []
    theme = " ".join(raw.get("Theme").split())
    if not theme:
        errors.append(raw.problem("enter the theme", "Theme"))
    has_ref = "Ref" in raw.cells
    ref_text = raw.get("Ref")
    ref = parse_ref(ref_text) if has_ref else None
    if has_ref and ref is None:
        message = (
            f'"{ref_text}" is not a positive whole number' if ref_text else "enter the ref (a positive whole number)"
        )
        errors.append(raw.problem(message, "Ref"))
    text = plain_text(raw.get("Action"))
    if not text:
        errors.append(raw.problem("the action text is empty", "Action"))
    for column, what, limit in LENGTHS:
        problem = validation.text_problem(plain_text(raw.get(column)), what=what, limit=limit, required=False)
        if problem:
            errors.append(raw.problem(problem, column))
    if theme and (ref is not None or (not has_ref and text)):
        key = (normalise_name(theme), ref if has_ref else normalise_name(text))
        if key in seen:
            first = seen[key]
            where = f"row {first.number}" + (f' of sheet "{first.sheet}"' if first.sheet != raw.sheet else "")
            what = f"{theme} {ref}" if has_ref else f"{theme}: the same action text"
            errors.append(
                raw.problem(f"duplicate theme and ref: {what} is also on {where}", "Ref" if has_ref else "Action")
            )
        else:
            seen[key] = raw
    return errors


def _plan_row(raw: Row, warnings: list[Problem]) -> PlanRow:
    """A valid row, its dates read from the timeline (or the date columns when it has none)."""
    who = plain_text(raw.get("Who"))
    timeline = " ".join(plain_text(raw.get("Timeline")).split())
    reading = read_timeline(timeline)
    start, due = reading.start, reading.due
    if not reading.readable:
        warnings.append(raw.problem(f'"{timeline}" is not a timeline we can read: kept as text, no dates', "Timeline"))
    elif not timeline:
        start, due = _date(raw, "Start date", warnings), _date(raw, "Due date", warnings)
    return PlanRow(
        row=raw.number,
        sheet=raw.sheet,
        theme=" ".join(raw.get("Theme").split()),
        ref=parse_ref(raw.get("Ref")) if "Ref" in raw.cells else None,
        text=plain_text(raw.get("Action")),
        who=who,
        audience=_audience(who),
        timeline=timeline,
        start_date=start,
        due_date=due,
        timeline_readable=reading.readable,
        milestones=tuple({"due": m.due.isoformat(), "label": m.label} for m in reading.milestones),
    )


def read_plan_file(*, data: bytes, file_name: str) -> ParsedPlan:
    """Read and validate a plan file. Raises ``ImportFileError`` when it cannot be read at all."""
    table = read_action_rows(
        data=data, file_name=file_name, columns=COLUMNS, required=REQUIRED, key_columns=KEY_COLUMNS
    )
    return parse_plan_table(table)
