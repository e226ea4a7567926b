"""The progress export: one row per response, the columns of the stable CSV interface.

Both the CSV and the board workbook are fed by the same generator of ``Line`` records:
``progress_lines`` (the live action list, honouring its filters) or ``report_lines``
(a board report's frozen copy). ``line_row`` turns a record into the CSV's columns.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from actions.models import Status
from actions.selectors import checklist_text, owner_initials, response_list

COLUMNS = [
    "Plan",
    "Theme",
    "Ref",
    "Action",
    "Who",
    "Timeline",
    "Start date",
    "Due date",
    "Organisation",
    "Local owners",
    "Additional actions",
    "Status",
    "Latest update",
    "Updated on",
]


@dataclass(frozen=True)
class Line:
    """One response line as exported (live or frozen)."""

    plan: str
    theme_number: int
    theme: str
    ref: int
    action: str
    who: str
    timeline: str
    start_date: datetime.date | None
    due_date: datetime.date | None
    organisation: str
    owners: str
    checklist: str
    status: str  # the Status value, e.g. "off_track"
    latest_update: str
    updated_on: datetime.date | None
    overdue: bool
    response_id: int | None = None
    added_in: str = ""

    @property
    def status_label(self) -> str:
        return Status(self.status).label if self.status in Status.values else self.status

    @property
    def brag(self) -> str:
        return Status.brag_colour(self.status)

    @property
    def key(self):
        """What identifies the line across reports: the response, else theme and ref."""
        return self.response_id or (self.theme_number, self.ref)

    @property
    def is_exception(self) -> bool:
        return self.overdue or self.status in (Status.OFF_TRACK, Status.AT_RISK)


def line_from_response(response) -> Line:
    action = response.action
    return Line(
        plan=action.theme.plan.name,
        theme_number=action.theme.number,
        theme=action.theme.name,
        ref=action.ref,
        action=action.text,
        who=action.who,
        timeline=action.timeline,
        start_date=action.start_date,
        due_date=response.effective_due,
        organisation=response.organisation.name,
        owners=owner_initials(response),
        checklist=checklist_text(response),
        status=response.status,
        latest_update=response.latest_update_note or "",
        updated_on=response.latest_update_date,
        overdue=bool(response.is_overdue),
        response_id=response.pk,
    )


def line_from_report_line(report_line, *, plan: str, organisation: str) -> Line:
    return Line(
        plan=plan,
        theme_number=report_line.theme_number,
        theme=report_line.theme_name,
        ref=report_line.ref,
        action=report_line.action_text,
        who=report_line.who,
        timeline=report_line.timeline,
        start_date=report_line.start_date,
        due_date=report_line.due_date,
        organisation=organisation,
        owners=report_line.owners,
        checklist=report_line.checklist,
        status=report_line.status,
        latest_update=report_line.latest_update_note,
        updated_on=report_line.latest_update_date,
        overdue=report_line.overdue,
        response_id=report_line.response_id,
        added_in=report_line.added_in,
    )


def line_row(line: Line) -> list:
    """A line as the export's row (values, not yet made spreadsheet-safe)."""
    return [
        line.plan,
        line.theme,
        line.ref,
        line.action,
        line.who,
        line.timeline,
        line.start_date,
        line.due_date,
        line.organisation,
        line.owners,
        line.checklist,
        line.status_label,
        line.latest_update,
        line.updated_on,
    ]



def progress_lines(*, organisation, plan=None, filters=None) -> Iterator[Line]:
    """Lines of the organisation's responses, filtered exactly as the action list filters them."""
    queryset = response_list(organisation=organisation, plan=plan, filters=filters)
    for response in queryset.iterator(chunk_size=500):
        yield line_from_response(response)


def report_lines(report) -> Iterator[Line]:
    """A board report's frozen lines, in report order."""
    plan, organisation = report.plan.name, report.organisation.name
    for report_line in report.lines.order_by("order", "pk").iterator(chunk_size=500):
        yield line_from_report_line(report_line, plan=plan, organisation=organisation)


def rows(lines: Iterable[Line]) -> Iterator[list]:
    for line in lines:
        yield line_row(line)


def progress_rows(*, organisation, plan=None, filters=None) -> Iterator[list]:
    """Rows of the organisation's responses, filtered exactly as the action list filters them."""
    return rows(progress_lines(organisation=organisation, plan=plan, filters=filters))
