"""Write side of reminders: a run (claim, send, record), the HR leads' digest, and an owner's opt-out.

Safe on every app server at once. Before sending, a run *claims* the owner's reminder of the
period by inserting its ``Reminder`` row; the unique (owner, period) constraint lets one
insert win and the others get an IntegrityError and skip that owner. The claim is committed
before the message goes, so a second run — on another server, or later the same day — never
sends it again. A failed message is recorded as failed (not sent) and a later run of the
period may claim it again, by a conditional UPDATE that again only one run wins. The digest
is claimed the same way per (organisation, day), by the run that finishes last.

A claim whose run died between claiming and sending stays "claimed": it is never re-sent
(at most once), and after ``STALE_CLAIM`` it no longer holds back the digest.
"""

import datetime
import logging
import os
import socket
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import messages, selectors
from .models import Outcome, Reminder, ReminderDigest, ReminderOptOut, ReminderRun
from .selectors import OptOut, State

logger = logging.getLogger("reminders")
STALE_CLAIM = datetime.timedelta(minutes=30)


@dataclass
class Totals:
    sent: int = 0
    skipped: int = 0
    no_address: int = 0
    failed: int = 0

    def add(self, other: "Totals") -> None:
        self.sent += other.sent
        self.skipped += other.skipped
        self.no_address += other.no_address
        self.failed += other.failed

    @property
    def line(self) -> str:
        return f"sent={self.sent} skipped={self.skipped} no_address={self.no_address} failed={self.failed}"


def _quiet(_line):
    pass


def reminders_send(*, on: datetime.date, organisation=None, dry_run=False, report=_quiet, mailer=None) -> Totals:
    """Remind the owners of every organisation whose reminder day ``on`` is (only ``organisation`` when given).

    ``report`` receives one line per organisation (and, with ``dry_run``, per owner). With
    ``dry_run`` nothing is written and nothing is sent: the totals say what would be.
    """
    due = selectors.organisations_due(on=on, organisation=organisation)
    if organisation is not None and not due:
        settings = selectors.settings_for(organisation)
        upcoming = selectors.next_reminder_day(settings, on)
        report(
            f"{organisation.ods_code}: {on:%-d %B %Y} is not its reminder day "
            f"({'next: ' + format(upcoming, '%-d %B %Y') if upcoming else 'reminders are off'})"
        )
    totals = Totals()
    own_mailer = mailer is None and not dry_run and bool(due)
    mailer = messages.Mailer() if own_mailer else mailer
    try:
        for each, settings in due:
            plan = selectors.reminder_plan(organisation=each, on=on, settings=settings)
            if dry_run:
                totals.add(_preview(plan=plan, report=report))
            else:
                totals.add(organisation_remind(plan=plan, mailer=mailer, report=report))
    finally:
        if own_mailer:
            mailer.close()
    return totals


def _preview(*, plan, report) -> Totals:
    """``--dry-run``: who would get what; writes and sends nothing."""
    totals = Totals()
    code = plan.organisation.ods_code
    for entry in plan.entries:
        actions = "; ".join(f"{line['theme']} {line['ref']} ({', '.join(line['reasons'])})" for line in entry.lines)
        if entry.state == State.SEND:
            totals.sent += 1
            report(f"{code} {entry.owner.initials} <{entry.owner.email}> would be reminded of {actions}")
        elif entry.state == State.NO_ADDRESS:
            totals.no_address += 1
            report(f"{code} {entry.owner.initials}: no e-mail address, could not be reminded of {actions}")
        else:
            totals.skipped += 1
            why = "turned reminders off" if entry.state == State.OPTED_OUT else "already reminded this month"
            report(f"{code} {entry.owner.initials}: skipped ({why})")
    if not plan.entries:
        report(f"{code}: nobody to remind")
        return totals
    recipients = selectors.digest_recipients(organisation=plan.organisation)
    report(f"{code}: digest would go to {', '.join(recipients) or 'nobody (no HR lead with an e-mail address)'}")
    return totals


def _host() -> str:
    return f"{socket.gethostname()} pid {os.getpid()}"[:200]


