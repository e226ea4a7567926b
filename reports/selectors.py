"""Read side of board reports. Every function is scoped to one organisation or one report."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.shortcuts import get_object_or_404

from actions.charts import stacked_bars
from actions.models import Action
from actions.statuses import DISPLAY_ORDER, Status

from .lines import Line, report_lines
from .models import BoardReport


def report_list(*, organisation):
    return BoardReport.objects.filter(organisation=organisation).select_related("issued_by", "plan")


def report_get(*, organisation, pk, readable: Q | None = None) -> BoardReport:
    """The organisation's report, or 404 (another organisation's report is a 404 too).

    ``readable`` (``owners.access.readable_q``): also an ISSUED report of an organisation it selects
    (a system lead reads its member trusts' issued reports, never their drafts)."""
    scope = Q(organisation=organisation)
    if readable is not None:
        scope |= readable & Q(issued_at__isnull=False)
    return get_object_or_404(BoardReport.objects.select_related("organisation", "plan", "issued_by"), scope, pk=pk)


def previous_issued(report: BoardReport) -> BoardReport | None:
    """The issued report before this one (for a draft: the latest issued report)."""
    issued = BoardReport.objects.issued().filter(organisation=report.organisation_id, plan=report.plan_id)
    if report.issued_at:
        issued = issued.filter(issued_at__lt=report.issued_at).exclude(pk=report.pk)
    return issued.order_by("-issued_at", "-pk").first()


@dataclass
class Summary:
    """Counts of lines by theme and status (rows keep theme order)."""

    statuses: list
    rows: list  # [(theme number, theme name, [count per status], total)]
    totals: list
    total: int

    @property
    def status_labels(self):
        return [s.label for s in self.statuses]


def summarise(lines: list[Line]) -> Summary:
    counts: dict[tuple, Counter] = {}
    for line in lines:
        counts.setdefault((line.theme_number, line.theme), Counter())[line.status] += 1
    rows = []
    for (number, name), counter in sorted(counts.items()):
        values = [counter.get(s, 0) for s in DISPLAY_ORDER]
        rows.append((number, name, values, sum(values)))
    totals = [sum(row[2][i] for row in rows) for i in range(len(DISPLAY_ORDER))]
    return Summary(statuses=DISPLAY_ORDER, rows=rows, totals=totals, total=sum(totals))


def exceptions(lines: list[Line]) -> list[Line]:
    """Off track first, then at risk, then other overdue lines; theme order within each."""
    rank = {status: index for index, status in enumerate(Status.exceptions())}
    picked = [line for line in lines if line.is_exception]
    return sorted(picked, key=lambda line: (rank.get(line.status, len(rank)), line.theme_number, line.ref))


def by_theme(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    groups: dict[tuple, list] = {}
    for line in lines:
        groups.setdefault((line.theme_number, line.theme), []).append(line)
    return [(name, group) for (number, name), group in sorted(groups.items())]


@dataclass
class ChangeRow:
    kind: str
    line: Line
    before: str = ""
    after: str = ""
    detail: str = ""


@dataclass
class Changes:
    previous: BoardReport | None
    status_moves: list = field(default_factory=list)
    newly_complete: list = field(default_factory=list)
    newly_overdue: list = field(default_factory=list)
    new_updates: list = field(default_factory=list)
    added: list = field(default_factory=list)
    withdrawn: list = field(default_factory=list)

    def rows(self) -> list[ChangeRow]:
        return (
            self.status_moves
            + self.newly_complete
            + self.newly_overdue
            + self.new_updates
            + self.added
            + self.withdrawn
        )

    def __bool__(self):
        return bool(self.rows())


def changes_between(previous_lines: list[Line], current_lines: list[Line], *, previous=None) -> Changes:
    """What changed from one set of frozen lines to the next."""
    changes = Changes(previous=previous)
    before = {line.key: line for line in previous_lines}
    after = {line.key: line for line in current_lines}
    for key, line in after.items():
        old = before.get(key)
        if old is None:
            detail = f"Added by plan version {line.added_in}" if line.added_in else "Not in the previous report"
            changes.added.append(ChangeRow("Added", line, detail=detail))
            continue
        if old.status != line.status:
            changes.status_moves.append(ChangeRow("Status moved", line, old.status_label, line.status_label))
            if line.status == Status.COMPLETE:
                changes.newly_complete.append(ChangeRow("Newly complete", line, old.status_label, line.status_label))
        if line.overdue and not old.overdue:
            changes.newly_overdue.append(
                ChangeRow("Newly overdue", line, detail=f"Due {line.due_date:%d %B %Y}" if line.due_date else "")
            )
        if line.latest_update and (line.updated_on, line.latest_update) != (old.updated_on, old.latest_update):
            changes.new_updates.append(ChangeRow("New progress update", line, detail=line.latest_update))
    gone = [line for key, line in before.items() if key not in after]
    versions = (
        dict(
            Action.objects.filter(responses__pk__in=[line.response_id for line in gone if line.response_id])
            .filter(withdrawn_in__isnull=False)
            .values_list("responses__pk", "withdrawn_in__label")
        )
        if gone
        else {}
    )
    for line in gone:
        label = versions.get(line.response_id)
        detail = f"Withdrawn by plan version {label}" if label else "No longer in the report"
        changes.withdrawn.append(ChangeRow("Withdrawn", line, detail=detail))
    return changes


def report_changes(report: BoardReport, *, lines: list[Line] | None = None) -> Changes:
    """Changes since the previous issued report (empty, with ``previous=None``, for the first)."""
    previous = previous_issued(report)
    if previous is None:
        return Changes(previous=None)
    current = lines if lines is not None else list(report_lines(report))
    return changes_between(list(report_lines(previous)), current, previous=previous)


@dataclass
class ReportView:
    """Everything the report page and the workbook show, computed once."""

    report: BoardReport
    lines: list
    summary: Summary
    exceptions: list
    changes: Changes
    themes: list


def report_view(report: BoardReport) -> ReportView:
    lines = list(report_lines(report))
    return ReportView(
        report=report,
        lines=lines,
        summary=summarise(lines),
        exceptions=exceptions(lines),
        changes=report_changes(report, lines=lines),
        themes=by_theme(lines),
    )


CHART_LEFT, CHART_WIDTH, CHART_ROW = 330, 620, 30


def chart_bars(summary: Summary):
    """The report page's stacked bars (SVG user units); returns (bars, svg height)."""
    rows = [
        (name, dict(zip([s.value for s in summary.statuses], counts, strict=True)), None)
        for _, name, counts, _ in summary.rows
    ]
    bars = stacked_bars(rows, width=CHART_WIDTH, left=CHART_LEFT, top=10, row_height=CHART_ROW)
    return bars, 20 + len(bars) * CHART_ROW
