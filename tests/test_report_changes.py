"""Changes since the last issued report, computed from the two reports' frozen lines."""

import datetime

import pytest
from django.utils import timezone

from actions.models import Action, PlanVersion, Response, Status
from actions.services import response_record_update
from reports.models import BoardReport
from reports.selectors import previous_issued, report_changes

pytestmark = pytest.mark.django_db


def response(trust, theme, ref):
    return Response.objects.get(
        organisation=trust, action__theme__name=theme, action__ref=ref, action__organisation__isnull=True
    )


def kinds(changes):
    return sorted((row.kind, row.line.theme, row.line.ref, row.before, row.after) for row in changes.rows())


def test_the_first_report_has_nothing_to_compare_with(make_report):
    report = make_report(issue=True)
    changes = report_changes(report)
    assert changes.previous is None and not changes


def test_status_moves_completion_overdue_and_updates_are_listed(make_report, trust, hr_lead):
    first = make_report(title="January", as_at=datetime.date(2020, 10, 1), issue=True)
    fw1 = response(trust, "Flexible working", 1)
    response_record_update(
        response=fw1, user=hr_lead, status=Status.COMPLETE, note="Policy live.", date=datetime.date(2020, 10, 20)
    )
    hw4 = response(trust, "Health and wellbeing", 4)
    response_record_update(
        response=hw4, user=hr_lead, status=hw4.status, note="Another 10% done.", date=datetime.date(2020, 10, 21)
    )
    second = make_report(title="November", as_at=datetime.date(2020, 11, 1), issue=True)

    changes = report_changes(second)
    assert changes.previous == first
    moved = {(r.line.theme, r.line.ref): (r.before, r.after) for r in changes.status_moves}
    assert moved[("Flexible working", 1)][1] == "Complete"
    assert [(r.line.theme, r.line.ref) for r in changes.newly_complete] == [("Flexible working", 1)]
    updates = {(r.line.theme, r.line.ref): r.detail for r in changes.new_updates}
    assert updates[("Flexible working", 1)] == "Policy live."
    assert updates[("Health and wellbeing", 4)] == "Another 10% done."
    assert ("Health and wellbeing", 4) not in moved
    # Equality and diversity 1 fell due in October 2020 and is not closed.
    assert ("Equality and diversity", 1) in {(r.line.theme, r.line.ref) for r in changes.newly_overdue}


def test_actions_added_or_withdrawn_by_a_plan_version(make_report, trust, plan_admin):
    first = make_report(title="Before v4", issue=True)
    withdrawn = response(trust, "Recruitment", 9).action
    plan = withdrawn.theme.plan
    version = PlanVersion.objects.create(plan=plan, label="v4 2021 refresh")
    withdrawn.withdrawn_in = version
    withdrawn.save()
    added = Action.objects.create(
        theme=withdrawn.theme, ref=50, text="Publish a local recruitment promise.", who="Employers", added_in=version
    )
    Response.objects.create(organisation=trust, action=added)
    second = make_report(title="After v4", issue=True)

    changes = report_changes(second)
    assert previous_issued(second) == first
    assert [(r.kind, r.line.ref, r.detail) for r in changes.added] == [
        ("Added", 50, "Added by plan version v4 2021 refresh")
    ]
    assert [(r.kind, r.line.ref, r.detail) for r in changes.withdrawn] == [
        ("Withdrawn", 9, "Withdrawn by plan version v4 2021 refresh")
    ]


def test_a_draft_compares_with_the_latest_issued_report(make_report, trust, hr_lead):
    make_report(title="Old", issue=True)
    latest = make_report(title="Latest", issue=True)
    response_record_update(
        response=response(trust, "Recruitment", 1),
        user=hr_lead,
        status=Status.AT_RISK,
        note="Vacancy rate up.",
        date=datetime.date(2026, 1, 12),
    )
    draft = make_report(title="Draft")
    changes = report_changes(draft)
    assert changes.previous == latest
    assert [(r.line.theme, r.line.ref, r.after) for r in changes.status_moves] == [("Recruitment", 1, "At risk")]


def test_another_organisations_reports_are_never_the_previous_one(make_report, other_trust, trust):
    make_report(title="Other trust's report", organisation=other_trust, issue=True)
    mine = make_report(title="Mine", issue=True)
    assert previous_issued(mine) is None


def test_changes_follow_meeting_order_not_issue_order(full_demo, make_report):
    """Issue 21, point 6: a catch-up report issued late, as at an earlier meeting, is not "the last report"."""
    today = timezone.localdate()
    demo = BoardReport.objects.issued().get(organisation=full_demo)  # as at today, issued by load_demo
    catch_up = make_report(title="Missed October meeting", as_at=today - datetime.timedelta(days=30), issue=True)
    draft = make_report(title="Next meeting", as_at=today + datetime.timedelta(days=20))
    assert previous_issued(draft) == demo
    assert report_changes(draft).previous == demo
    # The demo report was issued first: the catch-up never becomes what it is compared with.
    assert previous_issued(demo) is None
    assert previous_issued(catch_up) is None
