"""Demo board reports for `load_demo`: an issued People Plan report, and a draft of the November 2023
bi-annual People Strategy update covering every plan the trust responds to."""

from django.utils import timezone

from actions.models import Plan
from reports.models import Assurance, BoardReport, Purpose
from reports.services import report_create, report_issue

from .front_sheet import demo_front_sheet

DEMO_TITLE_PREFIX = "People Plan progress — Trust Board"


def create_demo_reports(organisation, user, *, plans=None):
    """One ISSUED report of the organisation's People Plan progress (or of ``plans``), as at today.
    Idempotent: returns the existing one."""
    plans = list(plans if plans is not None else [Plan.objects.get(slug="people-plan-2020-21")])
    existing = (
        BoardReport.objects.issued().filter(organisation=organisation, title__startswith=DEMO_TITLE_PREFIX).first()
    )
    if existing:
        return [existing]
    today = timezone.localdate()
    report = report_create(
        organisation=organisation,
        plans=plans,
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


STRATEGY_UPDATE_TITLE = "Bi-Annual People Strategy Update"


def create_demo_strategy_update(organisation, user):
    """A DRAFT report over every plan the organisation responds to, as at today, with the front sheet of
    the trust's November 2023 paper (seed 003). Idempotent: returns the existing one."""
    existing = BoardReport.objects.filter(organisation=organisation, title=STRATEGY_UPDATE_TITLE).first()
    if existing:
        return existing
    return report_create(
        organisation=organisation,
        plans=list(Plan.objects.responded_by(organisation)),
        user=user,
        title=STRATEGY_UPDATE_TITLE,
        meeting="Trust Board",
        meeting_date=timezone.localdate(),
        agenda_item="13",
        purpose=Purpose.NOTING,
        author="Angela Hartley",
        author_title="Deputy Director of Workforce",
        executive_sponsor="Anita Pisani",
        executive_sponsor_title="Deputy CEO and Director of Workforce",
        as_at=timezone.localdate(),
        assurance_level=Assurance.SUBSTANTIAL,
        assurance_rationale=(
            "Staff Survey results, where the Trust is a top performer in the East of England and across the NHS; "
            "appraisal feedback; the WDES and WRES action plans."
        ),
    )
