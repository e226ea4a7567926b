"""Read-side queries. The action list page and every export call `response_list`,
so a workbook always shows exactly what the page shows."""

import datetime

from django.db.models import Case, Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from owners.models import Owner

from .models import (
    AdditionalAction,
    ProgressUpdate,
    Response,
    ResponseOwner,
    active_q,
    effective_due_expression,
    is_overdue_expression,
    overdue_q,
)
from .statuses import Status
from .statuses import label as status_label


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
    *, organisation, filters: dict | None = None, plan=None, include_withdrawn=False, on: datetime.date | None = None
) -> QuerySet:
    """The filtered list of an organisation's responses, as the action list shows it.

    ``filters`` are the query parameters of the action list (see ``actions.filters``); ``on`` is
    the day overdue is judged against (today by default; a board report's "as at" date).
    Raises nothing for bad filter values: invalid values are ignored as the form shows them.
    """
    from .filters import ResponseFilter

    queryset = responses_annotated(organisation=organisation, on=on)
    if plan is not None:
        queryset = queryset.filter(action__theme__plan=plan)
    if not include_withdrawn:
        queryset = queryset.active()
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


# What an export of many organisations reads of each response, as flat values (no model instances).
ROW_FIELDS = [
    "pk",
    "action__theme__plan__name",
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
    the action list's order (theme, ref), as dicts of ``ROW_FIELDS`` plus ``owners`` (initials, lead
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
        rows = list(queryset.order_by(position, "action__theme__number", "action__ref").values(*ROW_FIELDS))
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
HISTORY_LIMIT = 20


def dashboard_theme_status_counts(*, organisation, plan=None):
    """Responses counted by theme × status (one query).

    Returns ``[{"theme": Theme-like dict, "counts": {status: n}, "total": n}]`` in theme order,
    every status present (0 when none).
    """
    queryset = Response.objects.of(organisation).active()
    if plan is not None:
        queryset = queryset.filter(action__theme__plan=plan)
    rows = (
        queryset.values("action__theme_id", "action__theme__number", "action__theme__name", "status")
        .annotate(n=Count("pk"))
        .order_by("action__theme__number", "action__theme__name", "status")
    )
    themes = {}
    for row in rows:
        theme = themes.setdefault(
            row["action__theme_id"],
            {
                "id": row["action__theme_id"],
                "number": row["action__theme__number"],
                "name": row["action__theme__name"],
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
        .select_related("author", "response__action__theme")
        .order_by("-date", "-created_at", "-pk")[:limit]
    )


def my_responses(*, organisation, user):
    """Responses where the user's owner record is a lead or supporting owner, overdue first.

    One query, plus two prefetches (owners, checklist).
    """
    queryset = (
        responses_annotated(organisation=organisation)
        .active()
        .filter(response_owners__owner__user=user, response_owners__owner__organisation=organisation)
    )
    return with_owners_and_checklist(
        queryset.order_by(
            "-is_overdue", F("effective_due").asc(nulls_last=True), "action__theme__number", "action__ref"
        )
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
    """One response of the organisation (or of those ``within`` selects) with owners and checklist,
    or ``Response.DoesNotExist``.

    Any other organisation's response does not exist as far as the caller can tell.
    Three queries: the row, owners, checklist.
    """
    queryset = responses_annotated(organisation=organisation, within=within).select_related("organisation__parent")
    return with_owners_and_checklist(queryset).get(pk=pk)


def response_updates(*, response):
    """The progress timeline, newest first — one query."""
    return list(response.updates.select_related("author").order_by("-date", "-created_at", "-pk"))


RESPONSE_HISTORY_FIELDS = [("status", "Status"), ("local_due_date", "Local due date"), ("local_who", "Local owners")]


def _display(field, value):
    if value in (None, ""):
        return "(none)"
    if field == "status":
        return status_label(value)
    if field == "done":
        return "done" if value else "not done"
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    return str(value)


def response_history(*, response, limit=HISTORY_LIMIT):
    """Who changed what and when: the response's, its checklist's and its updates' history, newest first.

    Bounded: three queries (``limit + 1``, ``2 × limit`` and ``limit`` rows, ``select_related('history_user')``).
    Returns dicts: ``when``, ``who``, ``what``, ``changes`` [(label, old, new)].
    """
    entries = []
    records = list(
        response.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if newer is records[-1] and len(records) > limit:
            break  # the extra row only served as the "before" of the last shown one
        if older is None or newer.history_type == "+":
            entries.append(_entry(newer, "Action response created", []))
            continue
        changes = [
            (label, _display(field, getattr(older, field)), _display(field, getattr(newer, field)))
            for field, label in RESPONSE_HISTORY_FIELDS
            if getattr(older, field) != getattr(newer, field)
        ]
        if changes:
            entries.append(_entry(newer, "Action response changed", changes))

    items = list(
        AdditionalAction.history.filter(response_id=response.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit * 2]
    )
    previous = {}
    for record in reversed(items):  # oldest first, to find each record's predecessor in the window
        before = previous.get(record.id)
        if record.history_type == "+":
            entry = _entry(record, "Checklist item added", [("Text", "", record.text)])
        elif record.history_type == "-":
            entry = _entry(record, "Checklist item removed", [("Text", record.text, "")])
        elif before is not None:
            changes = []
            if before.text != record.text:
                changes.append(("Text", before.text, record.text))
            if before.done != record.done:
                changes.append(("Done", _display("done", before.done), _display("done", record.done)))
            if before.order != record.order:
                changes.append(("Position", str(before.order), str(record.order)))
            entry = _entry(record, f"Checklist item “{record.text[:60]}” changed", changes) if changes else None
        else:
            entry = _entry(record, f"Checklist item “{record.text[:60]}” changed", [])
        previous[record.id] = record
        if entry:
            entries.append(entry)
    for record in (
        ProgressUpdate.history.filter(response_id=response.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    ):
        verb = {"+": "recorded", "-": "deleted"}.get(record.history_type, "edited")
        changes = [("Status", "", _display("status", record.status)), ("Note", "", record.note)]
        entries.append(_entry(record, f"Progress update of {record.date:%-d %B %Y} {verb}", changes))
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries[:limit]


def _entry(record, what, changes):
    user = record.history_user
    who = (user.get_full_name() or user.username) if user else "System"
    return {"when": record.history_date, "who": who, "what": what, "changes": changes}
