"""The scale-data generator (tests.bench.scale_data): deterministic synthetic trusts with the requested counts,
real HR leads."""

import csv
import io

import pytest

from actions.models import Action, AdditionalAction, ProgressUpdate, Response, ResponseOwner, Status
from owners.models import Membership, Organisation, Owner
from peopleplan.roles import HR_LEAD
from tests.bench import scale_data
from tests.bench.scale_data import BENCH_PASSWORD, generate, hr_lead_username, ods_code, write_plan_csv


def national_actions():
    return Action.objects.filter(theme__plan__slug="people-plan-2020-21", organisation__isnull=True).active().count()


def snapshot():
    """Everything generated, by natural keys, so two runs can be compared."""
    responses = Response.objects.filter(organisation__ods_code__startswith="BT")
    return {
        "responses": sorted(
            responses.values_list(
                "organisation__ods_code",
                "action__theme__number",
                "action__ref",
                "status",
                "local_due_date",
                "local_who",
            )
        ),
        "owners": sorted(
            ResponseOwner.objects.filter(response__in=responses).values_list(
                "response__organisation__ods_code", "response__action__ref", "owner__initials", "is_lead"
            )
        ),
        "checklist": sorted(
            AdditionalAction.objects.filter(response__in=responses).values_list(
                "response__organisation__ods_code", "response__action__ref", "text", "done"
            )
        ),
        "updates": sorted(
            ProgressUpdate.objects.filter(response__in=responses).values_list(
                "response__organisation__ods_code", "response__action__ref", "date", "status", "note"
            )
        ),
    }


def delete_generated():
    organisations = Organisation.objects.filter(ods_code__startswith="BT")
    Response.objects.filter(organisation__in=organisations).delete()
    Action.objects.filter(organisation__in=organisations).delete()
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username__startswith="hr.bt").delete()
    Owner.objects.filter(organisation__in=organisations).delete()
    organisations.delete()
    Organisation.objects.filter(ods_code__startswith="BS").delete()


def test_counts_are_as_requested(db):
    result = generate(organisations=2, updates_per_response=3, local_actions=2)
    per_trust = national_actions() + 2
    assert result.organisations == 2
    assert result.responses == 2 * per_trust
    assert Response.objects.filter(organisation__ods_code__in=[ods_code(1), ods_code(2)]).count() == 2 * per_trust
    assert ProgressUpdate.objects.filter(response__organisation__ods_code=ods_code(1)).count() == per_trust * 3
    assert result.updates == 2 * per_trust * 3
    assert Owner.objects.filter(organisation__ods_code=ods_code(1)).count() == 18


def test_each_trust_has_an_hr_lead_who_can_sign_in_and_owns_actions(db, client):
    generate(organisations=1, updates_per_response=1, local_actions=0)
    membership = Membership.objects.select_related("user", "organisation").get(user__username=hr_lead_username(1))
    user = membership.user
    assert membership.organisation.ods_code == ods_code(1)
    assert list(user.groups.values_list("name", flat=True)) == [HR_LEAD]
    assert user.owner.organisation == membership.organisation
    assert user.check_password(BENCH_PASSWORD)
    assert membership.organisation.parent.kind == Organisation.Kind.SYSTEM
    client.force_login(user)
    assert client.get("/").status_code == 200


def test_same_seed_gives_the_same_data_and_growing_equals_building_at_once(db):
    generate(organisations=1, updates_per_response=2, local_actions=1, seed=7)
    generate(organisations=2, updates_per_response=2, local_actions=1, seed=7)
    grown = snapshot()
    delete_generated()
    generate(organisations=2, updates_per_response=2, local_actions=1, seed=7)
    assert snapshot() == grown
    delete_generated()
    generate(organisations=2, updates_per_response=2, local_actions=1, seed=8)
    assert snapshot() != grown


def test_running_again_adds_nothing(db):
    generate(organisations=1, updates_per_response=1, local_actions=0)
    again = generate(organisations=1, updates_per_response=1, local_actions=0)
    assert again.organisations == again.responses == again.updates == 0


def test_spread_is_realistic(db):
    generate(organisations=3, updates_per_response=4, local_actions=5)
    responses = Response.objects.filter(organisation__ods_code__startswith="BT")
    statuses = set(responses.values_list("status", flat=True))
    assert {Status.ON_TRACK, Status.AT_RISK, Status.COMPLETE, Status.FOR_NOTING} <= statuses
    owned = responses.exclude(status=Status.FOR_NOTING)
    assert ResponseOwner.objects.filter(response__in=owned, is_lead=True).count() == owned.count()
    dates = ProgressUpdate.objects.filter(response__in=responses).values_list("date", flat=True)
    assert (max(dates) - min(dates)).days > 3 * 365
    assert responses.filter(local_due_date__gt="2024-03-31", local_due_date__lte="2024-04-30").exists()
    latest = ProgressUpdate.objects.filter(response=owned.first()).first()
    assert latest.status == owned.first().status
    assert AdditionalAction.objects.filter(response__in=responses).exists()


def test_generated_rows_write_no_history(db):
    generate(organisations=1, updates_per_response=1, local_actions=0)
    assert not ProgressUpdate.history.filter(response__organisation__ods_code=ods_code(1)).exists()


def test_command_prints_what_it_added(db):
    out = io.StringIO()
    scale_data.main(["--organisations", "1", "--updates-per-response", "1"], stdout=out)
    assert out.getvalue().startswith("organisations=1 ")


@pytest.mark.parametrize("actions", [9, 50])
def test_synthetic_plan_csv_has_n_distinct_actions(tmp_path, db, actions):
    path = tmp_path / "plan.csv"
    scale_data.main(["--plan-actions", str(actions), "--output", str(path)], stdout=io.StringIO())
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == actions
    assert list(rows[0]) == ["Theme", "Ref", "Action", "Who", "Timeline"]
    assert len({(r["Theme"], r["Ref"]) for r in rows}) == actions
    assert write_plan_csv(tmp_path / "again.csv", actions=actions) == actions
    assert (tmp_path / "again.csv").read_text() == path.read_text()
