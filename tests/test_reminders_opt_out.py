"""The opt-out link in a reminder: signed, expiring, works once, only for its owner, no sign-in needed."""

import re
import time

import pytest
from django.core import signing

from reminders import tokens
from reminders.models import Reminder, ReminderOptOut
from tests.reminder_helpers import ON, SITE, send, smtp, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def opt_out_path(sink, email):
    [message] = [r for r in sink.received if r.rcpt_tos == [email] and not r.subject.startswith("People Plan rem")]
    url = re.search(rf"{re.escape(SITE)}(/reminders/opt-out/[^\s<>\"]+/)", message.part("text/plain")).group(1)
    assert url in message.part("text/html")
    return url


@pytest.fixture
def links(smtp, world):
    send("--organisation", "RYV")
    return {email: opt_out_path(smtp, email) for email in ("ryv.ap@example.nhs.uk", "ryv.lc@example.nhs.uk")}


def test_the_link_asks_first_then_turns_off_only_its_owners_reminders_once(client, links, trust):
    path = links["ryv.ap@example.nhs.uk"]

    page = client.get(path)  # signed out: no sign-in needed; a GET changes nothing (mail scanners follow links)
    assert page.status_code == 200 and "Stop my reminders" in page.content.decode()
    assert not ReminderOptOut.objects.exists()

    done = client.post(path)
    assert done.status_code == 200 and "Reminders turned off" in done.content.decode()
    assert list(ReminderOptOut.objects.values_list("owner__initials", "by_link")) == [("AP", True)]

    again = client.post(path)
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert client.get(path).status_code == 410
    assert ReminderOptOut.objects.count() == 1


def test_an_opted_out_owner_is_skipped_next_month_and_named_in_the_digest(smtp, links, client, trust):
    client.post(links["ryv.ap@example.nhs.uk"])
    smtp.clear()

    lines = send("--organisation", "RYV", "--date", "2027-01-04")

    assert not smtp.to("ryv.ap@example.nhs.uk")
    assert any("Turned their reminders off: 1" in r.part("text/plain") for r in smtp.received)
    assert "skipped=1" in lines[-1]


def test_a_changed_token_does_not_work_for_another_owner(client, links, trust):
    path = links["ryv.ap@example.nhs.uk"]
    token = path.split("/")[-2]
    other = Reminder.objects.get(email="ryv.lc@example.nhs.uk")
    payload = signing.b64_encode(f'{{"r":{other.pk},"o":{other.owner_id}}}'.encode()).decode()
    forged = payload + token[token.index(":") :]

    assert client.post(f"/reminders/opt-out/{forged}/").status_code == 400
    assert client.post(path.replace(token, token[:-2] + "xx")).status_code == 400
    assert not ReminderOptOut.objects.exists()


def test_a_token_naming_another_owners_reminder_does_not_work(client, links):
    ap = Reminder.objects.get(email="ryv.ap@example.nhs.uk")
    lc = Reminder.objects.get(email="ryv.lc@example.nhs.uk")
    mixed = signing.TimestampSigner(salt=tokens.SALT).sign_object({"r": ap.pk, "o": lc.owner_id})

    assert client.post(f"/reminders/opt-out/{mixed}/").status_code == 400
    assert not ReminderOptOut.objects.exists()


def test_an_expired_link_says_so_and_changes_nothing(client, links, monkeypatch):
    reminder = Reminder.objects.get(email="ryv.ap@example.nhs.uk")
    made = time.time() - tokens.MAX_AGE.total_seconds() - 60
    monkeypatch.setattr(signing.time, "time", lambda: made)
    old = tokens.make_token(reminder)
    monkeypatch.undo()

    page = client.post(f"/reminders/opt-out/{old}/")
    assert page.status_code == 410 and "expired" in page.content.decode()
    assert not ReminderOptOut.objects.exists()
