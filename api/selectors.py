"""Read side of the API. Every function takes the organisations the caller reads
(``api.scoping.readable_organisations``) and returns a queryset scoped to them; nothing here widens
the scope. Responses come from ``actions.selectors`` — the queries behind the action list page.
"""

from django.db.models import Count, Prefetch, Q, QuerySet

from actions.models import Action, Plan, PlanVersion, ProgressUpdate, Response, Theme
from actions.rules import plan_order
from actions.selectors import ORDERINGS, response_ordering, responses_annotated, with_owners_and_checklist
from owners.models import Organisation
from reports.models import BoardReport

from .models import OrganisationAPIKey

SORTS = sorted(ORDERINGS) + sorted(f"-{key}" for key in ORDERINGS)


def organisations(*, organisations) -> QuerySet:
    return Organisation.objects.filter(pk__in=organisations).select_related("parent").order_by("name")


def _plans_read_q(organisations, *, prefix: str = "") -> Q:
    """National plans and the local plans (a trust's own WRES or WDES plan) of the organisations read."""
    return Q(**{f"{prefix}organisation__isnull": True}) | Q(**{f"{prefix}organisation__in": organisations})


def plans(*, organisations) -> QuerySet:
    """National plans and the read organisations' own plans, in reading order, with their versions."""
    return (
        Plan.objects.filter(_plans_read_q(organisations))
        .prefetch_related(Prefetch("versions", queryset=PlanVersion.objects.order_by("imported_at", "pk")))
        .order_by(*plan_order())
    )


def themes(*, organisations) -> QuerySet:
    """The themes of the plans read (:func:`plans`), plan by plan in reading order."""
    return (
        Theme.objects.filter(_plans_read_q(organisations, prefix="plan__"))
        .select_related("plan")
        .order_by(*plan_order(prefix="plan__"), "number")
    )


def actions(*, organisations) -> QuerySet:
    """National actions and the local actions of the organisations read, with their plan versions."""
    return (
        Action.objects.visible_to_any(organisations)
        .select_related("theme__plan", "organisation", "added_in", "withdrawn_in")
        .order_by(*plan_order(prefix="theme__plan__"), "theme__number", "ref", "pk")
    )


def responses(*, organisations, sort: str | None = None, active_only=True) -> QuerySet:
    """Responses as the action list shows them (annotated, owners and checklist prefetched),
    in the list's sort order (``ref`` by default). The FilterSet is applied by the view."""
    queryset = responses_annotated(within=Q(organisation__in=organisations)).select_related("action__added_in")
    if active_only:
        queryset = queryset.active()
    return with_owners_and_checklist(queryset.order_by(*response_ordering(sort), "organisation__name", "pk"))


def progress_updates(*, organisations) -> QuerySet:
    """Progress updates of the responses read (the same responses as :func:`responses`), newest first."""
    return (
        ProgressUpdate.objects.filter(response__in=Response.objects.of_any(Q(organisation__in=organisations)))
        .select_related("author", "response__organisation")
        .order_by("-date", "-created_at", "-pk")
    )


def issued_reports(*, organisations) -> QuerySet:
    """Issued board reports only: a draft may still change, so it is not published."""
    return (
        BoardReport.objects.issued()
        .filter(organisation__in=organisations)
        .select_related("organisation")
        .prefetch_related(Prefetch("plans", queryset=Plan.objects.order_by(*plan_order())))
        .annotate(line_count=Count("lines"))
        .order_by("-meeting_date", "-pk")
    )


def report_lines(*, report) -> QuerySet:
    return report.lines.select_related("plan").order_by("order", "pk")


def api_keys(*, organisation) -> QuerySet:
    """The organisation's keys, newest first, revoked and expired ones included (for the record)."""
    return (
        OrganisationAPIKey.objects.filter(organisation=organisation)
        .select_related("created_by", "revoked_by")
        .order_by("-created")
    )


def api_key_get(*, organisation, prefix) -> OrganisationAPIKey:
    """The organisation's key with this prefix, or ``OrganisationAPIKey.DoesNotExist``."""
    return OrganisationAPIKey.objects.get(Q(organisation=organisation), prefix=prefix)
