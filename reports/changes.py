"""Changes since the last report, plan by plan, computed from frozen lines (a read module).

A report covers one or more plans. For each of them the previous report is the latest report of
the same organisation, issued before this one (for a draft: the latest issued), that covers that
plan; the plan's lines are compared with that report's lines of the same plan. A plan no earlier
report covered has nothing to compare with. ``Changes`` holds every plan's rows, in plan order
(``parts``), and their union by kind (``status_moves``, …) for a report of one plan as before.

A fixed number of queries, whatever the number of plans or lines: the previous report of each plan
(one), their lines (one) and, when lines have gone, the plan versions that withdrew them (one).
"""

from dataclasses import dataclass, field

from actions.models import Action, ActionChange
from actions.statuses import Status

from .lines import Line, line_from_report_line, report_lines
from .models import BoardReport, BoardReportLine


@dataclass
class ChangeRow:
    kind: str
    line: Line
    before: str = ""
    after: str = ""
    detail: str = ""


@dataclass
class PlanChanges:
    """One plan's changes since its previous report (``previous`` None: no earlier report covers it)."""

    plan: str
    previous: BoardReport | None
    changes: "Changes"


@dataclass
class Changes:
    previous: BoardReport | None
    status_moves: list = field(default_factory=list)
    newly_complete: list = field(default_factory=list)
    newly_overdue: list = field(default_factory=list)
    new_updates: list = field(default_factory=list)
    added: list = field(default_factory=list)
    withdrawn: list = field(default_factory=list)
    parts: list[PlanChanges] = field(default_factory=list)

    KINDS = ("status_moves", "newly_complete", "newly_overdue", "new_updates", "added", "withdrawn")

    def rows(self) -> list[ChangeRow]:
        """Every row: plan by plan (each plan's rows by kind), or by kind for a single comparison."""
        if self.parts:
            return [row for part in self.parts for row in part.changes.rows()]
        return [row for kind in self.KINDS for row in getattr(self, kind)]

    @property
    def several_plans(self) -> bool:
        return len(self.parts) > 1

    def __bool__(self):
        return bool(self.rows())


def _compare(previous_lines: list[Line], current_lines: list[Line], *, previous=None) -> tuple[Changes, list]:
    """The changes from one set of lines to the next, and the lines that have gone (not yet labelled)."""
    changes = Changes(previous=previous)
    before = {line.key: line for line in previous_lines}
    after = {line.key: line for line in current_lines}
    restored = _restored_by([line.response_id for key, line in after.items() if key not in before])
    for key, line in after.items():
        old = before.get(key)
        if old is None and line.response_id in restored:
            detail = f"Restored by plan version {restored[line.response_id]}"
            changes.added.append(ChangeRow("Restored", line, detail=detail))
            continue
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
    return changes, gone


def _restored_by(response_ids) -> dict[int, str]:
    """{response id: label of the plan version that restored its action} (one query; none without ids)."""
    ids = [pk for pk in response_ids if pk]
    if not ids:
        return {}
    restores = (
        ActionChange.objects.filter(kind=ActionChange.Kind.RESTORED, action__responses__pk__in=ids)
        .order_by("version__imported_at", "pk")
        .values_list("action__responses__pk", "version__label")
    )
    return dict(restores)


def _label_withdrawn(parts: list[tuple[Changes, list]]) -> None:
    """Each gone line becomes a Withdrawn row, naming the plan version that withdrew its action (one query)."""
    gone = [line for _, lines in parts for line in lines]
    ids = [line.response_id for line in gone if line.response_id]
    versions = (
        dict(
            Action.objects.filter(responses__pk__in=ids)
            .filter(withdrawn_in__isnull=False)
            .values_list("responses__pk", "withdrawn_in__label")
        )
        if ids
        else {}
    )
    for changes, lines in parts:
        for line in lines:
            label = versions.get(line.response_id)
            detail = f"Withdrawn by plan version {label}" if label else "No longer in the report"
            changes.withdrawn.append(ChangeRow("Withdrawn", line, detail=detail))


def changes_between(previous_lines: list[Line], current_lines: list[Line], *, previous=None) -> Changes:
    """What changed from one set of frozen lines to the next."""
    changes, gone = _compare(previous_lines, current_lines, previous=previous)
    _label_withdrawn([(changes, gone)])
    return changes


def _earlier_issued(report: BoardReport):
    """Issued reports this one may be compared with: as at its as-at date or before (meeting order, not
    issue order); an issued report only looks at reports issued before it, so issuing a catch-up report
    later never changes what an earlier issued report says changed."""
    issued = BoardReport.objects.issued().filter(organisation=report.organisation_id, as_at__lte=report.as_at)
    issued = issued.exclude(pk=report.pk)
    if report.issued_at:
        issued = issued.filter(issued_at__lt=report.issued_at)
    return issued


def previous_issued(report: BoardReport) -> BoardReport | None:
    """The issued report with the latest as-at date before this one's covering any of its plans; of reports
    as at the same day, the one issued last."""
    return (
        _earlier_issued(report)
        .filter(plans__in=report.plans.all())
        .distinct()
        .order_by("-as_at", "-issued_at", "-pk")
        .first()
    )


def previous_by_plan(report: BoardReport, plan_ids) -> dict[int, BoardReport]:
    """Each plan's previous report (see the module docstring) — one query."""
    pairs = (
        BoardReport.plans.through.objects.filter(plan_id__in=list(plan_ids), boardreport__in=_earlier_issued(report))
        .select_related("boardreport")
        .order_by("-boardreport__as_at", "-boardreport__issued_at", "-boardreport__pk")
    )
    previous: dict[int, BoardReport] = {}
    for pair in pairs:
        previous.setdefault(pair.plan_id, pair.boardreport)
    return previous


def report_changes(report: BoardReport, *, lines: list[Line] | None = None) -> Changes:
    """Changes since the previous issued report, plan by plan (``previous`` None when no plan has one)."""
    current = lines if lines is not None else list(report_lines(report))
    plans: dict[int | None, list[Line]] = {}
    for line in current:
        plans.setdefault(line.plan_id, []).append(line)
    previous = previous_by_plan(report, [pk for pk in plans if pk])
    if not previous:
        return Changes(previous=None)
    earlier: dict[tuple[int, int], list[Line]] = {}
    queryset = BoardReportLine.objects.filter(report__in=[r.pk for r in previous.values()], plan__in=list(previous))
    for report_line in queryset.order_by("report", "order", "pk").iterator(chunk_size=500):
        line = line_from_report_line(report_line)
        earlier.setdefault((report_line.report_id, report_line.plan_id), []).append(line)
    latest = max(previous.values(), key=lambda r: (r.as_at, r.issued_at, r.pk))
    total, compared = Changes(previous=latest), []
    for plan_id, mine in plans.items():
        before = previous.get(plan_id)
        if before is None:
            total.parts.append(PlanChanges(plan=mine[0].plan, previous=None, changes=Changes(previous=None)))
            continue
        part, gone = _compare(earlier.get((before.pk, plan_id), []), mine, previous=before)
        compared.append((part, gone))
        total.parts.append(PlanChanges(plan=mine[0].plan, previous=before, changes=part))
    _label_withdrawn(compared)
    for kind in Changes.KINDS:
        setattr(total, kind, [row for part in total.parts for row in getattr(part.changes, kind)])
    return total