def organisation_remind(*, plan, mailer, report=_quiet) -> Totals:
    """One organisation's run: claim and send each owner's reminder, then the digest; record the run."""
    run = ReminderRun.objects.create(organisation=plan.organisation, run_on=plan.on, period=plan.period, host=_host())
    totals, actions_named = Totals(), 0
    for entry in plan.entries:
        if entry.state == State.NO_ADDRESS:
            totals.no_address += 1
            continue
        reminder = _claim_reminder(run=run, entry=entry, period=plan.period) if entry.state == State.SEND else None
        if reminder is None:
            totals.skipped += 1
            continue
        error = mailer.send(messages.reminder_message(entry=entry, reminder=reminder, plan=plan))
        _record(Reminder, reminder.pk, error)
        if error:
            totals.failed += 1
            report(f"{plan.organisation.ods_code} {entry.owner.initials} <{reminder.email}>: FAILED {error}")
        else:
            totals.sent += 1
            actions_named += len(entry.lines)
    _digest_send(plan=plan, run=run, mailer=mailer, report=report)
    ReminderRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(),
        sent=totals.sent,
        skipped=totals.skipped,
        no_address=totals.no_address,
        failed=totals.failed,
        actions_named=actions_named,
    )
    report(f"{plan.organisation.ods_code} {plan.on:%Y-%m-%d}: {totals.line}")
    return totals


def _record(model, pk, error, **fields):
    if error:
        model.objects.filter(pk=pk).update(status=Outcome.FAILED, error=error, **fields)
    else:
        model.objects.filter(pk=pk).update(status=Outcome.SENT, sent_at=timezone.now(), error="", **fields)


def _claim_reminder(*, run, entry, period):
    """This run's claim of the owner's reminder of the period, or None when another run has it.

    Insert first: the unique (owner, period) constraint decides. A row that exists may be taken
    over only if its message failed (a conditional UPDATE: one run wins that too).
    """
    values = {"run": run, "email": entry.owner.email, "lines": entry.lines, "status": Outcome.CLAIMED}
    try:
        with transaction.atomic():
            return Reminder.objects.create(owner=entry.owner, period=period, **values)
    except IntegrityError:
        pass
    retaken = Reminder.objects.filter(owner=entry.owner, period=period, status=Outcome.FAILED).update(
        error="", claimed_at=timezone.now(), **values
    )
    return Reminder.objects.get(owner=entry.owner, period=period) if retaken else None


def _others_still_sending(*, plan, run) -> bool:
    recent = timezone.now() - STALE_CLAIM
    return (
        Reminder.objects.filter(
            owner__organisation=plan.organisation, period=plan.period, status=Outcome.CLAIMED, claimed_at__gte=recent
        )
        .exclude(run=run)
        .exists()
    )


def _claim_digest(*, plan, run):
    try:
        with transaction.atomic():
            return ReminderDigest.objects.create(organisation=plan.organisation, run_on=plan.on, run=run)
    except IntegrityError:
        pass
    retaken = ReminderDigest.objects.filter(
        organisation=plan.organisation, run_on=plan.on, status=Outcome.FAILED
    ).update(run=run, status=Outcome.CLAIMED, error="", claimed_at=timezone.now())
    return ReminderDigest.objects.get(organisation=plan.organisation, run_on=plan.on) if retaken else None


def _digest_send(*, plan, run, mailer, report):
    """The HR leads' digest of the day, sent once by whichever run finishes the organisation's work last."""
    if _others_still_sending(plan=plan, run=run):
        return  # the run still sending sends the digest when it finishes
    reminders = selectors.reminders_of_day(organisation=plan.organisation, on=plan.on)
    if not reminders:
        # Nothing sent or failed today: only the first digest of the month names who could not be reminded.
        unreached = plan.having(State.NO_ADDRESS) or plan.having(State.OPTED_OUT)
        if (
            not unreached
            or ReminderDigest.objects.filter(
                organisation=plan.organisation, run_on__year=plan.on.year, run_on__month=plan.on.month
            ).exists()
        ):
            return
    digest = _claim_digest(plan=plan, run=run)
    if digest is None:
        return
    recipients = selectors.digest_recipients(organisation=plan.organisation)
    if recipients:
        error = mailer.send(messages.digest_message(plan=plan, reminders=reminders, recipients=recipients))
    else:
        error = "No HR lead of the organisation has an e-mail address."
        logger.warning("Reminder digest of %s not sent: %s", plan.organisation.ods_code, error)
    _record(ReminderDigest, digest.pk, error, recipients=", ".join(recipients))
    if error:
        report(f"{plan.organisation.ods_code}: digest FAILED {error}")


def reminder_opt_out(*, token: str):
    """Turn off the reminders of the token's owner. Works once per token: (OptOut state, owner or None)."""
    state, reminder = selectors.opt_out_check(token=token)
    if state != OptOut.READY:
        return state, None
    with transaction.atomic():
        used = Reminder.objects.filter(pk=reminder.pk, owner_id=reminder.owner_id, opt_out_used_at__isnull=True)
        if not used.update(opt_out_used_at=timezone.now()):
            return OptOut.USED, None
        ReminderOptOut.objects.get_or_create(owner_id=reminder.owner_id, defaults={"by_link": True})
    return OptOut.DONE, reminder.owner
