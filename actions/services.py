"""Write-side business rules. Views, commands and imports call these; nothing else writes.

Every write is keyword-only, runs in one transaction and leaves a history row
(django-simple-history) naming who made it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from owners.models import Organisation

from . import validation
from .models import Action, AdditionalAction, Plan, ProgressUpdate, Response, ResponseOwner, Status, history_manager
from .rules import plan_visible_q


class EditConflict(Exception):
    """Someone else saved this response since the editor loaded it."""

    def __init__(self, response, changes):
        self.response = response
        self.changes = changes  # list of (field label, their value) describing the newer state
        super().__init__("This action was changed by someone else while you were editing it.")


def _claim_revision(*, response: Response, expected_revision: int | None, user, changes=None) -> Response:
    """Atomically bump the response's revision and apply ``changes`` (field → value), refusing if
    it moved on since ``expected_revision``; records the history row of the new state.

    The conditional UPDATE is the lock: of two concurrent saves against the same
    revision exactly one matches a row; the other is told, never silently lost.
    """
    queryset = Response.objects.filter(pk=response.pk)
    if expected_revision is not None:
        queryset = queryset.filter(revision=expected_revision)
    updated = queryset.update(
        revision=F("revision") + 1, modified_by=user, modified_at=timezone.now(), **(changes or {})
    )
    if not updated:
        current = Response.objects.select_related("action", "modified_by").get(pk=response.pk)
        raise EditConflict(current, describe_state(current))
    current = Response.objects.get(pk=response.pk)
    history_manager(Response).bulk_history_create([current], update=True, default_user=user)
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
    current = _claim_revision(
        response=response, expected_revision=expected_revision, user=user, changes={"status": status}
    )
    update = ProgressUpdate(
        response=current,
        date=date or timezone.localdate(),
        author=user,
        status=status,
        note=note,
        evidence_url=evidence_url.strip(),
    )
    update.full_clean(exclude=["response", "author"])  # both just loaded: no query to prove they exist
    update.save_without_historical_record()
    history_manager(ProgressUpdate).bulk_history_create([update], default_user=user)
    return update


@transaction.atomic
def response_update_details(
    *,
    response: Response,
    user,
    status: str,
    local_due_date,
    local_who: str | None = None,
    expected_revision: int | None = None,
) -> Response:
    """Change a response's status, local due date (and local *Who* text) without a progress note.

    The action page, the offline import and the admin all save a response through here, against
    the revision the editor loaded: a save made on an older revision is refused (``EditConflict``).
    """
    if status not in Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    changes = {"status": status, "local_due_date": local_due_date}
    if local_who is not None:
        changes["local_who"] = local_who
    return _claim_revision(response=response, expected_revision=expected_revision, user=user, changes=changes)


@transaction.atomic
def response_set_owners(*, response: Response, owners: list, user) -> None:
    """Make ``owners`` — ``[(owner, is_lead), ...]`` in order, or owners alone (the first leads) — the
    response's owners: links dropped, added or changed one by one, each in the history."""
    wanted = [item if isinstance(item, tuple) else (item, index == 0) for index, item in enumerate(owners)]
    if sum(1 for _owner, lead in wanted if lead) > 1:
        raise ValidationError({"owners": "Only one owner may lead an action."})
    if len({owner.pk for owner, _lead in wanted}) != len(wanted):
        raise ValidationError({"owners": "An owner is listed twice."})
    foreign = [str(owner) for owner, _lead in wanted if owner.organisation_id != response.organisation_id]
    if foreign:
        raise ValidationError({"owners": f"Not owners of {response.organisation}: {', '.join(foreign)}."})
    links = {link.owner_id: link for link in ResponseOwner.objects.filter(response=response)}
    lead_of = {owner.pk: lead for owner, lead in wanted}
    for owner_id, link in links.items():
        if owner_id not in lead_of:
            link._history_user = user
            link.delete()
        elif link.is_lead and not lead_of[owner_id]:  # the old lead steps down first (one lead at a time)
            link.is_lead = False
            link._history_user = user
            link.save(update_fields=["is_lead"])
    for order, (owner, lead) in enumerate(wanted):
        link = links.get(owner.pk) or ResponseOwner(response=response, owner=owner)
        if link.pk and (link.is_lead, link.order) == (lead, order):
            continue
        link.is_lead, link.order = lead, order
        link._history_user = user
        link.save()


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
def checklist_item_delete(*, item: AdditionalAction, user) -> None:
    _lock_checklist(item.response_id)
    item._history_user = user
    item.delete()


@transaction.atomic
def checklist_item_set_order(*, item: AdditionalAction, user, order: int) -> AdditionalAction:
    """Put an item at ``order``; an item already there takes its old place (order values stay unique)."""
    _lock_checklist(item.response_id)
    current = _claim_item(item=item, expected_revision=None)
    taken = AdditionalAction.objects.filter(response_id=current.response_id, order=order).exclude(pk=current.pk)
    other = taken.first()
    if other is not None:
        free = AdditionalAction.objects.filter(response_id=current.response_id).aggregate(m=Max("order"))["m"] + 1
        AdditionalAction.objects.filter(pk=current.pk).update(order=free)
        other.order = current.order
        other._history_user = user
        other.save(update_fields=["order"])
    current.order = order
    current._history_user = user
    current.save(update_fields=["order"])
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

# The kinds of organisation that respond to plans (a region only rolls up its systems' responses).
RESPONDING_KINDS = [Organisation.Kind.TRUST, Organisation.Kind.SYSTEM]


def responding_organisations():
    return Organisation.objects.filter(kind__in=RESPONDING_KINDS)


def default_status(*, action: Action, organisation: Organisation) -> str:
    """National bodies' actions are for noting locally; a trust notes the system's actions too."""
    if action.audience == "national":
        return Status.FOR_NOTING
    if action.audience == "system" and organisation.kind == Organisation.Kind.TRUST:
        return Status.FOR_NOTING
    return Status.NOT_STARTED


def ensure_responses(*, organisation: Organisation, plan: Plan, user=None) -> int:
    """Give an organisation a response (Not started; For noting for national bodies) to every active
    action of ``plan`` it answers (``ActionQuerySet.owed_by``: a system only the actions for systems);
    the new responses are recorded in the history as made by ``user``."""
    existing = set(Response.objects.filter(organisation=organisation).values_list("action_id", flat=True))
    missing = [
        Response(
            organisation=organisation,
            action=action,
            status=default_status(action=action, organisation=organisation),
            modified_by=user,
        )
        for action in Action.objects.filter(theme__plan=plan).owed_by(organisation).active()
        if action.pk not in existing
    ]
    bulk_create_with_history(missing, Response, default_user=user, default_change_reason="Organisation responds")
    return len(missing)


def organisation_responses_create(*, organisation: Organisation, user=None) -> int:
    """A new (or newly responding) organisation's responses to every national plan and to its own local
    plans; none for a region."""
    if organisation.kind not in RESPONDING_KINDS:
        return 0
    plans = Plan.objects.filter(plan_visible_q(organisation))
    return sum(ensure_responses(organisation=organisation, plan=plan, user=user) for plan in plans)
