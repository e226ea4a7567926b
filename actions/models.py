"""Plans, their versions and themes, actions, and each organisation's response to them."""

import datetime
import functools

from django.conf import settings
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from simple_history.models import HistoricalRecords

from actions.querysets import ResponseQuerySet
from actions.rules import (
    active_q,
    plan_order,
    plan_visible_q,
    visible_q,
)
from actions.statuses import Status
from owners.models import Organisation, Owner


class Audience(models.TextChoices):
    """Who the national *Who* column asks to act."""

    EMPLOYER = "employer", "Employers"
    SYSTEM = "system", "Systems"
    EMPLOYER_SYSTEM = "employer_system", "Employers and systems"
    NATIONAL = "national", "National body (for noting)"


class PlanQuerySet(models.QuerySet):
    def visible_to(self, organisation):
        """National plans and the organisation's own local plans."""
        return self.filter(plan_visible_q(organisation))

    def responded_by(self, organisation):
        """The plans the organisation responds to (has responses to), in reading order."""
        responses = Response.objects.filter(organisation=organisation, action__theme__plan=models.OuterRef("pk"))
        return self.visible_to(organisation).filter(models.Exists(responses)).order_by(*plan_order())


# The *Who* values that ask an integrated care system to act.
SYSTEM_AUDIENCES = [Audience.SYSTEM, Audience.EMPLOYER_SYSTEM]


class Plan(models.Model):
    """A published set of actions, e.g. the NHS People Plan 2020/21.

    A plan is national (``organisation`` empty: any organisation may respond to it) or an
    organisation's own local plan (its WDES action plan): nobody else sees, searches, exports
    or counts a local plan.
    """

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=80, blank=True)
    published = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="local_plans",
        help_text="Set for an organisation's own local plan; empty for a national plan.",
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = plan_order()

    def __str__(self):
        return self.name

    @property
    def label(self):
        """The short name where there is one (pages and sheet names), else the name."""
        return self.short_name or self.name

    @property
    def is_local(self):
        return self.organisation_id is not None


class PlanVersion(models.Model):
    """One version of a plan as loaded or imported ("v3 FINAL UPDATED 2 September 2020")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField(max_length=200)
    file_name = models.CharField(max_length=260, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "imported_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="planversion_unique_label"),
        ]

    def __str__(self):
        return f"{self.plan.short_name or self.plan.name}: {self.label}"


class Theme(models.Model):
    """A numbered group of actions inside a plan (Health and wellbeing, …)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="theme_unique_number"),
            models.UniqueConstraint(fields=["plan", "name"], name="theme_unique_name"),
        ]

    def __str__(self):
        return self.name


def owes(organisation, action) -> bool:
    """Whether an organisation answers a plan's action: a trust every one (the national bodies' and
    the systems' for noting); a system those whose Who includes systems; a region none."""
    if organisation.kind == Organisation.Kind.SYSTEM:
        return action.audience in SYSTEM_AUDIENCES
    return organisation.kind != Organisation.Kind.REGION


class ActionQuerySet(models.QuerySet):
    def active(self):
        """Not withdrawn by a plan version."""
        return self.filter(active_q())

    def national(self):
        """The plans' own actions (not an organisation's local addition)."""
        return self.filter(organisation__isnull=True)

    def visible_to(self, organisation):
        """National actions plus this organisation's own local-only actions."""
        return self.filter(visible_q(organisation))

    def owed_by(self, organisation):
        """The plans' actions an organisation answers (``owes``), as a queryset."""
        national = self.national()
        if organisation.kind == Organisation.Kind.SYSTEM:
            return national.filter(audience__in=SYSTEM_AUDIENCES)
        if organisation.kind == Organisation.Kind.REGION:
            return national.none()
        return national

    def visible_to_any(self, organisations):
        """National actions plus the local-only actions of any of ``organisations`` (a list or queryset)."""
        return self.filter(models.Q(organisation__isnull=True) | models.Q(organisation__in=organisations))


