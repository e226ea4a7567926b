"""The columns of every progress file the product writes and reads back — defined once.

The flat CSV (a stable interface: ``Plan, Theme, Ref, …, Updated on``), the board workbook's
theme and exception sheets, the offline-updates import and the plan import all read this list:
to add a column, add one ``Column`` here (``attr`` names the attribute of a progress line,
``reports.lines.Line``, that it shows).

- ``csv``: written to the flat CSV, in this order.
- ``sheets``: the workbook sheets that show it, with its width there (``theme``, ``exceptions``; the
  roll-up workbook's ``rollup`` response rows and ``rollup_exceptions``).
- ``key``: identifies the row when a file comes back (plan, theme, ref).
- ``editable``: an owner's offline edit, read back by the offline-updates import.
- ``read_back``: read by the offline-updates import (keys, editable cells, and context).
- ``plan``: read by the plan-version import.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    attr: str
    csv: bool = True
    sheets: dict[str, int] = field(default_factory=dict)
    key: bool = False
    editable: bool = False
    read_back: bool = False
    plan: bool = False


PROGRESS_COLUMNS = [
    Column("Plan", "plan", sheets={"rollup": 18, "rollup_exceptions": 16}, key=True, read_back=True),
    Column(
        "Theme",
        "theme",
        sheets={"exceptions": 14, "rollup": 18, "rollup_exceptions": 18},
        key=True,
        read_back=True,
        plan=True,
    ),
    Column(
        "Ref",
        "ref",
        sheets={"theme": 5, "exceptions": 5, "rollup": 6, "rollup_exceptions": 6},
        key=True,
        read_back=True,
        plan=True,
    ),
    Column(
        "Action",
        "action",
        sheets={"theme": 28, "exceptions": 26, "rollup": 50, "rollup_exceptions": 45},
        read_back=True,
        plan=True,
    ),
    Column("Who", "who", sheets={"theme": 12, "rollup": 18}, plan=True),
    Column("Timeline", "timeline", sheets={"theme": 14, "rollup": 14}, plan=True),
    Column("Start date", "start_date", plan=True),
    Column(
        "Due date",
        "due_date",
        sheets={"theme": 10.5, "exceptions": 10.5, "rollup": 12, "rollup_exceptions": 12},
        plan=True,
    ),
    Column("Overdue", "overdue_text", csv=False, sheets={"exceptions": 8, "rollup": 9, "rollup_exceptions": 9}),
    Column("Organisation", "organisation", sheets={"rollup": 26, "rollup_exceptions": 24}, read_back=True),
    Column(
        "Local owners",
        "owners",
        sheets={"theme": 14, "exceptions": 10, "rollup": 14, "rollup_exceptions": 14},
        editable=True,
        read_back=True,
    ),
    Column("Additional actions", "checklist", sheets={"theme": 20, "rollup": 32}, editable=True, read_back=True),
    Column(
        "Status",
        "status_label",
        sheets={"theme": 11, "exceptions": 11, "rollup": 15, "rollup_exceptions": 15},
        editable=True,
        read_back=True,
    ),
    Column(
        "Latest update",
        "latest_update",
        sheets={"theme": 25, "exceptions": 27, "rollup": 40, "rollup_exceptions": 40},
        editable=True,
        read_back=True,
    ),
    Column(
        "Updated on",
        "updated_on",
        sheets={"theme": 10.5, "exceptions": 10.5, "rollup": 12, "rollup_exceptions": 12},
        read_back=True,  # context: a CSV row dated before the action's latest update is older than the tracker
    ),
]

CSV_COLUMNS = [c for c in PROGRESS_COLUMNS if c.csv]
CSV_HEADER = [c.name for c in CSV_COLUMNS]
EDITABLE_COLUMNS = [c for c in PROGRESS_COLUMNS if c.editable]
EDITABLE = [c.name for c in EDITABLE_COLUMNS]
READ_BACK = [c.name for c in PROGRESS_COLUMNS if c.read_back]
PLAN_COLUMNS = [c.name for c in PROGRESS_COLUMNS if c.plan]


# A theme sheet prints its first columns only (A4 landscape at 9 pt or more); these come last, on
# screen but not on paper.
NOT_PRINTED = {"theme": ["Local owners", "Timeline"]}


def sheet_columns(sheet: str, *, first: str = "") -> list[Column]:
    """The columns a workbook sheet kind (``theme``, ``exceptions``, …) shows, in order; ``first``
    (a column name) leads, as the Organisation does on the roll-up's sheets; the columns the kind
    does not print (``NOT_PRINTED``) come last."""
    columns = [c for c in PROGRESS_COLUMNS if sheet in c.sheets]
    last = NOT_PRINTED.get(sheet, [])
    columns = sorted(columns, key=lambda c: last.index(c.name) + 1 if c.name in last else 0)
    return sorted(columns, key=lambda c: c.name != first) if first else columns


def printed_columns(sheet: str) -> int:
    """How many of the sheet kind's first columns print."""
    return len(sheet_columns(sheet)) - len(NOT_PRINTED.get(sheet, []))


def row_values(line, columns=CSV_COLUMNS) -> list:
    """A progress line's values for ``columns`` (not yet made spreadsheet-safe)."""
    return [getattr(line, c.attr) for c in columns]
