"""send_reminders against a real SMTP server on the loopback (aiosmtpd), not Django's locmem outbox."""

import html.parser

import pytest

from reminders.models import Outcome, Reminder, ReminderDigest, ReminderRun, ReminderSettings
from reminders.selectors import State, reminder_plan
from reminders.services import reminders_send
from tests.hostile_helpers import ESCAPED, IMG, SCRIPT
from tests.reminder_helpers import (  # noqa: F401  (fixtures)
    ON,
    OTHER_OWNER_EMAIL,
    SITE,
    SYSTEM_LEAD_EMAIL,
    SYSTEM_OWNER_EMAIL,
    hold,
    note,
    open_response,
    overdue,
    send,
    smtp,
    world,
)

pytestmark = pytest.mark.django_db
DIGEST = "People Plan reminders"
HR_LEAD_EMAIL = "hr.lead@example.nhs.uk"


def reminders_received(sink):
    return [r for r in sink.received if not r.subject.startswith(DIGEST)]


def digests_received(sink):
    return [r for r in sink.received if r.subject.startswith(DIGEST)]


def expected(trust, state=State.SEND):
    return {entry.owner.email: entry for entry in reminder_plan(organisation=trust, on=ON).having(state)}


def test_each_owner_gets_one_message_with_a_text_and_an_html_part(smtp, world, trust):
    owners = expected(trust)
    assert len(owners) >= 5

    lines = send("--organisation", "RYV")

    assert lines[-1] == f"sent={len(owners)} skipped=0 no_address=1 failed=0"
    received = reminders_received(smtp)
    assert sorted(a for r in received for a in r.rcpt_tos) == sorted(owners)  # one each, nobody else
    for message in received:
        entry = owners[message.rcpt_tos[0]]
        assert message.message.get_content_type() == "multipart/alternative"
        text, page = message.part("text/plain"), message.part("text/html")
        assert message.message["Auto-Submitted"] == "auto-generated"
        assert str(message.message["List-Unsubscribe"]).strip().startswith(f"<{SITE}/reminders/opt-out/")
        for line in entry.lines:
            url = f"{SITE}/actions/{line['response_id']}/#record-update"
            assert url in text and url in page
            assert f"{line['theme']} {line['ref']}" in text and line["status"] in text
    assert Reminder.objects.filter(owner__organisation=trust, period="2026-12", status=Outcome.SENT).count() == len(
        owners
    )


def test_the_links_open_the_action_pages_update_form(client, hr_lead, trust):
    from reminders.selectors import UPDATE_FORM_FRAGMENT, action_url

    response = open_response(trust)
    client.force_login(hr_lead)
    page = client.get(action_url(response.pk).split("#")[0].replace("http://127.0.0.1:8000", ""))
    assert f'id="{UPDATE_FORM_FRAGMENT}"' in page.content.decode()


def test_the_hr_leads_digest_says_who_was_reminded_of_what_and_who_could_not_be(smtp, world, trust):
    owners = expected(trust)

    send("--organisation", "RYV")

    [digest] = digests_received(smtp)
    assert digest.rcpt_tos == [HR_LEAD_EMAIL]
    text = digest.part("text/plain")
    assert f"Reminded: {len(owners)}" in text
    for email, entry in owners.items():
        assert f"{entry.owner.initials}" in text and email in text
    could_not = text.split("Could not be reminded")[1]
    assert "- All," in could_not
    assert "Could not be reminded" in digest.part("text/html")
    assert ReminderDigest.objects.get(organisation=trust, run_on=ON).status == Outcome.SENT


def test_a_second_run_the_same_day_or_later_in_the_month_sends_nothing(smtp, world, trust):
    first = send("--organisation", "RYV")[-1]
    smtp.clear()

    again = send("--organisation", "RYV")
    ReminderSettings.objects.create(organisation=trust, schedule="day_of_month", day_of_month=15)
    later = reminders_send(on=ON.replace(day=15), organisation=trust)

    sent = int(first.split()[0].removeprefix("sent="))
    assert again[-1] == f"sent=0 skipped={sent} no_address=1 failed=0"
    assert (later.sent, later.skipped) == (0, sent)
    assert smtp.received == []
    assert ReminderRun.objects.filter(organisation=trust).count() == 3


def test_a_refused_recipient_leaves_the_others_sent_and_the_failure_in_the_digest(smtp, world, trust, caplog):
    owners = expected(trust)
    refused = sorted(owners)[1]
    smtp.refuse(refused)

    with caplog.at_level("WARNING", logger="reminders"):
        lines = send("--organisation", "RYV")

    assert [r.getMessage() for r in caplog.records if refused in r.getMessage() and "550" in r.getMessage()]

    assert lines[-1] == f"sent={len(owners) - 1} skipped=0 no_address=1 failed=1"
    assert any("FAILED" in line and refused in line for line in lines)
    assert sorted(a for r in reminders_received(smtp) for a in r.rcpt_tos) == sorted(set(owners) - {refused})
    failed = Reminder.objects.get(email=refused, period="2026-12")
    assert failed.status == Outcome.FAILED and "550" in failed.error
    digest = digests_received(smtp)[0].part("text/plain")
    assert "Could not be sent: 1" in digest and refused in digest

    smtp.accept_all()
    smtp.clear()
    retry = send("--organisation", "RYV")  # the failed one is retried; nobody else hears twice
    assert retry[-1] == f"sent=1 skipped={len(owners) - 1} no_address=1 failed=0"
    assert [r.rcpt_tos for r in reminders_received(smtp)] == [[refused]]
    assert Reminder.objects.get(email=refused, period="2026-12").status == Outcome.SENT


