"""What an organisation's actions held before: how a file with no record of when it was made (the flat
CSV) is told apart from an edit.

Three queries, whatever the number of rows: the statuses each response has had (its history), every
progress note it has, and every checklist text it has had (its items' history). A file's cell equal
to one of these is a value from the past, not something the person typed.
"""

from actions.models import AdditionalAction, ProgressUpdate, Response


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

    def had_status(self, response_id: int, status: str) -> bool:
        return status in self.statuses.get(response_id, ())

    def has_note(self, response_id: int, note: str) -> bool:
        return folded(note) in self.notes.get(response_id, ())

    def had_item(self, response_id: int, text: str) -> bool:
        return folded(text) in self.checklist.get(response_id, ())
