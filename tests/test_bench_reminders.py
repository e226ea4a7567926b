"""The benchmark's reminder run: generated owners get addresses and every message reaches the SMTP sink."""

from reminders.models import ReminderDigest
from tests.bench import reminders
from tests.bench.scale_data import generate


def test_a_national_run_sends_every_generated_owner_with_something_to_say_a_message(db):
    generate(organisations=2, updates_per_response=2, local_actions=1)

    result = reminders.run_national()

    assert str(result["on"]) == "2024-04-02"  # 1 April 2024 was Easter Monday
    assert result["sent"] > 10 and result["totals"].endswith("failed=0")
    digests = ReminderDigest.objects.filter(status="sent").count()  # one per trust with news (the demo's too)
    assert result["received"] == result["sent"] + digests >= result["sent"] + 2
    assert result["seconds"] > 0
    again = reminders.run_national()  # measured afresh each time
    assert again["sent"] == result["sent"]
