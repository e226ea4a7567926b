"""The admin's change forms, field by field, for an organisation's plan administrator.

National plans, their themes and their actions change only through a plan-version import by a
national administrator (a superuser): for the plan admin every field is read-only and a POST is
refused. Their own local actions they may change, except which organisation an action belongs to
(and the plan versions that added or withdrew it). The URL-level rules are in
``tests/permission_matrix_admin.py``; this file holds each field.
"""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from actions.models import Action, Plan, PlanVersion, Response, Theme
from owners.models import Membership, Owner

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
ACTION_FIELDS = [
    "theme", "ref", "text", "who", "audience", "timeline", "start_date", "due_date", "timeline_readable", "milestones"
]  # fmt: skip


@pytest.fixture
def local_action(trust):
    theme = Theme.objects.get(plan__slug="people-plan-2020-21", number=3)
    return Action.objects.create(theme=theme, ref=900, text="Our own local action.", organisation=trust)


def objects(trust, hr_lead, local_action):
    return {
        "national plan": Plan.objects.get(slug="people-plan-2020-21"),
        "national theme": Theme.objects.get(plan__slug="people-plan-2020-21", number=1),
        "national action": Action.objects.get(
            theme__plan__slug="people-plan-2020-21", theme__number=1, ref=4, organisation__isnull=True
        ),
        "own local action": local_action,
        "plan version": PlanVersion.objects.first(),
        "response": Response.objects.filter(organisation=trust).first(),
        "own organisation": trust,
        "owner": Owner.objects.filter(organisation=trust).first(),
        "membership": Membership.objects.get(user=hr_lead),
        "user": hr_lead,
    }


# What the plan admin may change on each change form: every other field is shown read-only.
EDITABLE = {
    "national plan": set(),
    "national theme": set(),
    "national action": set(),
    "own local action": set(ACTION_FIELDS),
    "plan version": set(),
    "response": {"expected_revision"},  # the revision the form was opened on (hidden); the form is read-only
    "own organisation": {"name", "ods_code"},  # not its kind or its system/region
    "owner": {"initials", "name", "role", "email", "organisation", "is_group", "user"},
    "membership": {"user", "organisation"},
    "user": {"username", "password", "first_name", "last_name", "email", "is_active", "groups"},
}


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_each_change_form_offers_the_plan_admin_exactly_the_fields_they_may_change(
    client, plan_admin, trust, hr_lead, local_action
):
    client.force_login(plan_admin, backend=MODEL_BACKEND)
    wrong = {}
    for name, obj in objects(trust, hr_lead, local_action).items():
        page = client.get(change_url(obj))
        assert page.status_code == 200, name
        editable = set(page.context["adminform"].form.fields)
        if editable != EDITABLE[name]:
            wrong[name] = sorted(editable)
    assert not wrong


def posted(obj, **changes):
    """The change form's data for ``obj`` as it stands, with ``changes``."""
    data = {k: ("" if v is None else v) for k, v in model_to_dict(obj).items()}
    data = {k: ("on" if v is True else "" if v is False else v) for k, v in data.items()}
    return data | changes


@pytest.mark.parametrize(
    "field, value",
    [
        ("text", "Rewritten for everyone"),
        ("who", "Us"),
        ("timeline", "Never"),
        ("ref", 99),
        ("due_date", "2030-01-01"),
        ("organisation", "trust"),  # the take-over: make a national action the trust's own
        ("theme", "theme 2"),
    ],
)
def test_no_field_of_a_national_action_can_be_posted_by_the_plan_admin(client, plan_admin, trust, field, value):
    action = Action.objects.get(
        theme__plan__slug="people-plan-2020-21", theme__number=1, ref=4, organisation__isnull=True
    )
    before = model_to_dict(action)
    value = {"trust": trust.pk, "theme 2": Theme.objects.get(plan__slug="people-plan-2020-21", number=2).pk}.get(
        value, value
    )
    client.force_login(plan_admin, backend=MODEL_BACKEND)
    assert client.post(change_url(action), posted(action, **{field: value})).status_code == 403
    action.refresh_from_db()
    assert model_to_dict(action) == before


@pytest.mark.parametrize("name", ["national plan", "national theme"])
def test_national_plans_and_themes_cannot_be_changed_or_added(client, plan_admin, trust, hr_lead, local_action, name):
    obj = objects(trust, hr_lead, local_action)[name]
    before = model_to_dict(obj)
    client.force_login(plan_admin, backend=MODEL_BACKEND)
    assert client.post(change_url(obj), posted(obj, name="Renamed for everyone")).status_code == 403
    obj.refresh_from_db()
    assert model_to_dict(obj) == before
    add = reverse(f"admin:actions_{obj._meta.model_name}_add")
    assert client.get(add).status_code == 403


def test_the_plan_admin_cannot_record_a_plan_version_by_hand(client, plan_admin):
    client.force_login(plan_admin, backend=MODEL_BACKEND)
    assert client.get(reverse("admin:actions_planversion_add")).status_code == 403


def test_the_plan_admin_changes_their_own_local_action_but_never_its_organisation(
    client, plan_admin, trust, other_trust, local_action
):
    data = posted(local_action, text="Our own local action, revised.", organisation=other_trust.pk)
    client.force_login(plan_admin, backend=MODEL_BACKEND)
    assert client.post(change_url(local_action), data).status_code == 302
    local_action.refresh_from_db()
    assert (local_action.text, local_action.organisation) == ("Our own local action, revised.", trust)


def test_a_local_action_the_plan_admin_adds_is_their_organisations(client, plan_admin, trust, other_trust):
    theme = Theme.objects.get(plan__slug="people-plan-2020-21", number=3)
    data = {
        "theme": theme.pk,
        "ref": 901,
        "text": "Added locally",
        "audience": "employer",
        "organisation": other_trust.pk,
    }
    data |= {"timeline_readable": "on"}
    client.force_login(plan_admin, backend=MODEL_BACKEND)
    assert client.post(reverse("admin:actions_action_add"), data).status_code == 302
    assert Action.objects.get(ref=901, theme=theme).organisation == trust


def test_the_plan_admin_cannot_move_their_organisation_into_another_system(client, plan_admin, trust):
    client.force_login(plan_admin, backend=MODEL_BACKEND)
    data = {"name": trust.name, "ods_code": trust.ods_code, "kind": "region", "parent": ""}
    assert client.post(change_url(trust), data).status_code == 302
    trust.refresh_from_db()
    assert trust.kind == "trust"


def test_the_national_administrator_changes_a_national_action(client, national_admin):
    action = Action.objects.get(
        theme__plan__slug="people-plan-2020-21", theme__number=1, ref=4, organisation__isnull=True
    )
    client.force_login(national_admin, backend=MODEL_BACKEND)
    assert client.post(change_url(action), posted(action, who="Employers, revised")).status_code == 302
    action.refresh_from_db()
    assert action.who == "Employers, revised"
