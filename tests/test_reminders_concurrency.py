"""Safe on every app server at once: concurrent runs against PostgreSQL, real threads, a real SMTP server.

Each thread is what one app server's cron does at 07:00: ``send_reminders`` for the same day.
Nobody may get two messages, and every owner with something to say gets exactly one.
"""

import collections
import threading

import pytest
from django.db import connection, connections

from owners.models import Organisation, Owner
from reminders.models import Outcome, Reminder, ReminderDigest, ReminderRun
from reminders.selectors import OwnerEntry, State, reminder_plan
from reminders.services import _claim_reminder, reminders_send
from tests.reminder_helpers import ON, smtp  # noqa: F401  (fixture)

SERVERS = 6


def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections (PostgreSQL); runs in make test-postgres")


def _in_threads(target, count):
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def work(n):
        try:
            barrier.wait()
            results[n] = target(n)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
def test_runs_on_every_server_at_once_send_each_owner_one_message_and_one_digest(demo_transactional, smtp):
    _needs_postgres()
    trust = Organisation.objects.get(ods_code="RYV")
    wanted = {e.owner.email for e in reminder_plan(organisation=trust, on=ON).having(State.SEND)}
    assert len(wanted) >= 5

    totals = _in_threads(lambda n: reminders_send(on=ON, organisation=trust), SERVERS)

    per_address = collections.Counter(
        address
        for message in smtp.received
        if not message.subject.startswith("People Plan reminders")
        for address in message.rcpt_tos
    )
    assert per_address == {address: 1 for address in wanted}
    assert sum(t.sent for t in totals) == len(wanted) and sum(t.failed for t in totals) == 0
    assert sum(t.skipped for t in totals) == len(wanted) * (SERVERS - 1)
    digests = [m for m in smtp.received if m.subject.startswith("People Plan reminders")]
    assert len(digests) == 1 and ReminderDigest.objects.get().status == Outcome.SENT
    assert Reminder.objects.filter(status=Outcome.SENT).count() == len(wanted)
    assert ReminderRun.objects.filter(finished_at__isnull=False).count() == SERVERS


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_of_one_owners_reminder_are_won_by_exactly_one_run(demo_transactional):
    _needs_postgres()
    trust = Organisation.objects.get(ods_code="RYV")
    owner = Owner.objects.get(organisation=trust, initials="AP")
    entry = OwnerEntry(owner=owner, lines=[], state=State.SEND)
    runs = [ReminderRun.objects.create(organisation=trust, run_on=ON, period="2026-12") for _ in range(SERVERS)]

    won = _in_threads(lambda n: _claim_reminder(run=runs[n], entry=entry, period="2026-12"), SERVERS)

    assert sum(claim is not None for claim in won) == 1
    assert Reminder.objects.filter(owner=owner, period="2026-12").count() == 1

    # A failed reminder is claimed again by one run only, too.
    Reminder.objects.filter(owner=owner).update(status=Outcome.FAILED)
    again = _in_threads(lambda n: _claim_reminder(run=runs[n], entry=entry, period="2026-12"), SERVERS)
    assert sum(claim is not None for claim in again) == 1
