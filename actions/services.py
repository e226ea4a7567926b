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
    if not note.strip():
        raise ValidationError({"note": "Enter a progress note."})
    current = _claim_revision(response=response, expected_revision=expected_revision, user=user)
    update = ProgressUpdate(
        response=current,
        date=date or timezone.localdate(),
        author=user,
        status=status,
        note=note.strip(),
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


@transaction.atomic
def checklist_item_set_done(*, item: AdditionalAction, user, done: bool) -> AdditionalAction:
    item.done = done
    item._history_user = user
    item.save(update_fields=["done"])
    return item


@transaction.atomic
def checklist_item_add(*, response: Response, user, text: str) -> AdditionalAction:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the additional action."})
    last = response.checklist.aggregate(m=Max("order"))["m"]
    item = AdditionalAction(response=response, text=text, order=(last or 0) + 1)
    item.full_clean()
    item._history_user = user
    item.save()
    return item


@transaction.atomic
def checklist_item_edit(*, item: AdditionalAction, user, text: str) -> AdditionalAction:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the additional action."})
    item.text = text
    item._history_user = user
    item.save(update_fields=["text"])
    return item


@transaction.atomic
def checklist_item_move(*, item: AdditionalAction, user, direction: int) -> None:
    """Swap an item with its neighbour above (direction -1) or below (+1)."""
    items = list(AdditionalAction.objects.filter(response_id=item.response_id).order_by("order", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + direction
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.order != position:
            other.order = position
            other._history_user = user
            other.save(update_fields=["order"])


# --- Responses an organisation owes ------------------------------------------------------


def default_status(*, action: Action, organisation: Organisation) -> str:
    """National bodies' actions are for noting locally; a trust notes the system's actions too."""
    if action.audience == "national":
        return Status.FOR_NOTING
    if action.audience == "system" and organisation.kind == Organisation.Kind.TRUST:
        return Status.FOR_NOTING
    return Status.NOT_STARTED


def ensure_responses(*, organisation: Organisation, plan: Plan) -> int:
    """Give an organisation a response (Not started; For noting for national bodies) to every active
    action it answers (``ActionQuerySet.owed_by``: a system only the actions for systems)."""
    existing = set(Response.objects.filter(organisation=organisation).values_list("action_id", flat=True))
    missing = [
        Response(
            organisation=organisation,
            action=action,
            status=default_status(action=action, organisation=organisation),
        )
        for action in Action.objects.filter(theme__plan=plan).owed_by(organisation).active()
        if action.pk not in existing
    ]
    Response.objects.bulk_create(missing)
    return len(missing)
