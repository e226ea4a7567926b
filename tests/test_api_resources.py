"""The read-only API's resources, read with an API key and signed in: what each returns, how it pages,
filters and sorts, and that it is the action list's data."""

import pytest
from django.urls import reverse

from actions.models import Action, Response
from actions.selectors import response_list
from tests.api_helpers import all_pages, clear_rate_limits, key_client, new_key
from tests.pages_helpers import add_update, hw_response, make_overdue

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    clear_rate_limits()


@pytest.fixture
def api(trust):
    return key_client(new_key(trust))


def test_the_root_links_every_resource(api):
    body = api.get("/api/v1/").json()
    assert set(body) == {
        "plans",
        "themes",
        "actions",
        "organisations",
        "responses",
        "updates",
        "reports",
        "schema",
        "docs",
    }
    assert body["responses"] == "http://testserver/api/v1/responses/"


def test_responses_are_the_action_lists_rows_with_status_owners_checklist_latest_update_and_due(api, trust, hr_lead):
    response = make_overdue(hw_response(trust))
    add_update(response, hr_lead, "Wellbeing guardians recruited.", status="at_risk")
    rows = all_pages(api, reverse("api:response-list") + "?page_size=200")
    expected = list(response_list(organisation=trust))
    assert [row["id"] for row in rows] == [r.pk for r in expected]
    row = next(r for r in rows if r["id"] == response.pk)
    assert row["organisation"] == "RYV"
    assert row["status"] == response.status and row["status_label"] == "On track"
    assert row["overdue"] is True and row["due_date"] == response.local_due_date.isoformat()
    assert row["latest_update"]["note"] == "Wellbeing guardians recruited."
    assert row["latest_update"]["status"] == "at_risk"
    assert row["action"]["theme"]["name"] == "Health and wellbeing"
    assert row["action"]["plan"] == "people-plan-2020-21"
    owned = next(r for r in rows if r["owners"])
    assert {"initials", "name", "is_group", "is_lead"} <= set(owned["owners"][0])
    listed = next(r for r in rows if r["checklist"])
    assert {"id", "text", "done"} == set(listed["checklist"][0])


def test_responses_filter_as_the_action_list_does(api, trust):
    make_overdue(hw_response(trust))
    for query in ["status=on_track&status=at_risk", "overdue=true", "q=wellbeing", "audience=system", "sort=-due"]:
        rows = all_pages(api, reverse("api:response-list") + f"?page_size=200&{query}")
        from django.http import QueryDict

        expected = [r.pk for r in response_list(organisation=trust, filters=QueryDict(query.replace("true", "on")))]
        assert [row["id"] for row in rows] == expected, query
        assert rows, query


def test_pages_carry_count_next_and_previous(api, trust):
    first = api.get(reverse("api:response-list") + "?page_size=10").json()
    total = Response.objects.of(trust).active().count()
    assert first["count"] == total and len(first["results"]) == 10
    assert first["previous"] is None and first["next"].endswith("?page=2&page_size=10")
    second = api.get(first["next"]).json()
    assert second["previous"] is not None and second["results"][0]["id"] != first["results"][0]["id"]


def test_one_response_reads_like_a_row_of_the_list(api, trust):
    response = hw_response(trust)
    row = api.get(reverse("api:response-detail", args=[response.pk])).json()
    assert row["id"] == response.pk and row["action"]["ref"] == response.action.ref


def test_actions_carry_their_plan_version_and_include_own_local_actions(api, trust):
    rows = all_pages(api, reverse("api:action-list") + "?page_size=200")
    local = Action.objects.filter(organisation=trust)
    assert local.exists() and {a.pk for a in local} <= {row["id"] for row in rows}
    assert all(row["added_in"] is None or {"id", "label"} == set(row["added_in"]) for row in rows)
    assert any(row["added_in"] for row in rows)
    assert {row["organisation"] for row in rows} == {None, "RYV"}


def test_plans_themes_and_organisations(api, trust):
    plans = api.get(reverse("api:plan-list")).json()["results"]
    assert "people-plan-2020-21" in [p["slug"] for p in plans]
    assert plans[0]["versions"] and "label" in plans[0]["versions"][0]
    themes = api.get(reverse("api:theme-list") + "?plan=people-plan-2020-21").json()
    assert themes["count"] == 9
    organisations = api.get(reverse("api:organisation-list")).json()["results"]
    assert [o["ods_code"] for o in organisations] == ["RYV"]
    assert organisations[0]["feed_csv"] == "http://testserver/api/v1/feed/RYV.csv"
    detail = api.get(reverse("api:organisation-detail", args=["RYV"])).json()
    assert detail["name"] == trust.name


def test_progress_updates_page_newest_first_and_filter_by_date_since(api, trust, hr_lead):
    response = hw_response(trust)
    old = add_update(response, hr_lead, "An old note.", days_ago=400)
    new = add_update(response, hr_lead, "A new note.", days_ago=1)
    rows = all_pages(api, reverse("api:update-list") + "?page_size=200")
    assert [r["id"] for r in rows][:1] == [new.pk] and old.pk in [r["id"] for r in rows]
    since = (new.date).isoformat()
    recent = all_pages(api, reverse("api:update-list") + f"?since={since}")
    assert new.pk in [r["id"] for r in recent] and old.pk not in [r["id"] for r in recent]
    assert all(r["date"] >= since for r in recent)
    assert recent[0]["author"] == "Alex Harper" and recent[0]["organisation"] == "RYV"


def test_issued_reports_and_their_lines_but_never_drafts(api, make_report):
    draft = make_report(title="A draft")
    issued = make_report(title="Issued", issue=True)
    rows = api.get(reverse("api:report-list")).json()["results"]
    assert [r["id"] for r in rows] == [issued.pk]
    assert rows[0]["line_count"] == issued.lines.count() > 0
    assert api.get(reverse("api:report-detail", args=[draft.pk])).status_code == 404
    assert api.get(reverse("api:report-lines", args=[draft.pk])).status_code == 404
    lines = all_pages(api, rows[0]["lines"] + "?page_size=200")
    frozen = list(issued.lines.order_by("order", "pk"))
    assert [(line["theme"], line["ref"], line["status"]) for line in lines] == [
        (f.theme_name, f.ref, f.status) for f in frozen
    ]


def test_a_signed_in_member_reads_the_same_as_the_organisations_key(client, api, board_member):
    client.force_login(board_member, backend=MODEL_BACKEND)
    url = reverse("api:response-list") + "?page_size=200&status=on_track"
    assert client.get(url).json() == api.get(url).json()


def test_responses_are_never_cached(api):
    assert api.get(reverse("api:response-list"))["Cache-Control"] == "private, no-store"
