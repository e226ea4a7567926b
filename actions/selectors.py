"""Read-side queries. The action list page and every export call `response_list`,
so a workbook always shows exactly what the page shows."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from owners.models import Owner

from .models import AdditionalAction, Plan, ProgressUpdate, Response, ResponseOwner, Theme
from .rules import active_q, effective_due_expression, is_overdue_expression, overdue_q, plan_order, visible_q
from .statuses import Status


def today():
    return timezone.localdate()


def responses_annotated(*, organisation=None, within=None, on: datetime.date | None = None) -> QuerySet:
    """Responses of one organisation (or of every organisation the Q ``within`` selects, see
    ``owners.access.within_q``) with what every listing needs, in one query.

    Annotations: ``effective_due`` (local due date, else the plan's), ``is_overdue`` (on day ``on``),
    ``latest_update_date``, ``latest_update_note`` and ``latest_update_status``.
    """
    latest = ProgressUpdate.objects.filter(response=OuterRef("pk")).order_by("-date", "-created_at", "-pk")
    responses = Response.objects.of(organisation) if within is None else Response.objects.of_any(within)
    return (
        responses.select_related("action", "action__theme", "action__theme__plan", "organisation")
        .annotate(
            latest_update_date=Subquery(latest.values("date")[:1]),
            latest_update_note=Subquery(latest.values("note")[:1]),
            latest_update_status=Subquery(latest.values("status")[:1]),
        )
        .with_due(on or today())
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


def response_list(
    *,
    organisation,
    filters: dict | None = None,
    plan=None,
    include_withdrawn=False,
    on: datetime.date | None = None,
    themes: list | None = None,
) -> QuerySet:
    """The filtered list of an organisation's responses, as the action list shows it.

    ``filters`` are the query parameters of the action list (see ``actions.filters``); ``on`` is
    the day overdue is judged against (today by default; a board report's "as at" date); ``themes``
    are ``plan_themes`` when the caller has read them already (the page's plan and theme choices).
    Raises nothing for bad filter values: invalid values are ignored as the form shows them.
    """
    from .filters import ResponseFilter

    queryset = responses_annotated(organisation=organisation, on=on)
    if plan is not None:
        queryset = queryset.filter(action__theme__plan=plan)
    if not include_withdrawn:
        queryset = queryset.active()
    filterset = ResponseFilter(filters or {}, queryset=queryset, organisation=organisation, themes=themes)
    queryset = filterset.qs if filterset.is_valid() else queryset
    return with_owners_and_checklist(queryset.order_by(*response_ordering((filters or {}).get("sort"))))


# Each sort key's first field; ties fall back to plan (reading order), theme number and ref.
ORDERINGS = {"ref": None, "due": "effective_due", "status": "status", "updated": "latest_update_date"}
PLAN = "action__theme__plan__"


def response_ordering(sort: str | None) -> list:
    """The list's order for a sort key (``ORDERINGS``, ``-`` for descending): by plan, theme and
    ref ("ref", the default), or by one column then those. The page and the API sort alike."""
    key = sort or "ref"
    descending = key.startswith("-")
    first = ORDERINGS.get(key.lstrip("-"))
    if first is None:  # by action: plan, theme (reversed when descending), ref
        theme = "-action__theme__number" if descending else "action__theme__number"
        return [*plan_order(prefix=PLAN, descending=descending), theme, "action__ref"]
    return [f"-{first}" if descending else first, *plan_order(prefix=PLAN), "action__theme__number", "action__ref"]


# What an export of many organisations reads of each response, as flat values (no model instances).
ROW_FIELDS = [
    "pk",
    "revision",
    "action__theme__plan_id",
    "action__theme__plan__name",
    "action__theme__plan__short_name",
    "action__theme__number",
    "action__theme__name",
    "action__ref",
    "action__text",
    "action__who",
    "action__timeline",
    "action__start_date",
    "action__organisation_id",
    "action__added_in__label",
    "organisation__name",
    "status",
    "effective_due",
    "is_overdue",
    "latest_update_note",
    "latest_update_date",
]
# Organisations read per query: about 2,000 responses of trusts, sorted in memory by the database.
ROW_BLOCK = 16


def response_rows(*, organisations, plan=None, on: datetime.date | None = None, block=ROW_BLOCK):
    """The active responses of ``organisations`` (a list, in the order wanted), each organisation's in
    the action list's order (plan, theme, ref), as dicts of ``ROW_FIELDS`` plus ``owners`` (initials, lead
    first, joined by '/') and ``checklist`` (joined by newlines) — what ``response_list`` and
    ``owner_initials`` / ``checklist_text`` give, without model instances. For exports of a whole
    system, region or nation: per ``block`` organisations, three queries (rows, owners, checklists).
    """
    for start in range(0, len(organisations), block):
        chosen = organisations[start : start + block]
        position = Case(
            *[When(organisation_id=o.pk, then=Value(index)) for index, o in enumerate(chosen)],
            output_field=IntegerField(),
        )
        queryset = responses_annotated(within=Q(organisation__in=[o.pk for o in chosen]), on=on).active()
        if plan is not None:
            queryset = queryset.filter(action__theme__plan=plan)
        rows = list(
            queryset.order_by(position, *plan_order(prefix=PLAN), "action__theme__number", "action__ref").values(
                *ROW_FIELDS
            )
        )
        yield from _with_owners_and_checklist_text(rows)


def _joined(pairs, separator) -> dict:
    joined: dict = {}
    for response_id, text in pairs:
        joined.setdefault(response_id, []).append(text)
    return {response_id: separator.join(texts) for response_id, texts in joined.items()}


def _with_owners_and_checklist_text(rows):
    if not rows:
        return []
    ids = [row["pk"] for row in rows]
    owners = _joined(
        ResponseOwner.objects.filter(response_id__in=ids)
        .order_by("response_id", "-is_lead", "order", "pk")
        .values_list("response_id", "owner__initials"),
        "/",
    )
    checklist = _joined(
        AdditionalAction.objects.filter(response_id__in=ids)
        .order_by("response_id", "order", "pk")
        .values_list("response_id", "text"),
        "\n",
    )
    for row in rows:
        row["owners"] = owners.get(row["pk"], "")
        row["checklist"] = checklist.get(row["pk"], "")
    return rows


def owner_initials(response) -> str:
    """Owners as initials joined by '/', lead first (needs ``with_owners_and_checklist``)."""
    return "/".join(ro.owner.initials for ro in response.owner_list)


def checklist_text(response) -> str:
    return "\n".join(item.text for item in response.checklist_items)


# --- Pages: dashboard, my actions, owners, the action page -------------------------------
# Every function below issues a fixed number of queries, whatever the amount of data.

DASHBOARD_LIST_LIMIT = 10


def dashboard_theme_status_counts(*, organisation, plan=None):
    """Responses counted by plan × theme × status (one query).

    Returns ``[{"id", "number", "name", "plan": {"id", "slug", "name", "label"}, "counts": {status: n},
    "total": n}]`` in plan order (``plan_order``), then theme order; every status present (0 when none).
    """
    queryset = Response.objects.of(organisation).active()
    if plan is not None:
        queryset = queryset.filter(action__theme__plan=plan)
    plan_fields = [f"{PLAN}id", f"{PLAN}slug", f"{PLAN}name", f"{PLAN}short_name", f"{PLAN}published"]
    rows = (
        queryset.values(*plan_fields, "action__theme_id", "action__theme__number", "action__theme__name", "status")
        .annotate(n=Count("pk"))
        .order_by(*plan_order(prefix=PLAN), "action__theme__number", "action__theme__name", "status")
    )
    themes = {}
    for row in rows:
        theme = themes.setdefault(
            row["action__theme_id"],
            {
                "id": row["action__theme_id"],
                "number": row["action__theme__number"],
                "name": row["action__theme__name"],
                "plan": {
                    "id": row[f"{PLAN}id"],
                    "slug": row[f"{PLAN}slug"],
                    "name": row[f"{PLAN}name"],
                    "label": row[f"{PLAN}short_name"] or row[f"{PLAN}name"],
                },
                "counts": {value: 0 for value in Status.values},
                "total": 0,
            },
        )
        theme["counts"][row["status"]] += row["n"]
        theme["total"] += row["n"]
    return list(themes.values())


def overdue_responses(*, organisation, limit=DASHBOARD_LIST_LIMIT):
    """(count, the ``limit`` most overdue) — two queries."""
    queryset = responses_annotated(organisation=organisation).active().filter(is_overdue=True)
    return queryset.count(), list(queryset.order_by("effective_due", "action__theme__number", "action__ref")[:limit])


def due_soon_responses(*, organisation, days=60, limit=DASHBOARD_LIST_LIMIT, on=None):
    """(count, first ``limit``) of open responses due from today to ``days`` ahead — two queries."""
    on = on or today()
    queryset = (
        responses_annotated(organisation=organisation, on=on)
        .active()
        .open()
        .filter(effective_due__gte=on, effective_due__lte=on + datetime.timedelta(days=days))
    )
    return queryset.count(), list(queryset.order_by("effective_due", "action__theme__number", "action__ref")[:limit])


def latest_updates(*, organisation, limit=DASHBOARD_LIST_LIMIT):
    """The newest progress updates of the organisation — one query."""
    return list(
        ProgressUpdate.objects.filter(response__organisation=organisation)
        .filter(visible_q(organisation, prefix="response__action__"))
        .select_related("author", "response__action__theme__plan")
        .order_by("-date", "-created_at", "-pk")[:limit]
    )


def my_responses(*, organisation, user, plan: str = ""):
    """Responses where the user's owner record is a lead or supporting owner, overdue first; only those of
    the plan with slug ``plan`` when given.

    One query, plus two prefetches (owners, checklist).
    """
    queryset = (
        responses_annotated(organisation=organisation)
        .active()
        .filter(response_owners__owner__user=user, response_owners__owner__organisation=organisation)
    )
    if plan:
        queryset = queryset.filter(**{f"{PLAN}slug": plan})
    return with_owners_and_checklist(
        queryset.order_by(
            "-is_overdue",
            F("effective_due").asc(nulls_last=True),
            *plan_order(prefix=PLAN),
            "action__theme__number",
            "action__ref",
        )
    )


def plans_responded(*, organisation) -> list[Plan]:
    """The plans the organisation responds to, in reading order — one query."""
    return list(Plan.objects.responded_by(organisation))


def plan_themes(*, organisation) -> list[Theme]:
    """The themes (with their plan) of every plan the organisation responds to, in plan and theme order —
    one query. The action list's plan and theme choices both come from it."""
    plans = Plan.objects.responded_by(organisation).values("pk")
    return list(
        Theme.objects.filter(plan__in=plans).select_related("plan").order_by(*plan_order(prefix="plan__"), "number")
    )


def owner_summaries(*, organisation, on=None):
    """Each owner of the organisation with their responses (lead first) and counts — two queries."""
    on = on or today()
    held = "response_owners__response__"
    active = active_q(prefix=f"{held}action__")
    return (
        Owner.objects.filter(organisation=organisation)
        .annotate(
            action_count=Count("response_owners", filter=active, distinct=True),
            overdue_count=Count("response_owners", filter=active & overdue_q(on, prefix=held), distinct=True),
        )
        .prefetch_related(
            Prefetch(
                "response_owners",
                queryset=ResponseOwner.objects.filter(
                    active_q(prefix="response__action__"), response__organisation=organisation
                )
                .select_related("response__action__theme")
                .annotate(
                    effective_due=effective_due_expression(prefix="response__"),
                    is_overdue=is_overdue_expression(on, prefix="response__"),
                )
                .order_by("-is_lead", "response__action__theme__number", "response__action__ref"),
                to_attr="responses_held",
            )
        )
        .order_by("initials")
    )


def response_for_page(*, pk, organisation=None, within=None):
    """One response of the organisation (or of those ``within`` selects) for its page, or
    ``Response.DoesNotExist``.

    Any other organisation's response does not exist as far as the caller can tell.
    Three queries: the row (with action, theme, plan and organisation; ``effective_due``, ``is_overdue``
    and ``update_count``, the number of progress updates), owners, checklist.
    """
    count = ProgressUpdate.objects.filter(response=OuterRef("pk")).order_by().values("response")
    responses = Response.objects.of(organisation) if within is None else Response.objects.of_any(within)
    return with_owners_and_checklist(
        responses.select_related("action__theme__plan", "organisation__parent")
        .with_due(today())
        .annotate(update_count=Coalesce(Subquery(count.annotate(n=Count("pk")).values("n")), 0))
    ).get(pk=pk)


PROGRESS_PAGE_SIZE = 10


@dataclass(frozen=True)
class UpdatesPage:
    """One page of a response's progress timeline, newest first (page 1 is the newest)."""

    updates: list
    number: int
    num_pages: int
    total: int

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1


def response_updates(*, response, page=1, per_page=PROGRESS_PAGE_SIZE) -> UpdatesPage:
    """Page ``page`` of the progress timeline (clamped to the pages there are) — one query.

    The total comes with the response as ``update_count`` when ``response_for_page`` loaded it
    (else one more query counts), so a response with 1,000 updates costs what one with 24 does.
    """
    total = getattr(response, "update_count", None)
    if total is None:
        total = response.updates.count()
    num_pages = max(1, -(-total // per_page))
    number = min(max(1, page), num_pages)
    start = (number - 1) * per_page
    updates = list(
        response.updates.select_related("author").order_by("-date", "-created_at", "-pk")[start : start + per_page]
    )
    return UpdatesPage(updates=updates, number=number, num_pages=num_pages, total=total)
