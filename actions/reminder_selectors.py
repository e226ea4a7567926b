"""Which of an organisation's actions their owners are reminded of on a given day.

One rule, read by the owners' reminder e-mail (the ``reminders`` app) and by *My actions*, so
an owner sees on the page exactly what the reminder would list. A response is listed when it
is active (its action not withdrawn), open (not complete, for noting, NFA or NA), has an owner
of the organisation, and is

- **overdue**: past its due date (the local one, else the plan's);
- **due soon**: due between ``on`` and ``on`` + the look-ahead; or
- **stale**: no progress update for the stale period (a response never updated counts from
  the day it was created).

The windows are the organisation's own: the reminders app stores them and registers a
provider with :func:`register_windows_provider` (this app cannot import it: it sits above).
Without one, the defaults below apply.
"""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Case, F, Prefetch, Q, Value, When

from .models import ResponseOwner
from .selectors import responses_annotated

DEFAULT_LOOK_AHEAD_DAYS = 45
DEFAULT_STALE_DAYS = 60


@dataclass(frozen=True)
class Windows:
    look_ahead_days: int = DEFAULT_LOOK_AHEAD_DAYS
    stale_days: int = DEFAULT_STALE_DAYS


_windows_provider = None


def register_windows_provider(provider):
    """``provider(organisation) -> Windows``; the reminders app registers its settings here."""
    global _windows_provider
    _windows_provider = provider


def reminder_windows(organisation) -> Windows:
    """The organisation's look-ahead and stale period (one query with the reminders app, else none)."""
    return _windows_provider(organisation) if _windows_provider else Windows()


def _flag(condition):
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def reasons(response, windows: Windows) -> list[str]:
    """Why a listed response is in the reminder, in words (needs the annotations below)."""
    said = []
    if response.is_overdue:
        said.append("Overdue")
    elif response.is_due_soon:
        said.append(f"Due within {windows.look_ahead_days} days")
    if response.is_stale:
        said.append(f"No progress update for {windows.stale_days} days or more")
    return said


def reminder_responses(*, organisation, on: datetime.date, windows: Windows, user=None, with_owners=True) -> list:
    """The organisation's responses to remind owners of on ``on``: overdue first, then by due date.

    ``user`` narrows the list to the responses the user's owner record holds (*My actions*).
    Each response carries ``is_overdue``, ``is_due_soon``, ``is_stale``, the latest update
    (``latest_update_date``, ``_note``, ``_status``), ``reminder_reasons`` and, with
    ``with_owners``, ``owner_list`` (its owners of this organisation, lead first).
    Queries: one, plus one for the owners.
    """
    look_ahead_end = on + datetime.timedelta(days=windows.look_ahead_days)
    stale_before = on - datetime.timedelta(days=windows.stale_days)
    queryset = (
        responses_annotated(organisation=organisation, on=on)
        .active()
        .open()
        .annotate(
            is_due_soon=_flag(Q(effective_due__gte=on, effective_due__lte=look_ahead_end)),
            is_stale=_flag(
                Q(latest_update_date__lte=stale_before)
                | Q(latest_update_date__isnull=True, created_at__date__lte=stale_before)
            ),
        )
        .filter(Q(is_overdue=True) | Q(is_due_soon=True) | Q(is_stale=True))
    )
    owned = ResponseOwner.objects.filter(owner__organisation=organisation)
    if user is not None:
        owned = owned.filter(owner__user=user)
    queryset = queryset.filter(pk__in=owned.values("response_id"))
    if with_owners:
        queryset = queryset.prefetch_related(
            Prefetch(
                "response_owners",
                queryset=ResponseOwner.objects.filter(owner__organisation=organisation)
                .select_related("owner")
                .order_by("-is_lead", "order", "pk"),
                to_attr="owner_list",
            )
        )
    responses = list(
        queryset.order_by(
            "-is_overdue",
            F("effective_due").asc(nulls_last=True),
            "action__theme__plan__name",
            "action__theme__number",
            "action__ref",
        )
    )
    for response in responses:
        response.reminder_reasons = reasons(response, windows)
    return responses
