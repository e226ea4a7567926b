"""Writes to board reports. A draft is refreshed from the live responses; an issued report never changes."""

from django.db import transaction
from django.utils import timezone

from .lines import lines_as_at, report_line_from
from .models import FRONT_SHEET_FIELDS, BoardReport, BoardReportLine, ReportIssued

# What a snapshot sets on the report itself (frozen with it on issue).
SNAPSHOT_FIELDS = ["snapshot_at", "organisation_name", "plan_name"]


def _snapshot(report: BoardReport) -> int:
    """Replace the report's lines with every response as it stood at the end of the as-at day
    (``actions.as_at``), and copy the names the report shows onto it."""
    lines = [
        report_line_from(line, report=report, order=order)
        for order, line in enumerate(
            lines_as_at(organisation=report.organisation, plan=report.plan, as_at=report.as_at)
        )
    ]
    report.lines.all().delete()
    BoardReportLine.objects.bulk_create(lines, batch_size=500)
    report.snapshot_at = timezone.now()
    report.organisation_name = report.organisation.name
    report.plan_name = report.plan.name
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
    report._history_user = user
    report.save()
    _snapshot(report)
    report.save(update_fields=SNAPSHOT_FIELDS)
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
    locked._history_user = user
    locked.save(update_fields=SNAPSHOT_FIELDS)
    return locked


@transaction.atomic
def report_issue(*, report: BoardReport, user) -> BoardReport:
    """Snapshot a last time and freeze the report. Raises ReportIssued if it already is."""
    locked = _refuse_if_issued(report)
    _snapshot(locked)
    locked.issued_at = locked.snapshot_at
    locked.issued_by = user
    locked.issued_by_name = (user.get_full_name() or user.username) if user else ""
    locked._history_user = user
    locked.save(update_fields=[*SNAPSHOT_FIELDS, "issued_at", "issued_by", "issued_by_name"])
    return locked
