"""Progress lines: one response as every report and export shows it, live or frozen.

``Line`` is what the action-list exports, the board report page, its workbook, the CSV and the
changes-since-last-report all read. The mappings between a live response, a ``Line`` and a
frozen ``BoardReportLine`` are written here once:

- :func:`line_from_response` — a live response (annotated by ``actions.selectors``);
- :func:`line_as_at` — a response as it stood at the end of a day (``actions.as_at``);
- :func:`line_from_row` — the same response as flat values (``actions.selectors.response_rows``, the
  roll-up's path through thousands of responses; tests hold both to the same lines);
- :func:`report_line_from` — a ``Line`` frozen into a board report, with every value it shows;
- :func:`line_from_report_line` — a frozen line read back (frozen values only).
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, replace

from actions.as_at import ResponseAsAt, responses_as_at
from actions.selectors import checklist_text, owner_initials, response_list, response_rows
from actions.statuses import Status
from actions.statuses import fill as status_fill
from actions.statuses import label as status_label

from .models import BoardReportLine


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
    is_local: bool = False
    plan_id: int | None = None
    plan_short: str = ""
    revision: int | None = None  # the response's revision the line was made from (None: unknown)

    @property
    def plan_label(self) -> str:
        """The plan's short name where it has one (sheet names, grouped pages), else its name."""
        return self.plan_short or self.plan

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def fill(self) -> str:
        """The status's colour, a workbook cell's fill (RGB hex)."""
        return status_fill(self.status)

    @property
    def overdue_text(self) -> str:
        return "Yes" if self.overdue else "No"

    @property
    def key(self):
        """What identifies the line across reports: the response, else plan, theme and ref."""
        return self.response_id or (self.plan_id or self.plan, self.theme_number, self.ref)

    @property
    def is_exception(self) -> bool:
        return self.overdue or self.status in Status.exceptions()


def line_from_response(response) -> Line:
    """A live response, annotated by ``actions.selectors.response_list``."""
    action = response.action
    plan = action.theme.plan
    return Line(
        plan=plan.name,
        plan_id=plan.pk,
        plan_short=plan.short_name,
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
        added_in=action.added_in.label if action.added_in_id else "",
        is_local=action.organisation_id is not None,
        revision=response.revision,
    )


def line_as_at(state: ResponseAsAt) -> Line:
    """A response as it stood at the end of a day (``actions.as_at.responses_as_at``): the live line with
    the values of that day."""
    return replace(
        line_from_response(state.response),
        due_date=state.due_date,
        owners=state.owners,
        checklist=state.checklist,
        status=state.status,
        latest_update=state.latest_update,
        updated_on=state.updated_on,
        overdue=state.overdue,
    )


def line_from_row(row: dict) -> Line:
    """A live response as ``actions.selectors.response_rows`` gives it: the same line as
    :func:`line_from_response` gives for the model instance."""
    return Line(
        plan=row["action__theme__plan__name"],
        plan_id=row["action__theme__plan_id"],
        plan_short=row["action__theme__plan__short_name"],
        theme_number=row["action__theme__number"],
        theme=row["action__theme__name"],
        ref=row["action__ref"],
        action=row["action__text"],
        who=row["action__who"],
        timeline=row["action__timeline"],
        start_date=row["action__start_date"],
        due_date=row["effective_due"],
        organisation=row["organisation__name"],
        owners=row["owners"],
        checklist=row["checklist"],
        status=row["status"],
        latest_update=row["latest_update_note"] or "",
        updated_on=row["latest_update_date"],
        overdue=bool(row["is_overdue"]),
        response_id=row["pk"],
        added_in=row["action__added_in__label"] or "",
        is_local=row["action__organisation_id"] is not None,
        revision=row["revision"],
    )


def report_line_from(line: Line, *, report, order: int) -> BoardReportLine:
    """A line frozen into ``report`` at position ``order``."""
    return BoardReportLine(
        report=report,
        response_id=line.response_id,
        order=order,
        plan_id=line.plan_id,
        plan_name=line.plan,
        plan_short_name=line.plan_short,
        organisation_name=line.organisation,
        theme_number=line.theme_number,
        theme_name=line.theme,
        ref=line.ref,
        action_text=line.action,
        who=line.who,
        timeline=line.timeline,
        start_date=line.start_date,
        due_date=line.due_date,
        owners=line.owners,
        checklist=line.checklist,
        status=line.status,
        latest_update_note=line.latest_update,
        latest_update_date=line.updated_on,
        overdue=line.overdue,
        is_local=line.is_local,
        added_in=line.added_in,
        response_revision=line.revision,
    )


def line_from_report_line(report_line) -> Line:
    """A frozen line read back: only the values stored with it, never a live name."""
    return Line(
        plan=report_line.plan_name,
        plan_id=report_line.plan_id,
        plan_short=report_line.plan_short_name,
        theme_number=report_line.theme_number,
        theme=report_line.theme_name,
        ref=report_line.ref,
        action=report_line.action_text,
        who=report_line.who,
        timeline=report_line.timeline,
        start_date=report_line.start_date,
        due_date=report_line.due_date,
        organisation=report_line.organisation_name,
        owners=report_line.owners,
        checklist=report_line.checklist,
        status=report_line.status,
        latest_update=report_line.latest_update_note,
        updated_on=report_line.latest_update_date,
        overdue=report_line.overdue,
        response_id=report_line.response_id,
        added_in=report_line.added_in,
        is_local=report_line.is_local,
        revision=report_line.response_revision,
    )


def progress_lines(
    *, organisation, plan=None, plans=None, filters=None, on: datetime.date | None = None
) -> Iterator[Line]:
    """Lines of the organisation's responses, filtered exactly as the action list filters them (and to
    ``plan``, or to the ``plans`` of a board report, when given), in plan order."""
    queryset = response_list(organisation=organisation, plan=plan, filters=filters, on=on)
    if plans is not None:
        queryset = queryset.filter(action__theme__plan__in=plans)
    for response in queryset.select_related("action__added_in").iterator(chunk_size=500):
        yield line_from_response(response)


def lines_as_at(*, organisation, as_at: datetime.date, plan=None, plans=None) -> list[Line]:
    """Lines of the organisation's responses (to ``plan``, or to the ``plans`` of a board report) as they
    stood at the end of ``as_at`` (a board report's figures), in plan order."""
    states = responses_as_at(organisation=organisation, plan=plan, plans=plans, as_at=as_at)
    return [line_as_at(state) for state in states]


def rollup_lines(*, organisations, plan=None, on: datetime.date | None = None) -> Iterator[Line]:
    """Lines of every organisation in ``organisations``, one after another in that order, each
    organisation's exactly as :func:`progress_lines` gives them unfiltered (the roll-up's rows)."""
    for row in response_rows(organisations=organisations, plan=plan, on=on):
        yield line_from_row(row)


def report_lines(report) -> Iterator[Line]:
    """A board report's frozen lines, in report order."""
    for report_line in report.lines.order_by("order", "pk").iterator(chunk_size=500):
        yield line_from_report_line(report_line)
