"""Board reports: a front sheet plus a frozen copy of every response line at one moment.

A report covers one or more plans, chosen when it is created (``plans``); each frozen line keeps
its plan (``plan``, and the name and short name it had then).

A draft report may be refreshed (its lines re-snapshotted) and its front sheet edited.
Once issued it never changes: the services refuse, the models refuse, and database
triggers (``reports.freeze``) refuse UPDATEs of an issued report and any INSERT, UPDATE or
DELETE of its lines. Every value a report shows is stored with it (the organisation's and
plan's names on the report and on each line, the issuer's name), so a later rename changes
nothing that was issued.

The organisation's own lists (strategic objectives, Board Assurance Framework risks) are
chosen per report, and the report row keeps a copy of each chosen item's wording (and how the
report supports each objective): frozen with the report by the same trigger, kept in its
history, and unchanged by later renames. The board paper's Word template and the PDFs made
from it are at the end of this module.
"""

from django.conf import settings
from django.db import models
from django.db.models.deletion import ProtectedError
from simple_history.models import HistoricalRecords

from actions.models import Plan, Response, Status
from owners.models import Organisation


class ReportIssued(Exception):
    """Raised on any attempt to change an issued report."""

    def __init__(self, report=None):
        super().__init__("This report has been issued and can no longer change.")
        self.report = report


def keep_issued_lines(collector, field, sub_objs, using):
    """``on_delete`` of a line's live response: a draft's line lets go of it (SET NULL); a line of an
    issued report refuses the deletion (the report is the record of what the board was told)."""
    reports = {line.report for line in sub_objs if line.report.issued_at is not None}
    if reports:
        raise ProtectedError(
            f"This response is on {len(reports)} issued board report(s): it cannot be deleted.", reports
        )
    collector.add_field_update(field, None, sub_objs)


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
    "executive_summary",
    "recommendation",
    "as_at",
    "assurance_level",
    "assurance_rationale",
    "assurance_action",
    "equality_objectives",
    "legal_requirements",
]


class BoardReportQuerySet(models.QuerySet):
    def issued(self):
        return self.filter(issued_at__isnull=False)

    def drafts(self):
        return self.filter(issued_at__isnull=True)


class BoardReport(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="board_reports")
    plans = models.ManyToManyField(Plan, related_name="board_reports", help_text="The plans the report covers.")
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
    # No default: nobody has chosen a level until the secretary does (required to issue: services).
    assurance_level = models.CharField(max_length=12, choices=Assurance.choices, blank=True)
    assurance_rationale = models.TextField("rationale for the assurance rating", blank=True)
    executive_summary = models.TextField(blank=True, help_text="A blank line starts a new paragraph.")
    recommendation = models.TextField(
        blank=True, help_text="What the board is asked to do, e.g. to note and discuss this report."
    )
    assurance_action = models.TextField(
        blank=True, help_text="What will be done to raise the assurance level, or “No action required”."
    )
    equality_objectives = models.TextField("equality and diversity objectives", blank=True)
    legal_requirements = models.TextField(
        "legal and regulatory requirements", blank=True, help_text="One requirement a line."
    )
    # Chosen from the organisation's lists by ``services.report_update``; frozen copies.
    objectives = models.JSONField(
        "strategic objectives", default=list, blank=True, help_text="[{objective: id, name, support}], in order."
    )
    baf_risks = models.JSONField(
        "Board Assurance Framework risks", default=list, blank=True, help_text="[{risk: id, reference, title}]."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    snapshot_at = models.DateTimeField(null=True, blank=True, help_text="When the lines were last copied.")
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Frozen copies of what the front sheet shows (set with every snapshot, then frozen on issue).
    organisation_name = models.CharField(max_length=200, blank=True)
    plan_name = models.CharField(max_length=600, blank=True, help_text="The plans' names, as the report shows them.")
    issued_by_name = models.CharField(max_length=300, blank=True)
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
        on_delete=keep_issued_lines,
        related_name="+",
        help_text="The live response, for comparing reports; the values below are the frozen copy.",
    )
    order = models.PositiveIntegerField(default=0)
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    plan_name = models.CharField(max_length=200, blank=True, help_text="The plan's name when the line was copied.")
    plan_short_name = models.CharField(max_length=80, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
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
        self._refuse_if_issued()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_issued()
        return super().delete(*args, **kwargs)

    def _refuse_if_issued(self):
        if BoardReport.objects.filter(pk=self.report_id, issued_at__isnull=False).exists():
            raise ReportIssued(self.report)


class StrategicObjective(models.Model):
    """One of the organisation's strategic objectives (“Be an excellent employer”), chosen per report."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="strategic_objectives")
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Offered for new reports. Reports keep their own copy.")

    class Meta:
        ordering = ["organisation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="strategic_objective_unique_per_org"),
        ]

    def __str__(self):
        return self.name


class BafRisk(models.Model):
    """A risk on the organisation's Board Assurance Framework (or trust risk register)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="baf_risks")
    reference = models.CharField(max_length=20, blank=True, help_text="As on the BAF, e.g. BAF 3.")
    title = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Offered for new reports. Reports keep their own copy.")

    class Meta:
        ordering = ["organisation", "order", "pk"]
        verbose_name = "BAF risk"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="baf_risk_unique_per_org"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}".strip()


class PaperTemplate(models.Model):
    """The organisation's own Word template for board papers (styles, first-page header, logo).

    Kept in the database, not on one server's disk, so every app server and every backup has it.
    """

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="paper_template")
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "board paper template"

    def __str__(self):
        return f"{self.organisation}: {self.filename}"


class PaperPdf(models.Model):
    """A board paper's PDF, kept so the slow conversion runs once per paper (keyed by the Word file's digest).

    A cache: deleting a row only means the next download converts again.
    """

    report = models.ForeignKey(BoardReport, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, help_text="SHA-256 of the Word paper's content it was made from.")
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "board paper PDF"
        constraints = [models.UniqueConstraint(fields=["report", "digest"], name="paper_pdf_once_per_content")]

    def __str__(self):
        return f"PDF of report {self.report_id}"
