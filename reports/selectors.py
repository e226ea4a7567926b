"""Read side of board reports. Every function is scoped to one organisation or one report."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import F, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from actions.as_at import end_of_day
from actions.charts import stacked_bars
from actions.models import Plan
from actions.statuses import DISPLAY_ORDER, Status

from .changes import ChangeRow, Changes, changes_between, previous_issued, report_changes
from .lines import Line, report_lines
from .models import BoardReport

__all__ = [
    "ChangeRow",
    "Changes",
    "changes_between",
    "previous_issued",
    "report_changes",
    "report_get",
    "report_list",
    "report_view",
    "sees_drafts",
]


# Drafts are read by those who prepare a report: the board secretary (who makes and issues it) and
# the HR leads whose actions it reports. Everyone else — a board member above all — reads ISSUED
# reports only: a draft is not what the board was told.
DRAFT_READERS = ("reports.change_boardreport", "actions.change_response")


def sees_drafts(user) -> bool:
    return any(user.has_perm(perm) for perm in DRAFT_READERS)


def report_list(*, organisation, drafts: bool = True):
    """The organisation's reports; ``drafts=False``: issued ones only (``sees_drafts``)."""
    reports = BoardReport.objects.filter(organisation=organisation)
    if not drafts:
        reports = reports.issued()
    return reports.select_related("issued_by").prefetch_related("plans")


def default_report_plan(*, organisation) -> Plan | None:
    """The plan a new board report covers: the latest published (undated last) of those the
    organisation has responses to — never a plan it has nothing for, which would make an empty report."""
    newest = [F("published").desc(nulls_last=True), "pk"]
    return Plan.objects.responded_by(organisation).order_by(*newest).first()


def report_get(*, organisation, pk, readable: Q | None = None, drafts: bool = True) -> BoardReport:
    """The organisation's report, or 404 (another organisation's report is a 404 too).

    ``readable`` (``owners.access.readable_q``): also an ISSUED report of an organisation it selects
    (a system lead reads its member trusts' issued reports, never their drafts).
    ``drafts=False``: a draft, even of the organisation's own, is a 404 (a board member's view)."""
    scope = Q(organisation=organisation)
    if not drafts:
        scope &= Q(issued_at__isnull=False)
    if readable is not None:
        scope |= readable & Q(issued_at__isnull=False)
    return get_object_or_404(BoardReport.objects.select_related("organisation", "issued_by"), scope, pk=pk)


def plan_positions(lines) -> dict:
    """Each plan's position in the lines' order (a report's lines come plan by plan)."""
    positions: dict = {}
    for line in lines:
        positions.setdefault(line.plan, len(positions))
    return positions


@dataclass
class SummaryRow:
    plan: str
    plan_label: str
    number: int
    name: str
    counts: list  # one count per status, in display order
    total: int


@dataclass
class Summary:
    """Counts of lines by plan, theme and status (rows keep plan, then theme, order)."""

    statuses: list
    rows: list[SummaryRow]
    totals: list
    total: int

    @property
    def status_labels(self):
        return [s.label for s in self.statuses]

    @property
    def several_plans(self) -> bool:
        return len({row.plan for row in self.rows}) > 1


def summarise(lines: list[Line]) -> Summary:
    positions = plan_positions(lines)
    counts: dict[tuple, Counter] = {}
    for line in lines:
        key = (positions[line.plan], line.theme_number, line.theme, line.plan, line.plan_label)
        counts.setdefault(key, Counter())[line.status] += 1
    rows = []
    for (_, number, name, plan, label), counter in sorted(counts.items()):
        values = [counter.get(s, 0) for s in DISPLAY_ORDER]
        rows.append(SummaryRow(plan, label, number, name, values, sum(values)))
    totals = [sum(row.counts[i] for row in rows) for i in range(len(DISPLAY_ORDER))]
    return Summary(statuses=DISPLAY_ORDER, rows=rows, totals=totals, total=sum(totals))


def exceptions(lines: list[Line]) -> list[Line]:
    """Off track first, then at risk, then other overdue lines; plan and theme order within each."""
    return exception_order([line for line in lines if line.is_exception])


def exception_order(lines: list[Line]) -> list[Line]:
    """Exceptions in the order a board reads them: off track, at risk, then the rest; plan and
    theme order within each."""
    rank = {status: index for index, status in enumerate(Status.exceptions())}
    positions = plan_positions(lines)
    return sorted(
        lines, key=lambda line: (rank.get(line.status, len(rank)), positions[line.plan], line.theme_number, line.ref)
    )


def by_plan(lines: list[Line]) -> list[tuple[str, list[tuple[str, list[Line]]]]]:
    """Lines grouped by plan (in the lines' order), then by theme (in theme order)."""
    positions = plan_positions(lines)
    groups: dict[tuple, list] = {}
    for line in lines:
        groups.setdefault((positions[line.plan], line.plan, line.theme_number, line.theme), []).append(line)
    plans: dict[str, list] = {}
    for (_, plan, _number, theme), group in sorted(groups.items()):
        plans.setdefault(plan, []).append((theme, group))
    return list(plans.items())


@dataclass
class ReportView:
    """Everything the report page and the workbook show, computed once."""

    report: BoardReport
    lines: list
    summary: Summary
    exceptions: list
    changes: Changes
    plans: list  # [(plan name, [(theme name, lines)])]
    figures: str = ""

    @property
    def several_plans(self) -> bool:
        return len(self.plans) > 1


def report_view(report: BoardReport) -> ReportView:
    lines = list(report_lines(report))
    return ReportView(
        report=report,
        lines=lines,
        summary=summarise(lines),
        exceptions=exceptions(lines),
        changes=report_changes(report, lines=lines),
        plans=by_plan(lines),
        figures=figures_statement(report),
    )


def figures_statement(report: BoardReport) -> str:
    """How a report's figures were made (the report page and the workbook cover say it alike)."""
    if report.snapshot_at is None:
        return ""
    if report.snapshot_at < end_of_day(report.as_at):
        moment = f"when they were copied, {timezone.localtime(report.snapshot_at):%-d %B %Y %H:%M}"
    else:
        moment = f"at the end of {report.as_at:%-d %B %Y}"
    return (
        f"Each action as it stood {moment}: status, local due date, owners and additional actions from the "
        "record of changes, and the latest progress update dated on or before the as-at date. Actions first "
        "recorded after that date show as first recorded; the actions' wording is the plan's when the figures "
        "were copied."
    )


CHART_LEFT, CHART_WIDTH, CHART_ROW = 330, 620, 30


CHART_LABEL = 40  # characters of a bar's label (the full name is in the bar's tooltip and the table)


def _chart_label(row: SummaryRow, several_plans: bool) -> str:
    label = f"{row.plan_label} · {row.number}. {row.name}" if several_plans else row.name
    return label if len(label) <= CHART_LABEL else label[: CHART_LABEL - 1].rstrip() + "…"


def chart_bars(summary: Summary):
    """The report page's stacked bars (SVG user units); returns (bars, svg height)."""
    several = summary.several_plans
    rows = [
        (_chart_label(row, several), dict(zip([s.value for s in summary.statuses], row.counts, strict=True)), row)
        for row in summary.rows
    ]
    bars = stacked_bars(rows, width=CHART_WIDTH, left=CHART_LEFT, top=10, row_height=CHART_ROW)
    return bars, 20 + len(bars) * CHART_ROW
