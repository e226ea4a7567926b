"""Fixtures and builders for the reminder tests (import the fixtures into a test module to use them).

``world`` adds to the demo: an owner with no address holding an overdue action (the group
"All"), another trust's owner (ZZ001) with an overdue action of their own, a system (QUE,
parent of RYV) with its own owner and a system lead user, and an RYV owner wrongly linked to
the other trust's response — none of whom an RYV run may write to.
"""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from actions.models import Action, ProgressUpdate, Response, ResponseOwner, Status
from owners.models import Membership, Organisation, Owner
from peopleplan.roles import HR_LEAD
from tests.smtp_sink import SmtpSink

ON = datetime.date(2026, 12, 1)  # a Tuesday: the first working day of December 2026
SITE = "https://tracker.example.nhs.uk"
OTHER_OWNER_EMAIL = "zz.owner@example.nhs.uk"
SYSTEM_OWNER_EMAIL = "que.owner@example.nhs.uk"
SYSTEM_LEAD_EMAIL = "system.lead@example.nhs.uk"


@pytest.fixture
def smtp(settings):
    """A real SMTP server on the loopback; Django sends to it, links use SITE."""
    with SmtpSink() as sink:
        for name, value in sink.email_settings().items():
            setattr(settings, name, value)
        settings.SITE_URL = SITE
        settings.DEFAULT_FROM_EMAIL = "People Plan Tracker <tracker@example.nhs.uk>"
        yield sink


def send(*args) -> list[str]:
    """``send_reminders --date ON`` with ``args``; its output lines."""
    out = io.StringIO()
    call_command("send_reminders", "--date", ON.isoformat(), *args, stdout=out)
    return out.getvalue().splitlines()


def overdue(response, *, days=10):
    response.local_due_date = ON - datetime.timedelta(days=days)
    response.status = Status.ON_TRACK
    response.save()
    return response


def hold(response, owner, *, lead=False):
    ResponseOwner.objects.update_or_create(response=response, owner=owner, defaults={"is_lead": lead, "order": 5})
    return response


def open_response(organisation, *, ref=None, skip=0):
    queryset = (
        Response.objects.filter(
            organisation=organisation, action__withdrawn_in__isnull=True, action__organisation__isnull=True
        )
        .exclude(status__in=Status.closed())
        .order_by("action__theme__number", "action__ref")
    )
    return queryset.filter(action__ref=ref).first() if ref else queryset[skip]


def note(response, text, *, days_ago=3):
    return ProgressUpdate.objects.create(
        response=response, status=response.status, note=text, date=ON - datetime.timedelta(days=days_ago)
    )


@pytest.fixture
def world(trust, other_trust):
    everyone = Owner.objects.get(organisation=trust, initials="All")
    assert everyone.email == ""
    hold(overdue(open_response(trust, skip=3)), everyone)

    other_response = overdue(open_response(other_trust))
    other_owner = Owner.objects.create(
        organisation=other_trust, initials="ZO", name="Zed Other", email=OTHER_OWNER_EMAIL
    )
    hold(other_response, other_owner, lead=True)
    hold(other_response, Owner.objects.get(organisation=trust, initials="AP"))  # a wrong link across trusts

    system = Organisation.objects.get(ods_code="QUE")  # the demo trust's system (peopleplan.demo.system)
    assert trust.parent_id == system.pk
    action = Action.objects.filter(organisation__isnull=True, withdrawn_in__isnull=True).order_by("pk").first()
    system_response = overdue(Response.objects.get_or_create(organisation=system, action=action)[0])
    system_owner = Owner.objects.create(
        organisation=system, initials="SO", name="System Owner", email=SYSTEM_OWNER_EMAIL
    )
    hold(system_response, system_owner, lead=True)
    lead = get_user_model().objects.create(username="system.lead", email=SYSTEM_LEAD_EMAIL)
    lead.groups.add(Group.objects.get(name=HR_LEAD))
    Membership.objects.create(user=lead, organisation=system)
    return {
        "all": everyone,
        "other_owner": other_owner,
        "other_response": other_response,
        "system": system,
        "system_owner": system_owner,
        "system_lead": lead,
    }
