"""Plans, their versions and themes, actions, and each organisation's response to them."""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from actions.statuses import Status
from owners.models import Organisation, Owner


class Audience(models.TextChoices):
    """Who the national *Who* column asks to act."""

    EMPLOYER = "employer", "Employers"
    SYSTEM = "system", "Systems"
    EMPLOYER_SYSTEM = "employer_system", "Employers and systems"
    NATIONAL = "national", "National body (for noting)"


# The *Who* values that ask an integrated care system to act.
SYSTEM_AUDIENCES = [Audience.SYSTEM, Audience.EMPLOYER_SYSTEM]


class Plan(models.Model):
    """A published set of actions, e.g. the NHS People Plan 2020/21."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=80, blank=True)
    published = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PlanVersion(models.Model):
    """One version of a plan as loaded or imported ("v3 FINAL UPDATED 2 September 2020")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField(max_length=200)
    file_name = models.CharField(max_length=260, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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


def active_q(*, prefix: str = "") -> models.Q:
    """An action not withdrawn by a plan version (``prefix`` reaches the action from another model)."""
    return models.Q(**{f"{prefix}withdrawn_in__isnull": True})


def visible_q(organisation, *, prefix: str = "") -> models.Q:
    """The actions an organisation sees: the plans' own (national) actions and its own local ones."""
    return models.Q(**{f"{prefix}organisation__isnull": True}) | models.Q(**{f"{prefix}organisation": organisation})


def seen_by_its_organisation_q(*, prefix: str = "") -> models.Q:
    """``visible_q`` for responses of several organisations at once: each to the plans' own actions
    and its own organisation's local ones (never another organisation's local action)."""
    return models.Q(**{f"{prefix}action__organisation__isnull": True}) | models.Q(
        **{f"{prefix}action__organisation": models.F(f"{prefix}organisation")}
    )


# How long an open action may go without a progress update before a system is told about it.
STALE_AFTER_DAYS = 90


def stale_q(on, *, days: int = STALE_AFTER_DAYS, prefix: str = "") -> models.Q:
    """Open (not closed) and no progress update in the ``days`` up to day ``on`` — never updated
    counts too. ``prefix`` reaches a response from another model."""
    recent = ProgressUpdate.objects.filter(
        response=models.OuterRef(f"{prefix}pk"), date__gt=on - datetime.timedelta(days=days), date__lte=on
    )
    return ~models.Q(**{f"{prefix}status__in": Status.closed()}) & ~models.Q(models.Exists(recent))


def overdue_q(on, *, prefix: str = "") -> models.Q:
    """The overdue rule, written once: past its due date (the local one if set, else the plan's)
    on day ``on``, and not closed. ``prefix`` reaches a response from another model."""
    past_due = models.Q(**{f"{prefix}local_due_date__lt": on}) | models.Q(
        **{f"{prefix}local_due_date__isnull": True, f"{prefix}action__due_date__lt": on}
    )
    return past_due & ~models.Q(**{f"{prefix}status__in": Status.closed()})


def is_overdue_expression(on, *, prefix: str = ""):
    """``overdue_q`` as a boolean annotation."""
    return models.Case(
        models.When(overdue_q(on, prefix=prefix), then=models.Value(True)),
        default=models.Value(False),
        output_field=models.BooleanField(),
    )


def effective_due_expression(*, prefix: str = ""):
    """A response's due date: its local due date, else the plan's."""
    return Coalesce(f"{prefix}local_due_date", f"{prefix}action__due_date")


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
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="local_actions",
        help_text="Set for a purely local action of one organisation; empty for the plan's own actions.",
    )
    added_in = models.ForeignKey(
        PlanVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions_added"
    )
    withdrawn_in = models.ForeignKey(
        PlanVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions_withdrawn"
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


class ResponseQuerySet(models.QuerySet):
    def of(self, organisation):
        """An organisation's responses to the actions it sees (never another organisation's local actions)."""
        return self.filter(organisation=organisation).filter(visible_q(organisation, prefix="action__"))

    def of_any(self, organisations_q):
        """Responses of every organisation ``organisations_q`` selects (``owners.access.within_q`` /
        ``readable_q``), each to the actions its own organisation sees."""
        return self.filter(organisations_q).filter(seen_by_its_organisation_q())

    def active(self):
        """Responses to actions not withdrawn by a plan version."""
        return self.filter(active_q(prefix="action__"))

    def with_due(self, on):
        """Annotate ``effective_due`` and ``is_overdue`` (judged on day ``on``)."""
        return self.annotate(effective_due=effective_due_expression(), is_overdue=is_overdue_expression(on))

    def open(self):
        """Not closed (complete, for noting, no further action, not applicable)."""
        return self.exclude(status__in=Status.closed())


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
    history = HistoricalRecords()

    class Meta:
        ordering = ["response", "order", "pk"]

    def __str__(self):
        return self.text[:80]


class ProgressUpdate(models.Model):
    """A dated note on a response, with the status at the time and optional evidence."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="progress_updates"
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
