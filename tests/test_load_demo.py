"""``make run`` never overwrites real data (issue 21, point 4).

``make run`` runs ``make setup`` (``migrate``, then ``load_demo --if-empty``) every time. These tests
read those commands from the Makefile and run them, on the full demo as ``make run`` loads it,
after edits made through the pages and the admin, as a user would.
"""

import io
import shlex
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from actions.models import AdditionalAction, Plan, ProgressUpdate, Response, ResponseOwner, Theme
from owners.models import Membership, Organisation, Owner
from peopleplan.roles import HR_LEAD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]


def make_setup() -> str:
    """Run the Makefile's ``setup`` recipe (its manage.py commands) as ``make run`` does; their output."""
    lines = (ROOT / "Makefile").read_text().split("\nsetup:", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    out = io.StringIO()
    commands = [shlex.split(line.strip())[2:] for line in lines if line.strip().startswith("$(PY) manage.py")]
    assert [c[0] for c in commands] == ["migrate", "load_demo"]
    for command in commands:
        call_command(*command, stdout=out, verbosity=0 if command[0] == "migrate" else 1)
    return out.getvalue()


def response(trust, theme, ref):
    return Response.objects.get(
        organisation=trust,
        action__theme__plan__slug="people-plan-2020-21",
        action__theme__number=theme,
        action__ref=ref,
        action__organisation__isnull=True,
    )


def state(trust):
    """What a user may have edited, as comparable values."""
    hr = Group.objects.get(name=HR_LEAD)
    return {
        "trust": (trust.name, trust.ods_code),
        "plan": Plan.objects.get(slug="people-plan-2020-21").name,
        "themes": list(Theme.objects.order_by("number").values_list("name", flat=True)),
        "owners": sorted(Owner.objects.values_list("organisation_id", "initials", "name", "user_id")),
        "links": sorted(ResponseOwner.objects.values_list("response_id", "owner_id", "is_lead")),
        "checklist": sorted(AdditionalAction.objects.values_list("response_id", "text", "done")),
        "responses": sorted(Response.objects.values_list("pk", "status", "local_due_date", "local_who")),
        "updates": ProgressUpdate.objects.count(),
        "users": sorted(get_user_model().objects.values_list("username", "first_name", "password")),
        "memberships": sorted(Membership.objects.values_list("user__username", "organisation_id")),
        "hr_permissions": sorted(hr.permissions.values_list("codename", flat=True)),
        "organisations": Organisation.objects.count(),
    }


def test_make_run_twice_after_edits_keeps_every_edit(full_demo, client, hr_lead, plan_admin):
    trust = full_demo
    hw5 = response(trust, 1, 5)
    # The HR lead, through the action page: a progress update, a local due date, a checklist item edited.
    client.force_login(hr_lead)
    client.post(
        f"/actions/{hw5.pk}/update/",
        {"update-revision": hw5.revision, "update-status": "on_track", "update-note": "Backlog cleared."},
    )
    hw5.refresh_from_db()
    client.post(f"/actions/{hw5.pk}/due-date/", {"due-revision": hw5.revision, "due-local_due_date": "2027-03-31"})
    item = hw5.checklist.order_by("order").first()
    client.post(f"/actions/{hw5.pk}/checklist/{item.pk}/edit/", {"text": "Home working policy: refreshed"})
    # The administrator: the trust's name, an owner's name, an owner dropped from an action.
    client.force_login(plan_admin)
    client.post(
        f"/admin/owners/organisation/{trust.pk}/change/",
        {"name": "CCS NHS Trust", "ods_code": "RYV", "kind": "trust", "parent": ""},
    )
    owner = Owner.objects.get(organisation=trust, initials="AH")
    owner.name = "Alex Harper-Smith"
    owner.save()
    ResponseOwner.objects.filter(response=response(trust, 1, 4), owner__initials="SC").delete()
    # Elsewhere: a plan renamed, a role narrowed, a user moved, a demo account deleted.
    Plan.objects.filter(slug="people-plan-2020-21").update(name="People Plan 2020/21 (as adopted)")
    Group.objects.get(name=HR_LEAD).permissions.remove(Permission.objects.get(codename="download_export"))
    Membership.objects.filter(user__username="secretary").update(
        organisation=Organisation.objects.get(ods_code="ZZ001")
    )
    get_user_model().objects.filter(username="board.member").delete()
    trust.refresh_from_db()
    edited = state(trust)
    assert edited["trust"] == ("CCS NHS Trust", "RYV")

    first = make_setup()
    second = make_setup()

    trust.refresh_from_db()
    assert state(trust) == edited
    assert not get_user_model().objects.filter(username="board.member").exists()
    for out in (first, second):
        assert "Demo data already loaded" in out and "nothing created or changed" in out


def test_make_run_survives_an_ods_code_change(full_demo, hr_lead):
    Organisation.objects.filter(pk=full_demo.pk).update(ods_code="RYV01")
    organisations = Organisation.objects.count()
    make_setup()
    assert Organisation.objects.count() == organisations
    assert Membership.objects.get(user=hr_lead).organisation_id == full_demo.pk


def test_load_demo_without_its_marker_creates_only_what_is_missing(full_demo):
    """A database loaded before the marker existed: nothing existing is changed or moved."""
    from peopleplan.models import DemoData

    DemoData.objects.all().delete()
    Organisation.objects.filter(pk=full_demo.pk).update(name="Renamed trust")
    Organisation.objects.filter(ods_code="ZZ001").update(ods_code="ZZ901")
    Theme.objects.filter(number=1).update(name="Health, wellbeing and safety")
    item = AdditionalAction.objects.filter(response__organisation=full_demo).first()
    AdditionalAction.objects.filter(pk=item.pk).update(text="Edited")
    ResponseOwner.objects.filter(response=response(full_demo, 1, 4), owner__initials="SC").delete()
    Membership.objects.filter(user__username="secretary").update(
        organisation=Organisation.objects.get(ods_code="ZZ901")
    )
    before = state(Organisation.objects.get(pk=full_demo.pk))

    out = io.StringIO()
    call_command("load_demo", stdout=out)

    assert state(Organisation.objects.get(pk=full_demo.pk)) == before
    assert "trust RYV: created=0 updated=0" in out.getvalue()
    assert DemoData.objects.exists()


def test_make_run_on_an_empty_database_loads_the_demo_and_says_so_when_it_skips(full_demo):
    from peopleplan.models import DemoData

    assert DemoData.objects.get().with_updates
    assert ProgressUpdate.objects.exists()
    DemoData.objects.all().delete()
    out = make_setup()
    assert "The database already holds data: the demo was not loaded" in out
