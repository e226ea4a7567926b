"""Read side: an organisation's responses as they stood at the end of a day (a board report's "as at").

A board report made on 10 November "as at 28 October" must not show an update dated 17 November
nor a status set on 1 November. Each response is rebuilt from what the tracker recorded:

- **status and local due date**: the response's history (django-simple-history) up to the end of
  the as-at day; a progress update dated on or before that day (the latest one) sets the status
  when it is newer than the recorded change (updates are often written a few days late);
- **owners and additional actions**: the history of each link and checklist item up to the end
  of that day (an item added later is left out, one removed later is put back, an edited one
  shows its old text);
- **latest update**: the latest progress update dated on or before the as-at day;
- **overdue**: judged on the as-at day, with the status and due date above.

A response first recorded *after* the as-at day (a trust that joined the tracker later, the demo
loaded today) shows as it was first recorded, with the progress updates dated on or before the
as-at day. Rows with no history at all (made before history was kept) count as they are now.
The actions listed and their wording are the plan's when the figures are copied.

A fixed number of queries whatever the size: the responses, their owners and checklists, and one
query per history table (the organisation's history rows, values only).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from owners.models import Owner

from .models import AdditionalAction, ProgressUpdate, Response, ResponseOwner
from .selectors import response_list
from .statuses import Status

ONE_TICK = datetime.timedelta(microseconds=1)


@dataclass(frozen=True)
class ResponseAsAt:
    """One response as it stood (``response`` is the live row, for the action's own fields)."""

    response: Response
    status: str
    due_date: datetime.date | None
    overdue: bool
    owners: str  # initials joined by "/", lead first
    checklist: str  # one item a line, in order
    latest_update: str
    updated_on: datetime.date | None


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after ``day`` in the project's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def responses_as_at(*, organisation, as_at: datetime.date, plan=None, plans=None) -> list[ResponseAsAt]:
    """The organisation's active responses (of ``plan``, or of the ``plans``) as they stood at the end of
    ``as_at``."""
    cutoff = min(end_of_day(as_at), timezone.now())
    responses = list(_responses(organisation=organisation, plan=plan, plans=plans, as_at=as_at))
    ids = [r.pk for r in responses]
    response_records = _records(Response, ids, "id", ["status", "local_due_date"])
    owner_records = _records(ResponseOwner, ids, "response_id", ["owner_id", "is_lead", "order"])
    item_records = _records(AdditionalAction, ids, "response_id", ["text", "order"])
    initials = _initials(responses, owner_records)
    out = []
    for response in responses:
        records = response_records.get(response.pk, [])
        line_cutoff = _line_cutoff(response, records, cutoff)
        state = _state(records, line_cutoff)
        status, due = _status_and_due(response, state, first_recorded_later=line_cutoff > cutoff)
        owners = _children(response.owner_list, owner_records.get(response.pk, {}), line_cutoff)
        items = _children(response.checklist_items, item_records.get(response.pk, {}), line_cutoff)
        effective_due = due or response.action.due_date
        out.append(
            ResponseAsAt(
                response=response,
                status=status,
                due_date=effective_due,
                overdue=bool(effective_due and effective_due < as_at and status not in Status.closed()),
                owners="/".join(
                    initials.get(o["owner_id"], "?")
                    for o in sorted(owners, key=lambda o: (not o["is_lead"], o["order"], o["id"]))
                ),
                checklist="\n".join(i["text"] for i in sorted(items, key=lambda i: (i["order"], i["id"]))),
                latest_update=response.as_at_update_note or "",
                updated_on=response.as_at_update_date,
            )
        )
    return out


def _responses(*, organisation, plan, plans, as_at):
    """The live responses in the action list's order, with the latest update dated on or before ``as_at``."""
    latest = ProgressUpdate.objects.filter(response=OuterRef("pk"), date__lte=as_at).order_by(
        "-date", "-created_at", "-pk"
    )
    queryset = response_list(organisation=organisation, plan=plan, on=as_at)
    if plans is not None:
        queryset = queryset.filter(action__theme__plan__in=plans)
    return queryset.select_related("action__added_in").annotate(
        as_at_update_date=Subquery(latest.values("date")[:1]),
        as_at_update_note=Subquery(latest.values("note")[:1]),
        as_at_update_status=Subquery(latest.values("status")[:1]),
        as_at_update_created=Subquery(latest.values("created_at")[:1]),
    )


def _records(model, response_ids, key, fields) -> dict:
    """History rows (values only) of ``model`` for these responses, oldest first.

    For ``Response``: {response id: [row, ...]}; for a child model: {response id: {object id: [row, ...]}}.
    """
    rows = (
        model.history.filter(**{f"{key}__in": response_ids})
        .order_by("history_date", "history_id")
        .values("id", key, "history_date", "history_type", *fields)
        if response_ids
        else []
    )
    out = defaultdict(list) if key == "id" else defaultdict(lambda: defaultdict(list))
    for row in rows:
        if key == "id":
            out[row["id"]].append(row)
        else:
            out[row[key]][row["id"]].append(row)
    return out


def _line_cutoff(response, records, cutoff):
    """``cutoff``, or — for a response first recorded after it — the moment it was first recorded."""
    first = records[0]["history_date"] if records else response.created_at
    return cutoff if first < cutoff else first + ONE_TICK


def _state(records, cutoff):
    """The latest history row before ``cutoff`` (None when there is none)."""
    before = [row for row in records if row["history_date"] < cutoff]
    return before[-1] if before else None


def _status_and_due(response, state, *, first_recorded_later: bool):
    """Status and local due date: the recorded state, unless a dated update on or before the as-at day is newer."""
    if state is None:  # never recorded in the history: it is as it was made
        status, due = response.status, response.local_due_date
    else:
        status, due = state["status"], state["local_due_date"]
    update = response.as_at_update_status
    if update is None:
        return status, due
    if first_recorded_later or state is None or state["history_type"] == "+":
        return update, due
    changed = state["history_date"]
    if (response.as_at_update_date, response.as_at_update_created) > (timezone.localdate(changed), changed):
        return update, due
    return status, due


def _children(live, records_by_id, cutoff) -> list[dict]:
    """The owner links or checklist items of one response as they stood before ``cutoff``.

    An item whose first history row is its creation after ``cutoff`` did not exist yet; an item
    with no history at all (made before history was kept) counts as it is now.
    """
    live_values = {item.pk: _values(item) for item in live}
    out = []
    for pk in set(live_values) | set(records_by_id):
        records = records_by_id.get(pk, [])
        state = _state(records, cutoff)
        if state is not None:
            if state["history_type"] != "-":
                out.append(state)
        elif not records:
            out.append(live_values[pk])
        elif records[0]["history_type"] != "+":
            out.append(records[0])
    return out


def _values(item) -> dict:
    if isinstance(item, ResponseOwner):
        return {"id": item.pk, "owner_id": item.owner_id, "is_lead": item.is_lead, "order": item.order}
    return {"id": item.pk, "text": item.text, "order": item.order}


def _initials(responses, owner_records) -> dict[int, str]:
    """Initials of every owner the lines may name, live or since deleted (at most two queries)."""
    known = {ro.owner_id: ro.owner.initials for r in responses for ro in r.owner_list}
    wanted = {row["owner_id"] for by_id in owner_records.values() for rows in by_id.values() for row in rows}
    missing = wanted - set(known)
    if missing:
        known.update(Owner.objects.filter(pk__in=missing).values_list("pk", "initials"))
        gone = missing - set(known)
        if gone:
            for row in Owner.history.filter(id__in=gone).order_by("history_date").values("id", "initials"):
                known[row["id"]] = row["initials"]
    return known
