"""The demo tree (``peopleplan.demo.system``): region → systems → trusts, generated member trusts
with plausible, deterministic data, and a ``load_demo`` that only creates what is missing."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from actions.models import Plan, ProgressUpdate, Response, ResponseOwner, Status
from owners.models import Membership, Organisation, Owner
from peopleplan.demo.generated import generate_responses
from peopleplan.demo.system import GENERATED_TRUSTS

pytestmark = pytest.mark.django_db
PLAN = "people-plan-2020-21"


def _snapshot(organisation):
    responses = Response.objects.filter(organisation=organisation).order_by("action__theme__number", "action__ref")
    return [
        (
            r.action_id,
            r.status,
            r.local_due_date,
            [ro.owner.initials for ro in r.response_owners.order_by("order")],
            list(r.checklist.order_by("order").values_list("text", "done")),
            list(r.updates.order_by("date").values_list("date", "status", "note")),
        )
        for r in responses
    ]


def test_the_system_has_the_demo_trust_and_two_generated_demo_trusts(system):
    members = Organisation.objects.filter(parent=system).order_by("ods_code")
    assert [m.ods_code for m in members] == ["RYV", "ZZ101", "ZZ102"]
    for ods, name in GENERATED_TRUSTS:
        trust = members.get(ods_code=ods)
        assert trust.name == name and name.startswith("Demo ") and "(demo data)" in name
        assert trust.kind == Organisation.Kind.TRUST


@pytest.mark.parametrize("ods", [ods for ods, _ in GENERATED_TRUSTS])
def test_generated_trusts_are_plausible_varied_statuses_some_overdue_some_stale(ods):
    trust = Organisation.objects.get(ods_code=ods)
    today = timezone.localdate()
    responses = Response.objects.of(trust).active().with_due(today)
    statuses = set(responses.values_list("status", flat=True))
    assert {Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.COMPLETE, Status.FOR_NOTING} <= statuses
    assert responses.filter(is_overdue=True).exists()
    assert responses.filter(is_overdue=False).open().exclude(local_due_date=None).exists()
    assert ResponseOwner.objects.filter(response__organisation=trust, is_lead=True).count() > 40
    updates = ProgressUpdate.objects.filter(response__organisation=trust)
    assert updates.filter(date__gte=today - datetime.timedelta(days=30)).exists()
    assert updates.filter(date__lt=today - datetime.timedelta(days=90)).exists()
    # An update's status ends where the response is.
    for response in responses.exclude(status__in=[Status.NOT_STARTED, Status.FOR_NOTING])[:20]:
        assert response.updates.order_by("-date").first().status == response.status


def test_generation_is_deterministic(system):
    trust = Organisation.objects.get(ods_code="ZZ101")
    today = timezone.localdate()
    before = _snapshot(trust)
    Response.objects.filter(organisation=trust).delete()
    made = generate_responses(organisation=trust, plan=Plan.objects.get(slug=PLAN), today=today)
    assert made == len(before)
    assert _snapshot(trust) == before


def test_the_system_has_its_own_responses_and_its_hr_lead_owns_some(system, system_hr):
    responses = Response.objects.filter(organisation=system)
    assert responses.count() > 5
    assert Owner.objects.get(organisation=system, initials="JP").user == system_hr
    assert Membership.objects.get(user=system_hr).organisation == system


def test_loading_again_creates_nothing_and_changes_nothing(capsys):
    models = [Organisation, Response, ResponseOwner, ProgressUpdate, Owner, Membership]
    before = {m.__name__: m.objects.count() for m in models}
    call_command("load_demo", "--no-updates")
    assert {m.__name__: m.objects.count() for m in models} == before
    assert "Demo data already loaded" in capsys.readouterr().out
    # The tree itself only creates what is missing, even when run again past the demo's marker.
    from actions.models import Plan
    from peopleplan.demo.system import ensure_demo_tree

    tree = ensure_demo_tree(
        plan=Plan.objects.get(slug="people-plan-2020-21"),
        demo_trust=Organisation.objects.get(ods_code="RYV"),
        other_trust=Organisation.objects.get(ods_code="ZZ001"),
    )
    assert tree.generated == 0
    assert {m.__name__: m.objects.count() for m in models} == before


def test_loading_again_never_overwrites(trust, other_system):
    generated = Response.objects.filter(organisation__ods_code="ZZ102").order_by("pk").first()
    generated.status = Status.NOT_APPLICABLE
    generated.local_due_date = datetime.date(2030, 1, 1)
    generated.save()
    trust.parent = other_system  # an administrator moved RYV: the demo loader leaves it there
    trust.save()
    Organisation.objects.filter(ods_code="ZZ101").update(name="Renamed locally")
    call_command("load_demo", "--no-updates", stdout=open("/dev/null", "w"))
    generated.refresh_from_db()
    trust.refresh_from_db()
    assert (generated.status, generated.local_due_date) == (Status.NOT_APPLICABLE, datetime.date(2030, 1, 1))
    assert trust.parent == other_system
    assert Organisation.objects.get(ods_code="ZZ101").name == "Renamed locally"
