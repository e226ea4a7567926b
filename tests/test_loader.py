"""The reference-data loader: idempotent, and faithful to the fixtures."""

import pytest
from django.core.management import call_command

from actions.models import Action, AdditionalAction, Plan, Response, ResponseOwner, Theme
from owners.models import Owner

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Plan, Theme, Action, Response, ResponseOwner, AdditionalAction, Owner)
    }


def test_loading_twice_changes_nothing(capsys):
    before = counts()
    call_command("load_demo", "--no-updates")
    assert counts() == before
    out = capsys.readouterr().out
    assert "plan people-plan-2020-21: created=0 updated=0" in out
    assert "trust RYV: created=0 updated=0" in out


def test_the_plan_has_9_themes_and_101_national_actions():
    plan = Plan.objects.get(slug="people-plan-2020-21")
    assert plan.themes.count() == 9
    assert Action.objects.filter(theme__plan=plan, organisation__isnull=True).count() == 101


def test_loading_keeps_local_edits(trust, hr_lead):
    response = Response.objects.get(
        organisation=trust, action__theme__plan__slug="people-plan-2020-21", action__theme__number=1, action__ref=1
    )
    item = response.checklist.first()
    item.text = "Edited locally"
    item.save()
    call_command("load_demo", "--no-updates")
    item.refresh_from_db()
    assert item.text == "Edited locally"
    assert response.checklist.count() == 1


def test_messy_owner_tokens_never_become_invented_owners(trust):
    initials = set(Owner.objects.filter(organisation=trust).values_list("initials", flat=True))
    for token in ("RFCL", "AHJW", "HRPBs", "with", "support", "CCS", "Wider Exec"):
        assert token not in initials
    assert {"RF", "CL", "AH", "JW", "HRBPs", "Wider exec"} <= initials


def test_the_review_list_names_each_messy_token_with_its_line():
    from actions.reference.load import review_items

    tokens = {item["token"]: item for item in review_items()}
    assert tokens["RFCL"]["suggestion"] == ["RF", "CL"]
    assert tokens["AHJW"]["suggestion"] == ["AH", "JW"]
    assert tokens["HRPBs"]["suggestion"] == ["HRBPs"]
    for token in ("RFCL", "AHJW", "HRPBs"):
        assert tokens[token]["line"] > 0 and tokens[token]["column"] == "Who"
