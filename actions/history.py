"""The change history of one response, in words: the response's, its checklist's and its progress
updates' history rows (django-simple-history), newest first, bounded in rows and queries.

Each entry says what happened as a sentence a person reads ("Status changed from At risk to On
track", "Checklist item marked done", "Due date changed from 31 March 2024 to 30 June 2024",
"Note changed"); the template only lays the entries out.
"""

import datetime

from .models import AdditionalAction, ProgressUpdate, Response, history_manager
from .statuses import label as status_label

HISTORY_LIMIT = 20


def _date(value) -> str:
    return f"{value:%-d %B %Y}" if isinstance(value, datetime.date) else str(value)


def _status(value) -> str:
    return status_label(value) if value else "no status"


def _quoted(text, limit=80) -> str:
    text = " ".join(str(text).split())
    return f"“{text[: limit - 1]}…”" if len(text) > limit else f"“{text}”"


def _changed(what, old, new, *, show) -> str:
    """ "<What> changed from <old> to <new>", or "… set to …" / "… removed (it was …)" when one side is empty."""
    if old in (None, "") and new in (None, ""):
        return f"{what} changed"
    if old in (None, ""):
        return f"{what} set to {show(new)}"
    if new in (None, ""):
        return f"{what} removed (it was {show(old)})"
    return f"{what} changed from {show(old)} to {show(new)}"


# The response's own fields, each with how a change of it reads.
RESPONSE_SENTENCES = [
    ("status", lambda old, new: _changed("Status", old, new, show=_status)),
    ("local_due_date", lambda old, new: _changed("Due date", old, new, show=_date)),
    ("local_who", lambda old, new: _changed("Local owners", old, new, show=_quoted)),
]


def _response_sentences(older, newer) -> list[str]:
    return [
        sentence(getattr(older, field), getattr(newer, field))
        for field, sentence in RESPONSE_SENTENCES
        if getattr(older, field) != getattr(newer, field)
    ]


def _checklist_sentences(before, record) -> list[str]:
    sentences = []
    if before.done != record.done:
        sentences.append("Checklist item marked done" if record.done else "Checklist item marked not done")
    if before.text != record.text:
        sentences.append(f"Checklist item reworded (it was {_quoted(before.text)})")
    if before.order != record.order:
        sentences.append("Checklist item moved up" if record.order < before.order else "Checklist item moved down")
    return sentences


def _update_sentences(before, record) -> list[str]:
    sentences = []
    if before.date != record.date:
        sentences.append(_changed("Date of the update", before.date, record.date, show=_date))
    if before.status != record.status:
        sentences.append(_changed("Status of the update", before.status, record.status, show=_status))
    if before.note != record.note:
        sentences.append("Note changed")
    if before.evidence_url != record.evidence_url:
        sentences.append(_changed("Evidence link", before.evidence_url, record.evidence_url, show=str))
    return sentences


def response_history(*, response, limit=HISTORY_LIMIT):
    """Who changed what and when: the response's, its checklist's and its updates' history, newest first.

    Bounded: three queries (``limit + 1``, ``2 × limit`` and ``2 × limit`` rows,
    ``select_related('history_user')``). Returns dicts: ``when``, ``who``, ``what`` (the first
    sentence), ``sentences`` (every sentence, ``what`` first) and ``subject`` (the checklist item or
    note the entry is about, "" when none).
    """
    entries = []
    records = _latest_history(Response, limit + 1, id=response.pk)
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if newer is records[-1] and len(records) > limit:
            break  # the extra row only served as the "before" of the last shown one
        if older is None or newer.history_type == "+":
            entries.append(_entry(newer, ["Action added to the tracker"]))
            continue
        sentences = _response_sentences(older, newer)
        if sentences:
            entries.append(_entry(newer, sentences))

    items = _latest_history(AdditionalAction, limit * 2, response_id=response.pk)
    previous = {}
    for record in reversed(items):  # oldest first, to find each record's predecessor in the window
        before = previous.get(record.id)
        if record.history_type == "+":
            entry = _entry(record, ["Checklist item added"], subject=record.text)
        elif record.history_type == "-":
            entry = _entry(record, ["Checklist item removed"], subject=record.text)
        elif before is not None:
            sentences = _checklist_sentences(before, record)
            entry = _entry(record, sentences, subject=record.text) if sentences else None
        else:
            entry = _entry(record, ["Checklist item changed"], subject=record.text)
        previous[record.id] = record
        if entry:
            entries.append(entry)

    updates = _latest_history(ProgressUpdate, limit * 2, response_id=response.pk)
    previous = {}
    for record in reversed(updates):
        before = previous.get(record.id)
        on = _date(record.date)
        if record.history_type == "+":
            entry = _entry(
                record,
                [f"Progress update recorded for {on}", f"Status at the time: {_status(record.status)}"],
                subject=record.note,
            )
        elif record.history_type == "-":
            entry = _entry(record, [f"Progress update of {on} deleted"], subject=record.note)
        elif before is not None:
            sentences = _update_sentences(before, record)
            entry = _entry(record, [f"Progress update of {on} edited", *sentences], subject=record.note)
        else:
            entry = _entry(record, [f"Progress update of {on} edited"], subject=record.note)
        previous[record.id] = record
        if entry:
            entries.append(entry)
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries[:limit]


def _latest_history(model, limit, **lookup):
    """The latest ``limit`` history rows of ``model`` matching ``lookup``, newest first, with their user."""
    rows = history_manager(model).filter(**lookup).select_related("history_user")
    return list(rows.order_by("-history_date", "-history_id")[:limit])


def _entry(record, sentences, *, subject=""):
    user = record.history_user
    who = (user.get_full_name() or user.username) if user else "System"
    return {"when": record.history_date, "who": who, "what": sentences[0], "sentences": sentences, "subject": subject}