class Action(models.Model):
    """A numbered action of a plan, identified by plan + theme + ref ("Health and wellbeing 4")."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="actions")
    ref = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    text = models.TextField()
    who = models.CharField(max_length=300, blank=True, help_text="The national Who column, as written.")
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.EMPLOYER)
    timeline = models.CharField(max_length=200, blank=True, help_text="As written.")
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    timeline_readable = models.BooleanField(
        default=True, help_text="False when the timeline text could not be read into dates: review it."
    )
    milestones = models.JSONField(
        default=list,
        blank=True,
        help_text='Later dates the timeline names, read from it: [{"due": "YYYY-MM-DD", "label": "as written"}].',
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="local_actions",
        help_text="Set for a purely local action of one organisation; empty for the plan's own actions.",
    )
    # A plan version is history: it cannot be deleted while actions record it (PROTECT).
    added_in = models.ForeignKey(
        PlanVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="actions_added"
    )
    withdrawn_in = models.ForeignKey(
        PlanVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="actions_withdrawn"
    )
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["theme__plan", "theme__number", "ref"]
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "ref"],
                condition=models.Q(organisation__isnull=True),
                name="action_unique_ref_per_theme",
            ),
            models.UniqueConstraint(
                fields=["theme", "ref", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="local_action_unique_ref_per_theme_org",
            ),
            models.CheckConstraint(condition=models.Q(ref__gte=1), name="action_ref_positive"),
        ]

    def __str__(self):
        return f"{self.theme.name} {self.ref}"

    @property
    def is_local(self):
        return self.organisation_id is not None

    @property
    def is_withdrawn(self):
        return self.withdrawn_in_id is not None

    @property
    def milestone_list(self) -> list[tuple[datetime.date, str]]:
        """The milestones as (date, label), in date order."""
        return sorted((datetime.date.fromisoformat(m["due"]), m["label"]) for m in self.milestones or [])


class Response(models.Model):
    """One organisation's handling of one action."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="responses")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="responses")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED, db_index=True)
    local_due_date = models.DateField(null=True, blank=True, help_text="Overrides the plan's due date locally.")
    local_who = models.CharField(max_length=300, blank=True, help_text="The local Who cell as written.")
    owners = models.ManyToManyField(Owner, through="ResponseOwner", related_name="responses", blank=True)
    revision = models.PositiveIntegerField(
        default=1, help_text="Bumped on every save; an edit made against an older revision is refused."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["modified_at"])

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["action__theme__number", "action__ref"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "action"], name="response_unique_per_org_action"),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]
        permissions = [("view_all_responses", "Can read every response of their organisation")]

    def __str__(self):
        return f"{self.action} — {self.organisation}"

    @property
    def due_date(self):
        return self.local_due_date or self.action.due_date


class ResponseOwner(models.Model):
    """An owner of a response; exactly one may be marked lead."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="response_owners")
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="response_owners")
    is_lead = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["response", "-is_lead", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["response", "owner"], name="responseowner_unique"),
            models.UniqueConstraint(
                fields=["response"], condition=models.Q(is_lead=True), name="responseowner_one_lead"
            ),
        ]

    def __str__(self):
        return f"{self.owner} ({'lead' if self.is_lead else 'supporting'})"


class AdditionalAction(models.Model):
    """A local step on a response's checklist. Plain text, never HTML."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="checklist")
    text = models.TextField()
    done = models.BooleanField(default=False)
    order = models.PositiveIntegerField(default=0)
    revision = models.PositiveIntegerField(
        default=1, help_text="Bumped on every change; a change made against an older revision is refused."
    )
    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        ordering = ["response", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["response", "order"], name="additionalaction_unique_order"),
        ]

    def __str__(self):
        return self.text[:80]


class ProgressUpdate(models.Model):
    """A dated note on a response, with the status at the time and optional evidence."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    # An author is deactivated, never deleted (owners.authorship): PROTECT keeps the name on the update.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="progress_updates"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    note = models.TextField()
    evidence_url = models.URLField(
        blank=True,
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="A link to evidence (http or https only).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-created_at", "-pk"]
        indexes = [models.Index(fields=["response", "-date", "-created_at"])]

    def __str__(self):
        return f"{self.date}: {self.note[:60]}"


class ActionChange(models.Model):
    """What one imported plan version did to one action ("what changed in v4").

    One row per changed field for ``changed``; one row (``field`` empty) for
    ``added``, ``withdrawn`` and ``restored``.
    """

    class Kind(models.TextChoices):
        ADDED = "added", "Added"
        CHANGED = "changed", "Changed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        RESTORED = "restored", "Restored"

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="changes")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    field = models.CharField(max_length=40, blank=True)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "action__theme__number", "action__ref", "pk"]
        permissions = [("import_responses", "Can import offline response updates for their organisation")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.action}" + (f" ({self.field})" if self.field else "")


@functools.cache
def history_manager(model):
    """``model.history``, made once per process: django-simple-history's descriptor builds a new
    manager class on every access (about half a millisecond), and the manager holds no state."""
    return model.history


# Uploads waiting between preview and confirm live in their own module (actions.pending).
from actions.pending import PendingUpload  # noqa: E402, F401
