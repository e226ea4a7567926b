"""Read side of the API. Every function takes the organisations the caller reads
(``api.scoping.readable_organisations``) and returns a queryset scoped to them; nothing here widens
the scope. Responses come from ``actions.selectors`` — the queries behind the action list page.
"""

from django.db.models import Count, Prefetch, Q, QuerySet

from actions.models import Action, Plan, PlanVersion, ProgressUpdate, Response, Theme
from actions.selectors import ORDERINGS, responses_annotated, with_owners_and_checklist
from owners.models import Organisation
from reports.models import BoardReport

from .models import OrganisationAPIKey

SORTS = sorted(ORDERINGS) + sorted(f"-{key}" for key in ORDERINGS)


def organisations(*, organisations) -> QuerySet:
    return Organisation.objects.filter(pk__in=organisations).select_related("parent").order_by("name")


def plans(*, organisations) -> QuerySet:
    """Every plan (plans are national; issue 11's local plans will be scoped here)."""
    return Plan.objects.prefetch_related(
        Prefetch("versions", queryset=PlanVersion.objects.order_by("imported_at", "pk"))
    ).order_by("name")


def themes(*, organisations) -> QuerySet:
    return Theme.objects.select_related("plan").order_by("plan__name", "number")


def actions(*, organisations) -> QuerySet:
    """National actions and the local actions of the organisations read, with their plan versions."""
    return (
        Action.objects.visible_to_any(organisations)
        .select_related("theme__plan", "organisation", "added_in", "withdrawn_in")
        .order_by("theme__plan__name", "theme__number", "ref", "pk")
    )


def responses(*, organisations, sort: str | None = None, active_only=True) -> QuerySet:
    """Responses as the action list shows them (annotated, owners and checklist prefetched),
    in the list's sort order (``ref`` by default). The FilterSet is applied by the view."""
    queryset = responses_annotated(organisations=organisations).select_related("action__added_in")
    if active_only:
        queryset = queryset.active()
    return with_owners_and_checklist(queryset.order_by(*ordering(sort), "pk"))


def ordering(sort: str | None) -> list[str]:
    key = sort or "ref"
    fields = ORDERINGS[key.lstrip("-")]
    return ["-" + fields[0], *fields[1:]] if key.startswith("-") else list(fields)


def progress_updates(*, organisations) -> QuerySet:
    """Progress updates of the responses read (the same responses as :func:`responses`), newest first."""
    return (
        ProgressUpdate.objects.filter(response__in=Response.objects.of_any(organisations))
        .select_related("author", "response__organisation")
        .order_by("-date", "-created_at", "-pk")
    )


def issued_reports(*, organisations) -> QuerySet:
    """Issued board reports only: a draft may still change, so it is not published."""
    return (
        BoardReport.objects.issued()
        .filter(organisation__in=organisations)
        .select_related("organisation", "plan")
        .annotate(line_count=Count("lines"))
        .order_by("-meeting_date", "-pk")
    )


def report_lines(*, report) -> QuerySet:
    return report.lines.order_by("order", "pk")


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
