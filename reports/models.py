"""Board reports: a front sheet plus a frozen copy of every response line at one moment.

A draft report may be refreshed (its lines re-snapshotted) and its front sheet edited.
Once issued it never changes: the services refuse, the models refuse, and database
triggers (migration 0002) refuse UPDATEs of an issued report and any write to its lines.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from actions.models import Plan, Response, Status
from owners.models import Organisation


class ReportIssued(Exception):
    """Raised on any attempt to change an issued report."""

    def __init__(self, report=None):
        super().__init__("This report has been issued and can no longer change.")
        self.report = report


class Purpose(models.TextChoices):
    NOTING = "noting", "For noting"
    DECISION = "decision", "For decision"


class Assurance(models.TextChoices):
    SUBSTANTIAL = "substantial", "Substantial"
    REASONABLE = "reasonable", "Reasonable"
    PARTIAL = "partial", "Partial"
    NONE = "none", "No assurance"


# What the secretary writes on the report's front sheet (form, services and admin read this list).
FRONT_SHEET_FIELDS = [
    "title",
    "meeting",
    "meeting_date",
    "agenda_item",
    "purpose",
    "author",
    "author_title",
    "executive_sponsor",
    "executive_sponsor_title",
    "as_at",
    "assurance_level",
    "assurance_rationale",
]


class BoardReportQuerySet(models.QuerySet):
    def issued(self):
        return self.filter(issued_at__isnull=False)

    def drafts(self):
        return self.filter(issued_at__isnull=True)


class BoardReport(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="board_reports")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="board_reports")
    title = models.CharField(max_length=200)
    meeting = models.CharField(max_length=120, default="Trust Board")
    meeting_date = models.DateField()
    agenda_item = models.CharField(max_length=20, blank=True)
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.NOTING)
    author = models.CharField("report author", max_length=120)
    author_title = models.CharField("author's job title", max_length=160, blank=True)
    executive_sponsor = models.CharField(max_length=120)
    executive_sponsor_title = models.CharField("executive sponsor's job title", max_length=160, blank=True)
    as_at = models.DateField("as at", help_text="The date the figures describe; overdue is judged against it.")
    assurance_level = models.CharField(max_length=12, choices=Assurance.choices, default=Assurance.REASONABLE)
    assurance_rationale = models.TextField("rationale for the assurance rating", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    snapshot_at = models.DateTimeField(null=True, blank=True, help_text="When the lines were last copied.")
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = BoardReportQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting_date", "-pk"]
        indexes = [models.Index(fields=["organisation", "issued_at"])]
        permissions = [
            ("issue_boardreport", "Can issue (freeze) a board report"),
            ("download_export", "Can download exports of the live action list"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.pk and BoardReport.objects.filter(pk=self.pk, issued_at__isnull=False).exists():
            raise ReportIssued(self)
        super().save(*args, **kwargs)

    @property
    def is_issued(self):
        return self.issued_at is not None


class BoardReportLine(models.Model):
    """One response as it stood when the report was (last) snapshotted."""

    report = models.ForeignKey(BoardReport, on_delete=models.CASCADE, related_name="lines")
    response = models.ForeignKey(
        Response,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The live response, for comparing reports; the values below are the frozen copy.",
    )
    order = models.PositiveIntegerField(default=0)
    theme_number = models.PositiveSmallIntegerField()
    theme_name = models.CharField(max_length=200)
    ref = models.PositiveIntegerField()
    action_text = models.TextField()
    who = models.CharField(max_length=300, blank=True)
    timeline = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    owners = models.CharField(max_length=300, blank=True)
    checklist = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    latest_update_note = models.TextField(blank=True)
    latest_update_date = models.DateField(null=True, blank=True)
    overdue = models.BooleanField(default=False)
    is_local = models.BooleanField(default=False)
    added_in = models.CharField(max_length=200, blank=True, help_text="Label of the plan version that added it.")
    response_revision = models.PositiveIntegerField(
        null=True, blank=True, help_text="The response's revision when copied (for reading the workbook back)."
    )

    class Meta:
        ordering = ["report", "order", "pk"]

    def __str__(self):
        return f"{self.theme_name} {self.ref}"

    def save(self, *args, **kwargs):
        if BoardReport.objects.filter(pk=self.report_id, issued_at__isnull=False).exists():
            raise ReportIssued(self.report)
        super().save(*args, **kwargs)
