"""Hostile text planted in every place a user (or an imported file) can write text."""

import datetime

from actions import services
from actions.models import Action, Response, ResponseOwner, Theme
from owners.models import Owner

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE = [SCRIPT, IMG]
ESCAPED = {SCRIPT: "&lt;script&gt;alert(1)&lt;/script&gt;", IMG: "&lt;img src=x onerror=alert(1)&gt;"}


def plant_hostile_text(*, trust, hr_lead, secretary):
    """A local action, a progress note, a checklist item, an owner and a board report, all hostile."""
    from actions.models import Plan
    from reports import services as report_services

    theme = Theme.objects.filter(plan__slug="people-plan-2020-21").order_by("number").first()
    action = Action.objects.create(
        theme=theme,
        ref=950,
        text=f"Local {SCRIPT} action {IMG}",
        organisation=trust,
        due_date=datetime.date(2020, 1, 1),
    )
    response = Response.objects.create(organisation=trust, action=action)
    owner = Owner.objects.create(organisation=trust, initials="HX", name=f"Owner {IMG}")
    ResponseOwner.objects.create(response=response, owner=owner, is_lead=True, order=0)
    lead = Owner.objects.get(organisation=trust, user=hr_lead)
    ResponseOwner.objects.create(response=response, owner=lead, is_lead=False, order=1)
    item = services.checklist_item_add(response=response, user=hr_lead, text=f"Step {SCRIPT}")
    services.response_record_update(
        response=response,
        user=hr_lead,
        status="off_track",
        note=f"Note {IMG} {SCRIPT}",
        date=datetime.date(2026, 1, 10),
    )
    report = report_services.report_create(
        organisation=trust,
        plan=Plan.objects.get(slug="people-plan-2020-21"),
        user=secretary,
        title=f"Report {SCRIPT}",
        meeting="Trust Board",
        meeting_date=datetime.date(2026, 1, 28),
        agenda_item="13",
        purpose="noting",
        author=f"Author {IMG}",
        author_title="Director",
        executive_sponsor="Sponsor",
        executive_sponsor_title="CEO",
        as_at=datetime.date(2026, 1, 15),
        assurance_level="substantial",
        assurance_rationale=f"Rationale {SCRIPT} {IMG}",
    )
    return {"action": action, "response": response, "owner": owner, "item": item, "report": report}
