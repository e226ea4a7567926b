"""A deployment works without the demo (issue 21, point 5): roles come from ``migrate``; a new
organisation, however it is added, gets its responses; a new plan gives every organisation its
responses; ``setup_organisation`` (and its admin page) sets up a trust and its first administrator.
The end-to-end walk on an empty PostgreSQL database is ``tests/test_deploying.py``."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from actions.models import Action, Response
from owners.models import Membership, Organisation
from peopleplan.roles import PLAN_ADMIN, ROLE_PERMISSIONS
from tests.import_helpers import PLAN_HEADER, write_csv

pytestmark = pytest.mark.django_db


def setup(**overrides):
    options = {
        "ods_code": "RGT",
        "name": "Cambridge University Hospitals NHS Foundation Trust",
        "admin_username": "jo.bloggs",
        "admin_email": "jo.bloggs@nhs.net",
        "admin_name": "Jo Bloggs",
    } | overrides
    out = io.StringIO()
    args = [f"--{k.replace('_', '-')}={v}" for k, v in options.items()]
    call_command("setup_organisation", *args, stdout=out)
    return out.getvalue()


def national_actions() -> int:
    """Every active action of the national plans (a new organisation responds to each)."""
    return Action.objects.filter(theme__plan__organisation__isnull=True, organisation__isnull=True).active().count()


def test_migrate_alone_makes_the_roles(full_demo):
    # full_demo emptied the database (flush runs what migrate runs afterwards) before load_demo.
    Group.objects.all().delete()
    call_command("migrate", "--noinput", verbosity=0)
    for name, permissions in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        assert group.permissions.count() == len(permissions)


def test_setup_organisation_makes_the_trust_its_responses_and_its_administrator(full_demo, monkeypatch, client):
    monkeypatch.setenv("SETUP_ADMIN_PASSWORD", "Correct-Horse-Battery-9")
    out = setup()
    trust = Organisation.objects.get(ods_code="RGT")
    assert f"responses={national_actions()}" in out  # the People Plan's 101 and the EDI plan's 20
    assert Response.objects.filter(organisation=trust).count() == national_actions()
    admin = get_user_model().objects.get(username="jo.bloggs")
    assert admin.is_staff and not admin.is_superuser
    assert list(admin.groups.values_list("name", flat=True)) == [PLAN_ADMIN]
    assert Membership.objects.get(user=admin).organisation == trust
    signed_in = client.post("/accounts/login/", {"username": "jo.bloggs", "password": "Correct-Horse-Battery-9"})
    assert signed_in.status_code == 302
    assert f"{national_actions()} actions" in client.get("/actions/").content.decode()


def test_setup_organisation_refuses_a_taken_code_and_changes_nothing(full_demo, monkeypatch):
    monkeypatch.setenv("SETUP_ADMIN_PASSWORD", "Correct-Horse-Battery-9")
    before = Organisation.objects.count(), get_user_model().objects.count()
    with pytest.raises(CommandError, match="ODS code RYV already exists"):
        setup(ods_code="RYV", admin_username="someone.new")
    with pytest.raises(CommandError, match="too short"):
        monkeypatch.setenv("SETUP_ADMIN_PASSWORD", "short")
        setup()
    assert (Organisation.objects.count(), get_user_model().objects.count()) == before


def test_an_organisation_added_in_the_admin_gets_its_responses(full_demo, client, plan_admin):
    client.force_login(plan_admin)
    response = client.post(
        "/admin/owners/organisation/add/", {"name": "Newcomer Trust", "ods_code": "ZZ009", "kind": "trust"}
    )
    assert response.status_code == 302
    assert Response.objects.filter(organisation__ods_code="ZZ009").count() == national_actions()


def test_the_set_up_page_is_for_superusers_and_runs_the_same_service(full_demo, client, plan_admin):
    client.force_login(plan_admin)
    assert client.get("/admin/owners/organisation/setup/").status_code == 403
    root = get_user_model().objects.create_superuser("root", "root@example.nhs.uk", "Root-Password-123")
    client.force_login(root)
    assert "Set up an organisation" in client.get("/admin/owners/organisation/").content.decode()
    password = "Correct-Horse-Battery-9"
    response = client.post(
        "/admin/owners/organisation/setup/",
        {
            "name": "Cambridge University Hospitals NHS Foundation Trust",
            "ods_code": "rgt",
            "kind": "trust",
            "admin_username": "jo.bloggs",
            "admin_email": "jo.bloggs@nhs.net",
            "admin_password": password,
            "admin_password2": password,
        },
    )
    assert response.status_code == 302
    assert Response.objects.filter(organisation__ods_code="RGT").count() == national_actions()
    assert get_user_model().objects.get(username="jo.bloggs").check_password(password)


def test_a_new_plan_gives_every_organisation_its_responses(full_demo, tmp_path):
    rows = [
        PLAN_HEADER,
        ["Measurable objectives", 1, "Chairs and board members have EDI objectives.", "Employers", "By March 2024"],
        ["Recruitment", 2, "Overhaul recruitment processes.", "Employers", "By October 2023"],
    ]
    call_command(
        "import_plan",
        str(write_csv(tmp_path / "edi.csv", rows)),
        "--label=June 2023",
        "--plan=a-new-national-plan",
        "--plan-name=A new national plan",
        stdout=io.StringIO(),
    )
    for ods in ("RYV", "ZZ001"):
        assert (
            Response.objects.filter(organisation__ods_code=ods, action__theme__plan__slug="a-new-national-plan").count()
            == 2
        )


def test_load_plan_loads_the_plan_without_any_demo(full_demo):
    out = io.StringIO()
    call_command("load_plan", stdout=out)
    assert out.getvalue().startswith("plan people-plan-2020-21: created=0 updated=0")
