"""Read-side queries. The action list page and every export call `response_list`,
so a workbook always shows exactly what the page shows."""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Action, AdditionalAction, ProgressUpdate, Response, ResponseOwner, Status


def today():
    return timezone.localdate()


def responses_annotated(*, organisation, on: datetime.date | None = None) -> QuerySet:
    """Responses of one organisation with what every listing needs, in one query.

    Annotations: ``effective_due`` (local due date, else the plan's), ``is_overdue``,
    ``latest_update_date``, ``latest_update_note`` and ``latest_update_status``.
    """
    on = on or today()
    latest = ProgressUpdate.objects.filter(response=OuterRef("pk")).order_by("-date", "-created_at", "-pk")
    return (
        Response.objects.filter(organisation=organisation)
        .filter(Q(action__organisation__isnull=True) | Q(action__organisation=organisation))
        .select_related("action", "action__theme", "action__theme__plan", "organisation")
        .annotate(
            effective_due=Coalesce("local_due_date", "action__due_date"),
            latest_update_date=Subquery(latest.values("date")[:1]),
            latest_update_note=Subquery(latest.values("note")[:1]),
            latest_update_status=Subquery(latest.values("status")[:1]),
        )
        .annotate(
            is_overdue=Case(
                When(
                    Q(effective_due__lt=on) & ~Q(status__in=Status.closed()),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def with_owners_and_checklist(queryset: QuerySet) -> QuerySet:
    """Prefetch owners (lead first) and checklist items: two extra queries for any number of rows."""
    return queryset.prefetch_related(
        Prefetch(
            "response_owners",
            queryset=ResponseOwner.objects.select_related("owner").order_by("-is_lead", "order", "pk"),
            to_attr="owner_list",
        ),
        Prefetch("checklist", queryset=AdditionalAction.objects.order_by("order", "pk"), to_attr="checklist_items"),
    )


def response_list(*, organisation, filters: dict | None = None, plan=None, include_withdrawn=False) -> QuerySet:
    """The filtered list of an organisation's responses, as the action list shows it.

    ``filters`` are the query parameters of the action list (see ``actions.filters``).
    Raises nothing for bad filter values: invalid values are ignored as the form shows them.
    """
    from .filters import ResponseFilter

    queryset = responses_annotated(organisation=organisation)
    if plan is not None:
        queryset = queryset.filter(action__theme__plan=plan)
    if not include_withdrawn:
        queryset = queryset.filter(action__withdrawn_in__isnull=True)
    filterset = ResponseFilter(filters or {}, queryset=queryset, organisation=organisation)
    queryset = filterset.qs if filterset.is_valid() else queryset
    return with_owners_and_checklist(queryset.order_by(*_ordering(filters)))


ORDERINGS = {
    "ref": ("action__theme__number", "action__ref"),
    "due": ("effective_due", "action__theme__number", "action__ref"),
    "status": ("status", "action__theme__number", "action__ref"),
    "updated": ("latest_update_date", "action__theme__number", "action__ref"),
}


def _ordering(filters):
    key = (filters or {}).get("sort") or "ref"
    descending = key.startswith("-")
    fields = ORDERINGS.get(key.lstrip("-"), ORDERINGS["ref"])
    if descending:
        return ["-" + fields[0], *fields[1:]]
    return list(fields)


def owner_initials(response) -> str:
    """Owners as initials joined by '/', lead first (needs ``with_owners_and_checklist``)."""
    return "/".join(ro.owner.initials for ro in response.owner_list)


def checklist_text(response) -> str:
    return "\n".join(item.text for item in response.checklist_items)


def visible_actions(*, organisation):
    return Action.objects.visible_to(organisation)
