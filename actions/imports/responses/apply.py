"""Applying an offline-updates preview: as the importing user, all or nothing.

``response_import_apply`` re-computes the preview inside one transaction and refuses if it
differs from what the user saw; each response is written against the revision the preview saw,
so an edit made in the web page between preview and confirm is never overwritten
(``EditConflict`` → nothing applied). A conflict (``cells.Conflict``) is applied only when its key is
in ``take`` — the person chose the file's value. Every change goes through ``actions.services``.
"""

import datetime

from django.db import transaction

from actions.imports.reading.problems import ImportFileError, Problem
from actions.imports.responses.compare import STATUS_NOTE, ResponseChange, ResponsePreview, response_import_preview
from actions.models import Status
from actions.services import (
    EditConflict,
    checklist_item_add,
    response_record_update,
    response_set_owners,
    response_update_details,
)
from owners.models import Owner


def _set_owners(*, response, initials: list[str], user):
    owners = {o.initials: o for o in Owner.objects.filter(organisation=response.organisation, initials__in=initials)}
    response_set_owners(response=response, owners=[owners[code] for code in initials], user=user)


@transaction.atomic
def response_import_apply(*, preview: ResponsePreview, user, today: datetime.date | None = None, take=()) -> int:
    """Apply a preview's changes (and the conflicts chosen in ``take``) as the importing user; all or
    nothing. Returns responses updated."""
    if preview.errors:
        raise ImportFileError(preview.errors)
    fresh = response_import_preview(organisation=preview.organisation, rows=preview.rows, file_name=preview.file_name)
    if fresh.errors or fresh.signature() != preview.signature():
        raise ImportFileError([Problem("the actions changed since this preview was made: preview the file again")])
    take = set(take)
    applied = [change.taking(take) for change in preview.changes]
    applied = [change for change in applied if change.has_changes]
    try:
        for change in applied:
            _apply_change(change, user=user, file_name=preview.file_name, today=today)
    except EditConflict as conflict:
        action = conflict.response.action
        raise ImportFileError(
            [
                Problem(
                    f"{action.theme.name} {action.ref} was changed by someone else since the preview: "
                    "preview the file again"
                )
            ]
        ) from None
    return len(applied)


def _apply_change(change: ResponseChange, *, user, file_name, today):
    response = change.response
    new_status = change.status[1] if change.status else response.status
    if change.note or change.status:
        note = change.note or STATUS_NOTE.format(
            old=Status(change.status[0]).label, new=Status(change.status[1]).label, file=file_name
        )
        response_record_update(
            response=response, user=user, status=new_status, note=note, date=today, expected_revision=change.revision
        )
    else:
        response_update_details(
            response=response,
            user=user,
            status=response.status,
            local_due_date=response.local_due_date,
            expected_revision=change.revision,
        )
    if change.owners:
        _set_owners(response=response, initials=change.owners[1], user=user)
    for text in change.checklist_added:
        checklist_item_add(response=response, user=user, text=text)
