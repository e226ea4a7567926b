"""Read side of reminders: settings, who is reminded of what on a day, digest recipients, history.

``reminder_plan`` is the one answer to "what would a run send today": the command (real and
``--dry-run``) and the Reminders page's preview both call it, and it reads the actions through
``actions.reminder_selectors.reminder_responses``, as *My actions* does.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Prefetch, Q
from django.urls import reverse

from actions.reminder_selectors import Windows, reminder_responses
from owners.models import Organisation

from . import schedule, tokens
from .models import Outcome, Reminder, ReminderOptOut, ReminderRun, ReminderSettings

# The fragment of the action page where its progress-update form starts.
UPDATE_FORM_FRAGMENT = "record-update"
TEXT_LIMIT = 240
NOTE_LIMIT = 400


class State:
    SEND = "send"
    ALREADY = "already"
    OPTED_OUT = "opted_out"
    NO_ADDRESS = "no_address"


@dataclass
class OwnerEntry:
    """One owner with something to say, and what happens to them."""

    owner: object
    lines: list
    state: str
    earlier: object = None  # their Reminder of this period, when one exists

    @property
    def counts(self):
        return {
            "overdue": sum(1 for line in self.lines if line["overdue"]),
            "due_soon": sum(1 for line in self.lines if line["due_soon"]),
            "stale": sum(1 for line in self.lines if line["stale"]),
        }


@dataclass
class ReminderPlan:
    organisation: Organisation
    on: datetime.date
    settings: ReminderSettings
    entries: list = field(default_factory=list)

    @property
    def period(self):
        return schedule.period_of(self.on)

    def having(self, state):
        return [entry for entry in self.entries if entry.state == state]


def settings_for(organisation) -> ReminderSettings:
    """The organisation's settings, or the defaults (unsaved) when it has none. One query."""
    found = ReminderSettings.objects.filter(organisation=organisation).first()
    return found or ReminderSettings(organisation=organisation)


def windows_for(organisation) -> Windows:
    return settings_for(organisation).windows


def reminder_day_in(settings: ReminderSettings, on: datetime.date):
    return schedule.reminder_day(
        schedule=settings.schedule, day_of_month=settings.day_of_month, year=on.year, month=on.month
    )


def next_reminder_day(settings: ReminderSettings, on: datetime.date):
    return schedule.next_reminder_day(schedule=settings.schedule, day_of_month=settings.day_of_month, on=on)


def organisations_due(*, on: datetime.date, organisation=None) -> list:
    """[(organisation, settings)] whose reminder day ``on`` is; only ``organisation`` when given. Two queries."""
    organisations = Organisation.objects.order_by("ods_code")
    if organisation is not None:
        organisations = organisations.filter(pk=organisation.pk)
    stored = {s.organisation_id: s for s in ReminderSettings.objects.filter(organisation__in=organisations)}
    due = []
    for each in organisations:
        settings = stored.get(each.pk) or ReminderSettings(organisation=each)
        if reminder_day_in(settings, on) == on:
            due.append((each, settings))
    return due


def action_url(response_pk) -> str:
    """The action's update form, from the configured site address (never a request's Host)."""
    base = django_settings.SITE_URL.rstrip("/")
    return f"{base}{reverse('response_detail', args=[response_pk])}#{UPDATE_FORM_FRAGMENT}"


def _clip(text, limit):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _line(response) -> dict:
    """What a message says of one action: a JSON-ready snapshot, stored with the reminder as sent."""
    action = response.action
    return {
        "response_id": response.pk,
        "plan": action.theme.plan.short_name or action.theme.plan.name,
        "theme": action.theme.name,
        "ref": action.ref,
        "text": _clip(action.text, TEXT_LIMIT),
        "due": response.effective_due.isoformat() if response.effective_due else None,
        "status": response.get_status_display(),
        "status_value": response.status,
        "latest_update": response.latest_update_date.isoformat() if response.latest_update_date else None,
        "latest_note": _clip(response.latest_update_note, NOTE_LIMIT),
        "overdue": bool(response.is_overdue),
        "due_soon": bool(response.is_due_soon),
        "stale": bool(response.is_stale),
        "reasons": response.reminder_reasons,
        "url": action_url(response.pk),
    }


def reminder_plan(*, organisation, on: datetime.date, settings: ReminderSettings | None = None) -> ReminderPlan:
    """Every owner of the organisation with something to say on ``on``, in initials order.

    Queries: settings (unless given), the responses, their owners, opt-outs, this period's
    reminders — five, whatever the number of owners or actions.
    """
    settings = settings or settings_for(organisation)
    responses = reminder_responses(organisation=organisation, on=on, windows=settings.windows)
    owners, lines = {}, {}
    for response in responses:
        line = _line(response)
        for holding in response.owner_list:
            owners[holding.owner_id] = holding.owner
            lines.setdefault(holding.owner_id, []).append(line)
    opted_out = set(ReminderOptOut.objects.filter(owner_id__in=owners).values_list("owner_id", flat=True))
    earlier = {r.owner_id: r for r in Reminder.objects.filter(owner_id__in=owners, period=schedule.period_of(on))}
    plan = ReminderPlan(organisation=organisation, on=on, settings=settings)
    for owner in sorted(owners.values(), key=lambda o: (o.initials.lower(), o.pk)):
        previous = earlier.get(owner.pk)
        if owner.pk in opted_out:
            state = State.OPTED_OUT
        elif previous is not None and previous.status != Outcome.FAILED:
            state = State.ALREADY
        elif not owner.email:
            state = State.NO_ADDRESS
        else:
            state = State.SEND
        plan.entries.append(OwnerEntry(owner=owner, lines=lines[owner.pk], state=state, earlier=previous))
    return plan


def digest_recipients(*, organisation) -> list[str]:
    """E-mail addresses of the organisation's active members who receive the digest (its HR leads). One query."""
    permission = Permission.objects.filter(content_type__app_label="reminders", codename="receive_digest")
    users = (
        get_user_model()
        .objects.filter(membership__organisation=organisation, is_active=True)
        .exclude(email="")
        .filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(users)


def reminders_of_day(*, organisation, on: datetime.date) -> list:
    """This period's reminders last attempted by a run for ``on`` (any server's), with their owners. One query."""
    return list(
        Reminder.objects.filter(owner__organisation=organisation, period=schedule.period_of(on), run__run_on=on)
        .select_related("owner")
        .order_by("owner__initials", "pk")
    )


def run_history(*, organisation, limit=12) -> list:
    """The organisation's latest runs, newest first, with their reminders and digests. Three queries."""
    return list(
        ReminderRun.objects.filter(organisation=organisation)
        .prefetch_related(
            Prefetch("reminders", queryset=Reminder.objects.select_related("owner").order_by("owner__initials")),
            "digests",
        )
        .order_by("-run_on", "-started_at", "-pk")[:limit]
    )


class OptOut:
    READY = "ready"
    DONE = "done"
    USED = "used"
    EXPIRED = "expired"
    INVALID = "invalid"


def opt_out_check(*, token: str):
    """(OptOut state, the token's reminder with its owner or None), writing nothing. One query."""
    try:
        reminder_id, owner_id = tokens.read_token(token)
    except tokens.ExpiredToken:
        return OptOut.EXPIRED, None
    except tokens.InvalidToken:
        return OptOut.INVALID, None
    reminder = (
        Reminder.objects.select_related("owner", "owner__organisation")
        .filter(pk=reminder_id, owner_id=owner_id)
        .first()
    )
    if reminder is None:
        return OptOut.INVALID, None
    return (OptOut.USED if reminder.opt_out_used_at else OptOut.READY), reminder
