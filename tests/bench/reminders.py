"""``reminders_s``: one ``send_reminders`` run for a national deployment, into a local SMTP sink.

Every generated trust (≈ 220, ≈ 18 owners each: ≈ 4,000 owners) on its reminder day after the
generator's fixed date (31 March 2024 → Tuesday 2 April 2024, Easter Monday being the 1st).
Owners get addresses first (the generator makes none). The messages go over SMTP to an
aiosmtpd server on the loopback that counts and discards them (``tests.smtp_sink``).
"""

import datetime
import time

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.test.utils import override_settings

from owners.models import Owner
from reminders.models import ReminderRun
from reminders.schedule import next_reminder_day
from reminders.services import reminders_send
from tests.smtp_sink import SmtpSink

from .scale_data import ODS_PREFIX

GENERATED_ON = datetime.date(2024, 3, 31)


def give_owners_addresses() -> int:
    """Every generated owner without an address gets ``owner-<id>@bench.example.nhs.uk`` (one UPDATE)."""
    return Owner.objects.filter(organisation__ods_code__startswith=ODS_PREFIX, email="").update(
        email=Concat(Value("owner-"), Cast("pk", CharField()), Value("@bench.example.nhs.uk"))
    )


def run_national(on: datetime.date | None = None) -> dict:
    """Time one run for every organisation; returns seconds, the totals and what the sink received."""
    on = on or next_reminder_day(schedule="first_working_day", day_of_month=None, on=GENERATED_ON)
    give_owners_addresses()
    ReminderRun.objects.filter(run_on=on).delete()  # a fresh run (its reminders and digests go with it)
    with (
        SmtpSink(keep=False) as sink,
        override_settings(**sink.email_settings(), SITE_URL="https://bench.example.nhs.uk"),
    ):
        started = time.perf_counter()
        totals = reminders_send(on=on)
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "on": on,
        "totals": totals.line,
        "sent": totals.sent,
        "received": sink.count,
        "owners": Owner.objects.filter(organisation__ods_code__startswith=ODS_PREFIX).count(),
    }
