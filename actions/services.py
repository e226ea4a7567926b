"""Write-side business rules. Views, commands and imports call these; nothing else writes.

Every write is keyword-only, runs in one transaction and leaves a history row
(django-simple-history) naming who made it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from owners.models import Organisation

from . import validation
from .models import Action, AdditionalAction, Plan, ProgressUpdate, Response, Status


class EditConflict(Exception):
    """Someone else saved this response since the editor loaded it."""

    def __init__(self, response, changes):
        self.response = response
        self.changes = changes  # list of (field label, their value) describing the newer state
        super().__init__("This action was changed by someone else while you were editing it.")


def _claim_revision(*, response: Response, expected_revision: int | None, user) -> Response:
    """Atomically bump the response's revision, refusing if it moved on since ``expected_revision``.

    The conditional UPDATE is the lock: of two concurrent saves against the same
    revision exactly one matches a row; the other is told, never silently lost.
    """
    queryset = Response.objects.filter(pk=response.pk)
    if expected_revision is not None:
        queryset = queryset.filter(revision=expected_revision)
    updated = queryset.update(revision=F("revision") + 1, modified_by=user, modified_at=timezone.now())
    current = Response.objects.select_related("action", "modified_by").get(pk=response.pk)
    if not updated:
        raise EditConflict(current, describe_state(current))
    return current


def describe_state(response: Response):
    latest = response.updates.select_related("author").first()
    changes = [("Status", response.get_status_display())]
    if response.local_due_date:
        changes.append(("Local due date", response.local_due_date.isoformat()))
    if latest:
        author = latest.author.get_full_name() or latest.author.username if latest.author else "someone"
        changes.append(("Latest update", f"{latest.date.isoformat()} by {author}: {latest.note}"))
    if response.modified_by:
        changes.append(("Saved by", response.modified_by.get_full_name() or response.modified_by.username))
    return changes


@transaction.atomic
def response_record_update(
    *,
    response: Response,
    user,
    status: str,
    note: str,
    evidence_url: str = "",
    date: datetime.date | None = None,
    expected_revision: int | None = None,
) -> ProgressUpdate:
    """Record a dated progress update and move the response to ``status``, in one step."""
    if status not in Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    note = validation.clean_note(note)
    current = _claim_revision(response=response, expected_revision=expected_revision, user=user)
    update = ProgressUpdate(
        response=current,
        date=date or timezone.localdate(),
        author=user,
        status=status,
        note=note,
        evidence_url=evidence_url.strip(),
    )
    update.full_clean()
    update._history_user = user
    update.save()
    if current.status != status:
        current.status = status
    current._history_user = user
    current.save(update_fields=["status", "modified_at"])
    return update


@transaction.atomic
def response_update_details(
    *, response: Response, user, status: str, local_due_date, expected_revision: int | None = None
) -> Response:
    """Change a response's status and local due date without a progress note."""
    if status not in Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    current = _claim_revision(response=response, expected_revision=expected_revision, user=user)
    current.status = status
    current.local_due_date = local_due_date
    current._history_user = user
    current.save(update_fields=["status", "local_due_date", "modified_at"])
    return current


class ChecklistConflict(Exception):
    """Someone else changed (or removed) this additional action since the editor loaded it."""

    def __init__(self, item):
        self.item = item  # the item as it is now, or None when it was removed
        super().__init__("This additional action was changed by someone else while you were editing it.")


def _lock_checklist(response_id: int) -> None:
    """Serialise checklist writes of one response (its row lock), so order values stay unique."""
    Response.objects.select_for_update().filter(pk=response_id).values_list("pk", flat=True).first()


def _claim_item(*, item: AdditionalAction, expected_revision: int | None) -> AdditionalAction:
    """Bump the item's revision, refusing if it moved on since ``expected_revision`` (as ``_claim_revision``)."""
    queryset = AdditionalAction.objects.filter(pk=item.pk, response_id=item.response_id)
    if expected_revision is not None:
        queryset = queryset.filter(revision=expected_revision)
    updated = queryset.update(revision=F("revision") + 1)
    current = AdditionalAction.objects.filter(pk=item.pk).first()
    if not updated or current is None:
        raise ChecklistConflict(current)
    return current


@transaction.atomic
def checklist_item_set_done(
    *, item: AdditionalAction, user, done: bool, expected_revision: int | None = None
) -> AdditionalAction:
    current = _claim_item(item=item, expected_revision=expected_revision)
    current.done = done
    current._history_user = user
    current.save(update_fields=["done"])
    return current


@transaction.atomic
def checklist_item_add(*, response: Response, user, text: str) -> AdditionalAction:
    text = validation.clean_checklist_item(text)
    _lock_checklist(response.pk)
    last = AdditionalAction.objects.filter(response_id=response.pk).aggregate(m=Max("order"))["m"]
    item = AdditionalAction(response=response, text=text, order=(last or 0) + 1)
    item.full_clean()
    item._history_user = user
    item.save()
    return item


@transaction.atomic
def checklist_item_edit(
    *, item: AdditionalAction, user, text: str, expected_revision: int | None = None
) -> AdditionalAction:
    text = validation.clean_checklist_item(text)
    current = _claim_item(item=item, expected_revision=expected_revision)
    current.text = text
    current._history_user = user
    current.save(update_fields=["text"])
    return current


@transaction.atomic
def checklist_item_move(*, item: AdditionalAction, user, direction: int, expected_revision: int | None = None) -> None:
    """Swap an item with its neighbour above (direction -1) or below (+1).

    Order values are unique per response (a database constraint): the swap goes through a free
    value, under the response's row lock."""
    _lock_checklist(item.response_id)
    current = _claim_item(item=item, expected_revision=expected_revision)
    items = list(AdditionalAction.objects.filter(response_id=item.response_id).order_by("order", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == current.pk)
    target = index + direction
    if not 0 <= target < len(items):
        return
    mine, theirs = items[index], items[target]
    free = max(other.order for other in items) + 1
    mine_order, theirs_order = mine.order, theirs.order
    AdditionalAction.objects.filter(pk=mine.pk).update(order=free)
    for moved, order in ((theirs, mine_order), (mine, theirs_order)):
        moved.order = order
        moved._history_user = user
        moved.save(update_fields=["order"])


# --- Responses an organisation owes ------------------------------------------------------


def default_status(*, action: Action, organisation: Organisation) -> str:
    """National bodies' actions are for noting locally; a trust notes the system's actions too."""
    if action.audience == "national":
        return Status.FOR_NOTING
    if action.audience == "system" and organisation.kind == Organisation.Kind.TRUST:
        return Status.FOR_NOTING
    return Status.NOT_STARTED


def ensure_responses(*, organisation: Organisation, plan: Plan) -> int:
    """Give an organisation a response (Not started; For noting for national bodies) to every active action."""
    existing = set(Response.objects.filter(organisation=organisation).values_list("action_id", flat=True))
    missing = [
        Response(
            organisation=organisation,
            action=action,
            status=default_status(action=action, organisation=organisation),
        )
        for action in Action.objects.filter(theme__plan=plan).national().active()
        if action.pk not in existing
    ]
    Response.objects.bulk_create(missing)
    return len(missing)
