"""Data builders for the page tests: dated responses of the demo trust, owned by the HR lead."""

import datetime

from django.utils import timezone

from actions.models import AdditionalAction, ProgressUpdate, Response, ResponseOwner, Status
from owners.models import Owner


def hw_response(trust, ref=None):
    """A Health and wellbeing response of the trust (the lowest ref unless given)."""
    queryset = Response.objects.filter(
        organisation=trust, action__theme__name="Health and wellbeing", action__withdrawn_in__isnull=True
    ).order_by("action__ref")
    return queryset.get(action__ref=ref) if ref else queryset.first()


def make_overdue(response, *, days=30, status=Status.ON_TRACK):
    response.local_due_date = timezone.localdate() - datetime.timedelta(days=days)
    response.status = status
    response.save()
    return response


def make_due_soon(response, *, days=10, status=Status.AT_RISK):
    response.local_due_date = timezone.localdate() + datetime.timedelta(days=days)
    response.status = status
    response.save()
    return response


def own(response, user, *, lead=True):
    owner = Owner.objects.get(user=user)
    if lead:
        ResponseOwner.objects.filter(response=response, is_lead=True).exclude(owner=owner).update(is_lead=False)
    ResponseOwner.objects.update_or_create(response=response, owner=owner, defaults={"is_lead": lead})
    return owner


def add_item(response, text, done=False):
    order = response.checklist.count() + 1
    return AdditionalAction.objects.create(response=response, text=text, done=done, order=order)


def add_update(response, user, note, status=Status.ON_TRACK, days_ago=0):
    return ProgressUpdate.objects.create(
        response=response,
        author=user,
        status=status,
        note=note,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
    )


def grow(trust, users, *, n=20):
    """More of everything: n responses get an overdue date, an owner, two checklist items and two updates."""
    responses = list(Response.objects.filter(organisation=trust, action__withdrawn_in__isnull=True).order_by("pk")[:n])
    owners = list(Owner.objects.filter(organisation=trust).order_by("pk"))
    for index, response in enumerate(responses):
        make_overdue(response, days=index + 1, status=Status.AT_RISK if index % 2 else Status.ON_TRACK)
        owner = owners[index % len(owners)]
        ResponseOwner.objects.get_or_create(response=response, owner=owner, defaults={"order": 9})
        for user in users:
            if hasattr(user, "owner"):
                ResponseOwner.objects.get_or_create(response=response, owner=user.owner, defaults={"order": 10})
        add_item(response, f"Extra step A {index}")
        add_item(response, f"Extra step B {index}", done=True)
        for user in users:
            add_update(response, user, f"Update {index} by {user.username}")
    return responses
