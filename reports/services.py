"""Writes to board reports. A draft is refreshed from the live responses; an issued report never changes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actions.models import Plan

from .lines import progress_lines, report_line_from
from .models import FRONT_SHEET_FIELDS, BoardReport, BoardReportLine, ReportIssued


def _snapshot(report: BoardReport) -> int:
    """Replace the report's lines with a copy of every live response line of its plans (grouped by plan),
    overdue judged on its as-at date."""
    plans = list(report.plans.values_list("pk", flat=True))
    lines = [
        report_line_from(line, report=report, order=order)
        for order, line in enumerate(progress_lines(organisation=report.organisation, plans=plans, on=report.as_at))
    ]
    report.lines.all().delete()
    BoardReportLine.objects.bulk_create(lines, batch_size=500)
    return len(lines)


def _refuse_if_issued(report: BoardReport) -> BoardReport:
    """Lock the report row and refuse when it is (by now) issued."""
    locked = BoardReport.objects.select_for_update().get(pk=report.pk)
    if locked.issued_at is not None:
        raise ReportIssued(locked)
    return locked


@transaction.atomic
def report_create(*, organisation, user, plans=None, plan=None, **fields) -> BoardReport:
    """A new draft report of ``plans`` (or the one ``plan``) with the given front sheet, snapshotted now.

    Every plan must be one the organisation responds to (``Plan.objects.responded_by``): another
    organisation's local plan is refused like a plan that does not exist (``ValidationError``).
    """
    unknown = set(fields) - set(FRONT_SHEET_FIELDS)
    if unknown:
        raise TypeError(f"Unknown front-sheet fields: {sorted(unknown)}")
    wanted = list(plans) if plans is not None else ([plan] if plan is not None else [])
    allowed = {p.pk for p in Plan.objects.responded_by(organisation)}
    if not wanted or any(p.pk not in allowed for p in wanted):
        raise ValidationError({"plans": "Choose one or more of your organisation's plans."})
    report = BoardReport(organisation=organisation, created_by=user, **fields)
    report.full_clean()
    report.snapshot_at = timezone.now()
    report._history_user = user
    report.save()
    report.plans.set(wanted)
    _snapshot(report)
    return report


@transaction.atomic
def report_update(*, report: BoardReport, user, **fields) -> BoardReport:
    """Change a draft's front sheet. Raises ReportIssued for an issued report."""
    locked = _refuse_if_issued(report)
    for name, value in fields.items():
        if name not in FRONT_SHEET_FIELDS:
            raise TypeError(f"Unknown front-sheet field: {name}")
        setattr(locked, name, value)
    locked.full_clean()
    locked._history_user = user
    locked.save()
    return locked


@transaction.atomic
def report_refresh(*, report: BoardReport, user) -> BoardReport:
    """Copy the live responses into a draft again. Raises ReportIssued for an issued report."""
    locked = _refuse_if_issued(report)
    _snapshot(locked)
    locked.snapshot_at = timezone.now()
    locked._history_user = user
    locked.save(update_fields=["snapshot_at"])
    return locked


@transaction.atomic
def report_issue(*, report: BoardReport, user) -> BoardReport:
    """Snapshot a last time and freeze the report. Raises ReportIssued if it already is."""
    locked = _refuse_if_issued(report)
    _snapshot(locked)
    now = timezone.now()
    locked.snapshot_at = now
    locked.issued_at = now
    locked.issued_by = user
    locked._history_user = user
    locked.save(update_fields=["snapshot_at", "issued_at", "issued_by"])
    return locked
