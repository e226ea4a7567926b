"""The Reminders page (HR leads: history of runs and today's preview) and My actions' reminder list."""

import pytest
from django.urls import reverse
from django.utils import timezone

from reminders.selectors import State, reminder_plan
from reminders.services import reminders_send
from tests.pages_helpers import grow
from tests.reminder_helpers import ON, hold, overdue, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_only_the_organisations_hr_leads_and_admins_see_the_page(client, hr_lead, secretary, board_member, plan_admin):
    assert client.get(reverse("reminders")).status_code == 302  # sign in first
    for user, status in [(hr_lead, 200), (plan_admin, 200), (secretary, 403), (board_member, 403)]:
        client.force_login(user)
        assert client.get(reverse("reminders")).status_code == status, user


def test_the_preview_shows_who_would_be_reminded_today_and_who_could_not(client, hr_lead, trust, world):
    today = timezone.localdate()
    plan = reminder_plan(organisation=trust, on=today)
    client.force_login(hr_lead)

    page = client.get(reverse("reminders"))

    assert [e.owner.pk for e in page.context["to_send"]] == [e.owner.pk for e in plan.having(State.SEND)]
    html = page.content.decode()
    assert "If reminders went out today" in html
    assert "Could not be reminded: no e-mail address (1)" in html  # the group "All"
    for entry in plan.having(State.SEND):
        assert entry.owner.email in html


def test_the_history_lists_each_run_with_owners_reminded_and_actions_named(client, hr_lead, trust, mailoutbox):
    totals = reminders_send(on=ON, organisation=trust)
    client.force_login(hr_lead)

    page = client.get(reverse("reminders"))

    [run] = page.context["runs"]
    assert (run.run_on, run.sent, run.failed) == (ON, totals.sent, 0)
    assert run.actions_named == sum(len(r.lines) for r in run.reminders.all()) > 0
    html = page.content.decode()
    assert "1 December 2026" in html and "Summary to HR leads: sent" in html


def test_another_trusts_hr_lead_sees_nothing_of_this_trust(client, other_hr, trust, world, mailoutbox):
    reminders_send(on=ON, organisation=trust)
    client.force_login(other_hr)

    page = client.get(reverse("reminders"))

    assert page.context["runs"] == []
    assert all(e.owner.organisation_id == page.context["plan"].organisation.pk for e in page.context["plan"].entries)
    assert "ryv." not in page.content.decode()


def test_my_actions_lists_what_the_owners_reminder_would_today(client, hr_lead, trust):
    grow(trust, [hr_lead], n=6)
    today = timezone.localdate()
    [entry] = [e for e in reminder_plan(organisation=trust, on=today).entries if e.owner.user_id == hr_lead.pk]
    client.force_login(hr_lead)

    page = client.get(reverse("my_actions"))

    assert [r.pk for r in page.context["reminder"]] == [line["response_id"] for line in entry.lines]
    html = page.content.decode()
    for line in entry.lines:
        assert f'href="/actions/{line["response_id"]}/?from=%2Factions%2Fmine%2F#record-update"' in html


def test_reminders_page_queries_do_not_grow_with_owners_or_runs(
    client, hr_lead, trust, django_assert_num_queries, mailoutbox
):
    # 5 signed in (session, user, membership, permissions ×2), 6 settings, 7 responses to remind of,
    # 8 their owners, 9 opt-outs, 10 this month's reminders, 11 runs, 12 their reminders, 13 their digests
    reminders_send(on=ON, organisation=trust)
    client.force_login(hr_lead)
    client.get(reverse("reminders"))
    with django_assert_num_queries(13):
        client.get(reverse("reminders"))
    grow(trust, [hr_lead], n=30)
    reminders_send(on=ON.replace(year=2027, month=1, day=4), organisation=trust)
    with django_assert_num_queries(13):
        assert client.get(reverse("reminders")).status_code == 200


def test_the_admin_edits_only_its_own_organisations_reminder_settings(client, plan_admin, trust, other_trust):
    from reminders.models import ReminderSettings

    ours = ReminderSettings.objects.create(organisation=trust, schedule="day_of_month", day_of_month=15)
    theirs = ReminderSettings.objects.create(organisation=other_trust, schedule="off")
    client.force_login(plan_admin, backend="django.contrib.auth.backends.ModelBackend")

    listed = client.get("/admin/reminders/remindersettings/").context["cl"].result_list
    assert list(listed) == [ours]
    assert client.get(f"/admin/reminders/remindersettings/{theirs.pk}/change/").status_code == 302  # not found
    changed = client.post(
        f"/admin/reminders/remindersettings/{ours.pk}/change/",
        {
            "organisation": trust.pk,
            "schedule": "off",
            "day_of_month": "",
            "look_ahead_days": 30,
            "stale_days": 90,
        },
    )
    assert changed.status_code == 302
    ours.refresh_from_db()
    assert (ours.schedule, ours.look_ahead_days, ours.stale_days) == ("off", 30, 90)


def test_a_day_of_the_month_must_be_given_when_the_schedule_needs_one(client, plan_admin, trust):
    client.force_login(plan_admin, backend="django.contrib.auth.backends.ModelBackend")
    page = client.post(
        "/admin/reminders/remindersettings/add/",
        {
            "organisation": trust.pk,
            "schedule": "day_of_month",
            "day_of_month": "",
            "look_ahead_days": 45,
            "stale_days": 60,
        },
    )
    assert page.status_code == 200
    assert "Choose a day of the month from 1 to 28" in page.content.decode()
