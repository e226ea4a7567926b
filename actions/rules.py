"""The rules about plans, actions and responses that every query applies, written once as ``Q``
builders and expressions: which plans and actions an organisation sees, what is active, when a
response is overdue and its due date. The querysets in ``actions.models`` and every selector use these;
``prefix`` reaches the object from another model (``response__``, ``theme__plan__``, …)."""

import datetime

from django.db import models
from django.db.models.functions import Coalesce

from actions.statuses import Status


def plan_visible_q(organisation, *, prefix: str = "") -> models.Q:
    """The plans an organisation sees: every national plan and its own local plans (``prefix`` reaches
    a plan from another model, e.g. ``theme__plan__``)."""
    return models.Q(**{f"{prefix}organisation__isnull": True}) | models.Q(**{f"{prefix}organisation": organisation})


def plan_order(*, prefix: str = "", descending: bool = False) -> list:
    """Plans in reading order, written once: by publication date (undated plans last), then by name
    (``descending``: the reverse)."""
    if descending:
        return [models.F(f"{prefix}published").desc(nulls_first=True), f"-{prefix}name", f"-{prefix}pk"]
    return [models.F(f"{prefix}published").asc(nulls_last=True), f"{prefix}name", f"{prefix}pk"]


def active_q(*, prefix: str = "") -> models.Q:
    """An action not withdrawn by a plan version (``prefix`` reaches the action from another model)."""
    return models.Q(**{f"{prefix}withdrawn_in__isnull": True})


def visible_q(organisation, *, prefix: str = "") -> models.Q:
    """The actions an organisation sees: the plans' own actions and its own local ones, of the plans it
    sees (national plans and its own local plans; ``plan_visible_q``)."""
    own = models.Q(**{f"{prefix}organisation__isnull": True}) | models.Q(**{f"{prefix}organisation": organisation})
    return own & plan_visible_q(organisation, prefix=f"{prefix}theme__plan__")


def overdue_q(on, *, prefix: str = "") -> models.Q:
    """The overdue rule, written once: past its due date (the local one if set, else the plan's)
    on day ``on``, and not closed. ``prefix`` reaches a response from another model."""
    past_due = models.Q(**{f"{prefix}local_due_date__lt": on}) | models.Q(
        **{f"{prefix}local_due_date__isnull": True, f"{prefix}action__due_date__lt": on}
    )
    return past_due & ~models.Q(**{f"{prefix}status__in": Status.closed()})


def is_overdue_expression(on, *, prefix: str = ""):
    """``overdue_q`` as a boolean annotation."""
    return models.Case(
        models.When(overdue_q(on, prefix=prefix), then=models.Value(True)),
        default=models.Value(False),
        output_field=models.BooleanField(),
    )


def effective_due_expression(*, prefix: str = ""):
    """A response's due date: its local due date, else the plan's."""
    return Coalesce(f"{prefix}local_due_date", f"{prefix}action__due_date")


def seen_by_its_organisation_q(*, prefix: str = "") -> models.Q:
    """``visible_q`` for responses of several organisations at once: each to the plans' own actions and
    its own organisation's local ones, of national plans and its own local plans (never another
    organisation's)."""
    own_action = models.Q(**{f"{prefix}action__organisation__isnull": True}) | models.Q(
        **{f"{prefix}action__organisation": models.F(f"{prefix}organisation")}
    )
    own_plan = models.Q(**{f"{prefix}action__theme__plan__organisation__isnull": True}) | models.Q(
        **{f"{prefix}action__theme__plan__organisation": models.F(f"{prefix}organisation")}
    )
    return own_action & own_plan


# How long an open action may go without a progress update before a system is told about it.
STALE_AFTER_DAYS = 90


def stale_q(on, *, days: int = STALE_AFTER_DAYS, prefix: str = "") -> models.Q:
    """Open (not closed) and no progress update in the ``days`` up to day ``on`` — never updated
    counts too. ``prefix`` reaches a response from another model."""
    from actions.models import ProgressUpdate

    recent = ProgressUpdate.objects.filter(
        response=models.OuterRef(f"{prefix}pk"), date__gt=on - datetime.timedelta(days=days), date__lte=on
    )
    return ~models.Q(**{f"{prefix}status__in": Status.closed()}) & ~models.Q(models.Exists(recent))


def is_stale(status, latest_update_date, on, *, days: int = STALE_AFTER_DAYS) -> bool:
    """:func:`stale_q` for a row already read (its status and its latest update's date, None if
    never updated): open, and not updated in the ``days`` up to day ``on``."""
    recent = latest_update_date is not None and on - datetime.timedelta(days=days) < latest_update_date <= on
    return status not in Status.closed() and not recent


def is_rollup_exception(status, overdue: bool, latest_update_date, on) -> bool:
    """What the roll-up pages list as an exception (``rollups.selectors.exception_q``), for a row
    already read: overdue, off track, or open with no update for 90 days. The roll-up workbook's
    Exceptions sheet uses it, so the file and the page list the same actions."""
    return overdue or status == Status.OFF_TRACK or is_stale(status, latest_update_date, on)
