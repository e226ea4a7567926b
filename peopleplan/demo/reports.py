"""Demo board report for `load_demo` (the lead wires ``create_demo_reports`` into it)."""

from django.utils import timezone

from actions.models import Plan
from reports.models import Assurance, BoardReport, Purpose
from reports.services import report_create, report_issue

from .front_sheet import demo_front_sheet

DEMO_TITLE_PREFIX = "People Plan progress — Trust Board"


def create_demo_reports(organisation, user, *, plan=None):
    """One ISSUED report of the organisation's progress, as at today. Idempotent: returns the existing one."""
    plan = plan or Plan.objects.get(slug="people-plan-2020-21")
    existing = (
        BoardReport.objects.issued()
        .filter(organisation=organisation, plan=plan, title__startswith=DEMO_TITLE_PREFIX)
        .first()
    )
    if existing:
        return [existing]
    today = timezone.localdate()
    report = report_create(
        organisation=organisation,
        plan=plan,
        user=user,
        title=f"{DEMO_TITLE_PREFIX}, as at {today:%-d %B %Y}",
        meeting="Trust Board",
        meeting_date=today,
        agenda_item="13",
        purpose=Purpose.NOTING,
        author="Alex Harper",
        author_title="HR lead",
        executive_sponsor="Director of Workforce",
        executive_sponsor_title="Deputy CEO and Director of Workforce",
        as_at=today,
        assurance_level=Assurance.REASONABLE,
        assurance_rationale=(
            "Most actions are on track or complete; the exceptions listed in this report have named "
            "owners and recovery dates."
        ),
        **demo_front_sheet(organisation),
    )
    return [report_issue(report=report, user=user)]