def test_dry_run_prints_who_would_get_what_and_sends_and_writes_nothing(smtp, world, trust):
    owners = expected(trust)

    lines = send("--organisation", "RYV", "--dry-run")

    assert lines[-1] == f"sent={len(owners)} skipped=0 no_address=1 failed=0"
    for email, entry in owners.items():
        assert any(f"<{email}> would be reminded of" in line and entry.lines[0]["theme"] in line for line in lines)
    assert any("All: no e-mail address, could not be reminded" in line for line in lines)
    assert any(f"digest would go to {HR_LEAD_EMAIL}" in line for line in lines)
    assert smtp.received == []
    assert not Reminder.objects.exists() and not ReminderRun.objects.exists() and not ReminderDigest.objects.exists()


class _Elements(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.handlers = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]


def test_hostile_text_is_inert_in_the_html_part_and_plain_in_the_text_part(smtp, trust, hr_lead):
    response = overdue(open_response(trust, skip=5))
    owner = hr_lead.owner
    owner.name = f"Owner {IMG}"
    owner.save()
    hold(response, owner)
    note(response, f"Note {SCRIPT} {IMG}")

    send("--organisation", "RYV")

    [message] = [r for r in reminders_received(smtp) if r.rcpt_tos == [owner.email]]
    [digest] = digests_received(smtp)
    for page in (message.part("text/html"), digest.part("text/html")):
        assert SCRIPT not in page and IMG not in page
        elements = _Elements()
        elements.feed(page)
        assert "script" not in elements.tags and "img" not in elements.tags and elements.handlers == []
    assert ESCAPED[SCRIPT] in message.part("text/html") and ESCAPED[IMG] in message.part("text/html")
    assert f"Note {SCRIPT} {IMG}" in message.part("text/plain")


def test_an_ryv_run_never_writes_to_the_system_or_another_trusts_people(smtp, world, trust):
    send("--organisation", "RYV")

    everyone = {a for r in smtp.received for a in r.rcpt_tos}
    assert not everyone & {OTHER_OWNER_EMAIL, SYSTEM_OWNER_EMAIL, SYSTEM_LEAD_EMAIL}
    other_action = f"/actions/{world['other_response'].pk}/"
    assert not any(other_action in r.part("text/plain") for r in smtp.received)


def test_a_run_of_every_organisation_keeps_each_organisations_actions_to_its_own_people(smtp, world, trust):
    send()

    ryv_actions = {f"/actions/{pk}/" for pk in trust.responses.values_list("pk", flat=True)}
    for message in smtp.received:
        if {OTHER_OWNER_EMAIL, SYSTEM_OWNER_EMAIL, SYSTEM_LEAD_EMAIL} & set(message.rcpt_tos):
            assert not any(url in message.part("text/plain") for url in ryv_actions), message.rcpt_tos
    [other] = [r for r in reminders_received(smtp) if r.rcpt_tos == [OTHER_OWNER_EMAIL]]
    assert f"/actions/{world['other_response'].pk}/" in other.part("text/plain")
    ap = [r for r in reminders_received(smtp) if r.rcpt_tos == ["ryv.ap@example.nhs.uk"]]
    assert all(f"/actions/{world['other_response'].pk}/" not in r.part("text/plain") for r in ap)
    ryv_digest = [r for r in digests_received(smtp) if trust.name in r.part("text/plain")]
    assert [r.rcpt_tos for r in ryv_digest] == [[HR_LEAD_EMAIL]]


def test_no_reminders_on_a_day_that_is_not_the_reminder_day_or_when_off(smtp, world, trust):
    lines = send("--organisation", "RYV", "--date", "2026-12-02")
    ReminderSettings.objects.create(organisation=trust, schedule="off")
    off = send("--organisation", "RYV")

    assert lines[-2] == "RYV: 2 December 2026 is not its reminder day (next: 4 January 2027)"
    assert off[-2] == "RYV: 1 December 2026 is not its reminder day (reminders are off)"
    assert lines[-1] == off[-1] == "sent=0 skipped=0 no_address=0 failed=0"
    assert smtp.received == []


def test_with_the_mail_server_down_every_message_fails_is_not_marked_sent_and_the_run_finishes(settings, world, trust):
    from tests.smtp_sink import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    owners = expected(trust)

    lines = send("--organisation", "RYV")

    assert lines[-1] == f"sent=0 skipped=0 no_address=1 failed={len(owners)}"
    assert not Reminder.objects.filter(status=Outcome.SENT).exists()
    assert ReminderDigest.objects.get(organisation=trust).status == Outcome.FAILED
    assert ReminderRun.objects.get(organisation=trust).finished_at is not None
