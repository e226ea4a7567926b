"""The change history of one response, in words: the response's, its checklist's and its progress
updates' history rows (django-simple-history), newest first, bounded in rows and queries."""

import datetime

from .models import AdditionalAction, ProgressUpdate, Response, history_manager
from .statuses import label as status_label

HISTORY_LIMIT = 20


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
    records = _latest_history(Response, limit + 1, id=response.pk)
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

    items = _latest_history(AdditionalAction, limit * 2, response_id=response.pk)
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
    for record in _latest_history(ProgressUpdate, limit, response_id=response.pk):
        verb = {"+": "recorded", "-": "deleted"}.get(record.history_type, "edited")
        changes = [("Status", "", _display("status", record.status)), ("Note", "", record.note)]
        entries.append(_entry(record, f"Progress update of {record.date:%-d %B %Y} {verb}", changes))
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries[:limit]


def _latest_history(model, limit, **lookup):
    """The latest ``limit`` history rows of ``model`` matching ``lookup``, newest first, with their user."""
    rows = history_manager(model).filter(**lookup).select_related("history_user")
    return list(rows.order_by("-history_date", "-history_id")[:limit])


def _entry(record, what, changes):
    user = record.history_user
    who = (user.get_full_name() or user.username) if user else "System"
    return {"when": record.history_date, "who": who, "what": what, "changes": changes}
