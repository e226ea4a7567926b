"""Writes to board reports. A draft is refreshed from the live responses; an issued report never changes.

Also each board paper's PDF: made once per paper content by LibreOffice, then served from the
database by every app server."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actions.models import Plan

from .exporters import exporter_for
from .exporters.paper.word import content_digest
from .lines import lines_as_at, report_line_from
from .models import (
    FRONT_SHEET_FIELDS,
    BafRisk,
    BoardReport,
    BoardReportLine,
    PaperPdf,
    ReportIssued,
    StrategicObjective,
)
from .sources import FrozenReport

# What a snapshot sets on the report itself (frozen with it on issue).
SNAPSHOT_FIELDS = ["snapshot_at", "organisation_name", "plan_name"]


def _snapshot(report: BoardReport) -> int:
    """Replace the report's lines with every response of its plans (grouped by plan) as it stood at the
    end of the as-at day (``actions.as_at``), and copy the names the report shows onto it."""
    plans = list(report.plans.order_by("pk"))
    lines = [
        report_line_from(line, report=report, order=order)
        for order, line in enumerate(
            lines_as_at(organisation=report.organisation, plans=[p.pk for p in plans], as_at=report.as_at)
        )
    ]
    report.lines.all().delete()
    BoardReportLine.objects.bulk_create(lines, batch_size=500)
    report.snapshot_at = timezone.now()
    report.organisation_name = report.organisation.name
    report.plan_name = "; ".join(dict.fromkeys(line.plan_name for line in lines)) or "; ".join(p.name for p in plans)
    return len(lines)


def _set_links(report: BoardReport, *, objectives=None, baf_risks=None) -> None:
    """Set the report's chosen strategic objectives (``[(objective, how the report supports it)]``) and
    BAF risks (``[risk]``), each of the report's organisation, as copies on the report (saved by the
    caller). ``None`` leaves that list as it is."""
    for item in [objective for objective, _ in objectives or []] + list(baf_risks or []):
        if item.organisation_id != report.organisation_id:
            raise ValueError(f"{item} belongs to another organisation.")
    if objectives is not None:
        report.objectives = [
            {"objective": objective.pk, "name": objective.name, "support": str(support or "").strip()}
            for objective, support in objectives
        ]
    if baf_risks is not None:
        report.baf_risks = [{"risk": risk.pk, "reference": risk.reference, "title": risk.title} for risk in baf_risks]


def _copy_link_wording(report: BoardReport) -> list[str]:
    """Bring the chosen objectives' and risks' wording up to date before the report freezes.

    An item since deleted from the organisation's list keeps the wording it was chosen with.
    Returns the fields it changed."""
    names = dict(StrategicObjective.objects.filter(organisation=report.organisation_id).values_list("pk", "name"))
    risks = {
        pk: {"reference": reference, "title": title}
        for pk, reference, title in BafRisk.objects.filter(organisation=report.organisation_id).values_list(
            "pk", "reference", "title"
        )
    }
    objectives = [{**item, "name": names.get(item["objective"], item["name"])} for item in report.objectives]
    baf_risks = [{**item, **risks.get(item["risk"], {})} for item in report.baf_risks]
    changed = [
        name for name, value in (("objectives", objectives), ("baf_risks", baf_risks)) if value != getattr(report, name)
    ]
    report.objectives, report.baf_risks = objectives, baf_risks
    return changed


def _refuse_if_issued(report: BoardReport) -> BoardReport:
    """Lock the report row and refuse when it is (by now) issued."""
    locked = BoardReport.objects.select_for_update().get(pk=report.pk)
    if locked.issued_at is not None:
        raise ReportIssued(locked)
    return locked


@transaction.atomic
def report_create(
    *, organisation, user, plans=None, plan=None, objectives=None, baf_risks=None, **fields
) -> BoardReport:
    """A new draft report of ``plans`` (or the one ``plan``) with the given front sheet, snapshotted now.

    Every plan must be one the organisation responds to (``Plan.objects.responded_by``): another
    organisation's local plan is refused like a plan that does not exist (``ValidationError``).
    ``objectives``: ``[(StrategicObjective, how the report supports it)]``; ``baf_risks``: ``[BafRisk]``.
    """
    unknown = set(fields) - set(FRONT_SHEET_FIELDS)
    if unknown:
        raise TypeError(f"Unknown front-sheet fields: {sorted(unknown)}")
    wanted = list(plans) if plans is not None else ([plan] if plan is not None else [])
    allowed = {p.pk for p in Plan.objects.responded_by(organisation)}
    if not wanted or any(p.pk not in allowed for p in wanted):
        raise ValidationError({"plans": "Choose one or more of your organisation's plans."})
    report = BoardReport(organisation=organisation, created_by=user, **fields)
    _set_links(report, objectives=objectives, baf_risks=baf_risks)
    report.full_clean()
    report._history_user = user
    report.save()
    report.plans.set(wanted)
    _snapshot(report)
    report.save(update_fields=SNAPSHOT_FIELDS)
    return report


@transaction.atomic
def report_update(*, report: BoardReport, user, objectives=None, baf_risks=None, **fields) -> BoardReport:
    """Change a draft's front sheet (and, unless ``None``, its chosen objectives and BAF risks, as in
    :func:`report_create`). Raises ReportIssued for an issued report."""
    locked = _refuse_if_issued(report)
    for name, value in fields.items():
        if name not in FRONT_SHEET_FIELDS:
            raise TypeError(f"Unknown front-sheet field: {name}")
        setattr(locked, name, value)
    _set_links(locked, objectives=objectives, baf_risks=baf_risks)
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


# What issuing needs that a draft may still lack, each with what to do about it.
ISSUE_REQUIREMENTS = [("assurance_level", "Choose the assurance level")]


def issue_problems(report: BoardReport) -> dict[str, str]:
    """What stops the report being issued, by field (empty when it may be issued): a draft may be
    saved without an assurance level, but nobody has chosen one until the secretary does."""
    return {field: message for field, message in ISSUE_REQUIREMENTS if not getattr(report, field)}


@transaction.atomic
def report_issue(*, report: BoardReport, user) -> BoardReport:
    """Snapshot a last time and freeze the report. Raises ReportIssued if it already is, and
    ``ValidationError`` (by field, e.g. "Choose the assurance level") when it is not ready to issue —
    the same rule for the page, the admin, commands and the API."""
    locked = _refuse_if_issued(report)
    problems = issue_problems(locked)
    if problems:
        raise ValidationError(problems)
    _snapshot(locked)
    reworded = _copy_link_wording(locked)
    locked.issued_at = locked.snapshot_at
    locked.issued_by = user
    locked.issued_by_name = (user.get_full_name() or user.username) if user else ""
    locked._history_user = user
    locked.save(update_fields=[*SNAPSHOT_FIELDS, "issued_at", "issued_by", "issued_by_name", *reworded])
    return locked


def board_paper_pdf(*, report: BoardReport) -> bytes:
    """The report's board paper as a PDF, converted from its Word paper once and then kept.

    Keyed by the Word paper's content digest, so an issued report converts once (its paper never
    changes) and a draft converts again only when its paper changed. Raises
    ``reports.exporters.paper.pdf.ConversionFailed`` when LibreOffice fails or takes too long."""
    source = FrozenReport(report)
    docx = exporter_for(source, "docx").render(source)
    digest = content_digest(docx)
    cached = PaperPdf.objects.filter(report=report, digest=digest).values_list("content", flat=True).first()
    if cached is not None:
        return bytes(cached)
    pdf = exporter_for(source, "pdf").convert(docx)  # seconds: outside any transaction
    with transaction.atomic():
        PaperPdf.objects.filter(report=report).exclude(digest=digest).delete()
        PaperPdf.objects.get_or_create(report=report, digest=digest, defaults={"content": pdf})
    return pdf
