"""Writes to board reports. A draft is refreshed from the live responses; an issued report never changes."""

from django.db import transaction
from django.utils import timezone

from .lines import progress_lines, report_line_from
from .models import FRONT_SHEET_FIELDS, BoardReport, BoardReportLine, ReportIssued


def _snapshot(report: BoardReport) -> int:
    """Replace the report's lines with a copy of every live response line, overdue judged on its as-at date."""
    lines = [
        report_line_from(line, report=report, order=order)
        for order, line in enumerate(
            progress_lines(organisation=report.organisation, plan=report.plan, on=report.as_at)
        )
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
def report_create(*, organisation, plan, user, **fields) -> BoardReport:
    """A new draft report with the given front sheet, snapshotted now."""
    unknown = set(fields) - set(FRONT_SHEET_FIELDS)
    if unknown:
        raise TypeError(f"Unknown front-sheet fields: {sorted(unknown)}")
    report = BoardReport(organisation=organisation, plan=plan, created_by=user, **fields)
    report.full_clean()
    report.snapshot_at = timezone.now()
    report._history_user = user
    report.save()
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
