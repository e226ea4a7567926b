"""What an organisation's actions held before: how a file with no record of when it was made (the flat
CSV) is told apart from an edit.

Five queries, whatever the number of rows: the statuses each response has had (its history), every
progress note it has, every checklist text it has had (its items' history) and every owner list it
has had (its owner links' history, and the links of today). A file's cell equal to one of these is a
value from the past, not something the person typed.
"""

from collections import defaultdict

from actions.models import AdditionalAction, ProgressUpdate, Response, ResponseOwner


def folded(text: str) -> str:
    return " ".join((text or "").split()).casefold()


class PastValues:
    def __init__(self, organisation):
        responses = Response.history.filter(organisation=organisation)
        self.statuses: dict[int, set[str]] = {}
        for response_id, status in responses.values_list("id", "status").distinct():
            self.statuses.setdefault(response_id, set()).add(status)
        self.notes: dict[int, set[str]] = {}
        updates = ProgressUpdate.objects.filter(response__organisation=organisation)
        for response_id, note in updates.values_list("response_id", "note").iterator(chunk_size=2000):
            self.notes.setdefault(response_id, set()).add(folded(note))
        self.checklist: dict[int, set[str]] = {}
        items = AdditionalAction.history.filter(response__organisation=organisation)
        for response_id, text in items.values_list("response_id", "text").distinct().iterator(chunk_size=2000):
            self.checklist.setdefault(response_id, set()).add(folded(text))
        self.owner_sets = _owner_sets(organisation)

    def had_status(self, response_id: int, status: str) -> bool:
        return status in self.statuses.get(response_id, ())

    def has_note(self, response_id: int, note: str) -> bool:
        return folded(note) in self.notes.get(response_id, ())

    def had_item(self, response_id: int, text: str) -> bool:
        return folded(text) in self.checklist.get(response_id, ())

    def had_owners(self, response_id: int, owner_ids) -> bool:
        """Whether the response had exactly these owners (in any order) at some moment of its history."""
        return frozenset(owner_ids) in self.owner_sets.get(response_id, ())


def _owner_sets(organisation) -> dict[int, set[frozenset[int]]]:
    """Every set of owners each response has had, replayed from its owner links' history.

    Links made without a history row (bulk loads) count as there from the start, as do links whose
    first history row is a change or a removal (they were made before history was kept).
    """
    rows = (
        ResponseOwner.history.filter(response__organisation=organisation)
        .order_by("history_date", "history_id")
        .values_list("response_id", "id", "owner_id", "history_type")
    )
    events: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for response_id, link_id, owner_id, kind in rows.iterator(chunk_size=2000):
        events[response_id].append((link_id, owner_id, kind))
    start: dict[int, dict[int, int]] = defaultdict(dict)  # response -> link id -> owner id
    for response_id, link_events in events.items():
        first: dict[int, tuple[int, str]] = {}
        for link_id, owner_id, kind in link_events:
            first.setdefault(link_id, (owner_id, kind))
        start[response_id] = {link: owner for link, (owner, kind) in first.items() if kind != "+"}
    recorded = {link_id for link_events in events.values() for link_id, _, _ in link_events}
    live = ResponseOwner.objects.filter(response__organisation=organisation)
    for response_id, link_id, owner_id in live.values_list("response_id", "id", "owner_id").iterator(chunk_size=2000):
        if link_id not in recorded:
            start[response_id][link_id] = owner_id
    sets: dict[int, set[frozenset[int]]] = defaultdict(set)
    for response_id, links in start.items():
        links = dict(links)
        sets[response_id].add(frozenset(links.values()))
        for link_id, owner_id, kind in events.get(response_id, ()):
            if kind == "-":
                links.pop(link_id, None)
            else:
                links[link_id] = owner_id
            sets[response_id].add(frozenset(links.values()))
    return sets
