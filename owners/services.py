"""Writes about people and organisations (keyword-only, one transaction, history kept)."""

from django.db import transaction

from .models import Membership, Organisation, Owner


def _unlink_owners(*, user, keep: Organisation | None, by) -> int:
    """Unlink ``user`` from every owner outside ``keep`` (each change in the owner's history)."""
    owners = Owner.objects.filter(user=user)
    if keep is not None:
        owners = owners.exclude(organisation=keep)
    count = 0
    for owner in owners:
        owner.user = None
        owner._history_user = by
        owner._change_reason = "The user left the organisation"
        owner.save(update_fields=["user"])
        count += 1
    return count


@transaction.atomic
def membership_set(*, user, organisation: Organisation, by=None) -> Membership:
    """Make ``user`` a member of ``organisation``. Moving them from another organisation unlinks them
    from that organisation's owners, so its administrator can keep managing those owners."""
    membership, _created = Membership.objects.update_or_create(user=user, defaults={"organisation": organisation})
    _unlink_owners(user=user, keep=organisation, by=by)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, by=None) -> None:
    """The user leaves their organisation: no membership, no owner linked to them."""
    _unlink_owners(user=membership.user, keep=None, by=by)
    membership.delete()
