"""A board report shows each action as it stood at the end of its as-at day (issue 21, point 1).

On the full demo as ``make run`` loads it: the illustrative progress updates are dated 120 to 10
days ago, so a report as at 30 days ago must not carry the update dated 10 days ago.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from actions.models import AdditionalAction, Response, ResponseOwner, Status
from actions.services import checklist_item_add, response_record_update, response_update_details
from reports.sources import FrozenReport

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def line(report, theme, ref):
    return report.lines.get(theme_number=theme, ref=ref)


def response(trust, theme, ref):
    return Response.objects.get(
        organisation=trust,
        action__theme__plan__slug="people-plan-2020-21",
        action__theme__number=theme,
        action__ref=ref,
        action__organisation__isnull=True,
    )


def as_if_loaded(days):
    """Move every history row back ``days`` days: the demo as if ``make run`` had loaded it then."""
    shift = datetime.timedelta(days=days)
    for model in (Response, ResponseOwner, AdditionalAction):
        model.history.update(history_date=F("history_date") - shift)
    Response.objects.update(created_at=F("created_at") - shift)


def test_an_update_dated_after_the_as_at_day_is_not_in_the_report(full_demo, make_report):
    # The demo records "Risk assessments for new starters: 70% completed" on Health and wellbeing 4,
    # dated 10 days ago, and moves it to At risk.
    report = make_report(title="As at 30 days ago", as_at=days_ago(30))
    hw4 = line(report, 1, 4)
    assert hw4.latest_update_note == "" and hw4.latest_update_date is None
    assert hw4.status == Status.NOT_STARTED  # as the v3 tracker had it, before the update
    # Health and wellbeing 10: On track 120 days ago, Complete 45 days ago.
    hw10 = line(report, 1, 10)
    assert (hw10.status, hw10.latest_update_date) == (Status.COMPLETE, days_ago(45))
    earlier = make_report(title="As at 60 days ago", as_at=days_ago(60))
    assert (line(earlier, 1, 10).status, line(earlier, 1, 10).latest_update_date) == (Status.ON_TRACK, days_ago(120))
    today = make_report(title="As at today", as_at=timezone.localdate())
    assert (line(today, 1, 4).status, line(today, 1, 4).latest_update_date) == (Status.AT_RISK, days_ago(10))


def test_changes_made_after_the_as_at_day_are_left_out(full_demo, make_report, hr_lead, plan_admin):
    as_if_loaded(90)
    rec2 = response(full_demo, 7, 2)
    was = rec2.status
    hw5 = response(full_demo, 1, 5)
    # Today: a status change, a new local due date, a checklist item added, an owner dropped.
    response_record_update(response=rec2, user=hr_lead, status=Status.OFF_TRACK, note="Stalled at JCNP.")
    response_update_details(response=hw5, user=hr_lead, status=hw5.status, local_due_date=datetime.date(2026, 12, 31))
    checklist_item_add(response=hw5, user=hr_lead, text="Added today")
    link = hw5.response_owners.order_by("order").last()
    link.delete()

    yesterday = make_report(title="As at yesterday", as_at=days_ago(1))
    assert was != Status.OFF_TRACK
    assert line(yesterday, 7, 2).status == was
    assert line(yesterday, 7, 2).latest_update_note == ""
    assert "Added today" not in line(yesterday, 1, 5).checklist
    assert line(yesterday, 1, 5).owners == "LC/RF/CL/JG"
    assert line(yesterday, 1, 5).due_date != datetime.date(2026, 12, 31)

    today = make_report(title="As at today", as_at=timezone.localdate())
    assert (line(today, 7, 2).status, line(today, 7, 2).latest_update_note) == (Status.OFF_TRACK, "Stalled at JCNP.")
    assert line(today, 1, 5).checklist.endswith("Added today")
    assert line(today, 1, 5).owners == "LC/RF/CL"
    assert line(today, 1, 5).due_date == datetime.date(2026, 12, 31)


def test_an_update_written_late_counts_from_its_date(full_demo, make_report, hr_lead):
    as_if_loaded(90)
    rec1 = response(full_demo, 7, 1)
    response_record_update(
        response=rec1, user=hr_lead, status=Status.ON_TRACK, note="Written up late.", date=days_ago(5)
    )
    report = make_report(title="As at 3 days ago", as_at=days_ago(3))
    assert (line(report, 7, 1).status, line(report, 7, 1).latest_update_note) == (Status.ON_TRACK, "Written up late.")
    before = make_report(title="As at 6 days ago", as_at=days_ago(6))
    assert line(before, 7, 1).status == Status.NOT_STARTED


def test_the_report_page_and_the_workbook_cover_say_how_the_figures_were_made(
    full_demo, make_report, client, secretary
):
    report = make_report(title="As at 30 days ago", as_at=days_ago(30))
    statement = f"Each action as it stood at the end of {days_ago(30):%-d %B %Y}"
    client.force_login(secretary)
    assert statement in client.get(f"/reports/{report.pk}/").content.decode()
    cover = dict(FrozenReport(report).front_sheet().rows)
    assert cover["Figures"].startswith(statement)
    assert "latest progress update dated on or before the as-at date" in cover["Figures"]


def test_export_of_the_report_matches_its_as_at_day(full_demo, make_report):
    report = make_report(title="As at 30 days ago", as_at=days_ago(30))
    out = io.StringIO()
    call_command("export_progress", "--output", "-", "--format", "csv", "--report", str(report.pk), stdout=out)
    assert "70% completed at induction" not in out.getvalue()


def test_rebuilding_the_lines_makes_the_same_queries_however_long_the_history(
    full_demo, hr_lead, django_assert_num_queries
):
    from reports.lines import lines_as_at

    as_at = days_ago(1)
    # The responses with owners and checklists (3); the history of responses, owner links and checklist
    # items (3); owners' initials (none missing here).
    with django_assert_num_queries(6):
        lines_as_at(organisation=full_demo, as_at=as_at)
    for n in range(20):
        rec = response(full_demo, 7, 1 + n % 5)
        response_record_update(response=rec, user=hr_lead, status=Status.ON_TRACK, note=f"Update {n}")
        checklist_item_add(response=rec, user=hr_lead, text=f"Step {n}")
    with django_assert_num_queries(6):
        lines_as_at(organisation=full_demo, as_at=as_at)
