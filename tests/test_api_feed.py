"""The Power BI feed: one stable URL per organisation, the whole flat table as CSV — exactly what
``export_progress --format csv`` writes — and the same rows and columns as JSON, streamed."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from actions.spreadsheet.cells import csv_cell
from actions.spreadsheet.columns import CSV_HEADER
from tests.api_helpers import clear_rate_limits, key_client, new_key, systems
from tests.pages_helpers import add_item, add_update, hw_response, make_overdue

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    clear_rate_limits()


@pytest.fixture
def busy_trust(trust, hr_lead):
    """Overdue dates, a progress note with awkward text and a checklist item that looks like a formula."""
    response = make_overdue(hw_response(trust))
    add_update(response, hr_lead, 'Quotes "here", commas, and\na new line — £10m', status="at_risk")
    add_item(response, '=HYPERLINK("x") stays text')
    return trust


def export_progress_csv(ods, *options) -> str:
    out = io.StringIO()
    call_command("export_progress", "--format", "csv", "--organisation", ods, *options, "--output", "-", stdout=out)
    return out.getvalue()


def feed(client, ods, fmt="csv", query=""):
    answer = client.get(reverse(f"api:feed-{fmt}", args=[ods]) + query)
    assert answer.status_code == 200, answer.content[:300]
    assert answer.streaming
    return answer, b"".join(answer.streaming_content).decode("utf-8")


def test_the_csv_feed_is_export_progress_byte_for_byte(busy_trust):
    answer, text = feed(key_client(new_key(busy_trust)), "RYV")
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    expected = export_progress_csv("RYV")
    assert text == expected
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == CSV_HEADER and len(rows) > 100
    assert any('=HYPERLINK("x") stays text' in row[CSV_HEADER.index("Additional actions")] for row in rows)


def test_the_json_feed_has_the_same_rows_and_columns(busy_trust):
    answer, text = feed(key_client(new_key(busy_trust)), "RYV", "json")
    assert answer["Content-Type"] == "application/json"
    records = json.loads(text)
    rows = list(csv.reader(io.StringIO(export_progress_csv("RYV"))))
    assert [list(record) for record in records] == [rows[0]] * len(records)
    assert [[csv_cell(value) for value in record.values()] for record in records] == rows[1:]
    first = records[0]
    assert isinstance(first["Ref"], int) and (first["Due date"] is None or len(first["Due date"]) == 10)


def test_the_feed_takes_the_key_as_power_bis_query_parameter(trust):
    secret = new_key(trust)
    answer, text = feed(Client(), "RYV", query=f"?api_key={secret}")
    assert text == export_progress_csv("RYV")


def test_the_feed_answers_whatever_the_client_accepts(trust):
    answer = key_client(new_key(trust)).get(reverse("api:feed-csv", args=["RYV"]), HTTP_ACCEPT="text/csv")
    assert answer.status_code == 200
    answer = key_client(new_key(trust)).get(reverse("api:feed-csv", args=["RYV"]), HTTP_ACCEPT="application/xml")
    assert answer.status_code == 200


def test_the_feed_chooses_the_plan_as_the_command_does(trust):
    client = key_client(new_key(trust))
    _, text = feed(client, "RYV", query="?plan=people-plan-2020-21")
    assert text == export_progress_csv("RYV")
    assert client.get(reverse("api:feed-csv", args=["RYV"]) + "?plan=no-such-plan").status_code == 404
    assert client.get(reverse("api:feed-csv", args=["RYV"]) + "?page=2").status_code == 400


def test_a_systems_key_reads_its_member_trusts_feed(trust):
    system = systems()["QUE"]
    _, text = feed(key_client(new_key(system)), "RYV")
    assert text == export_progress_csv("RYV")


def test_a_systems_own_feed_is_its_roll_up_as_export_progress_writes_it(busy_trust):
    client = key_client(new_key(systems()["QUE"]))
    _, text = feed(client, "QUE")
    assert text == export_progress_csv("QUE")
    organisations = {row["Organisation"] for row in csv.DictReader(io.StringIO(text))}
    assert busy_trust.name in organisations and len(organisations) > 1  # every member trust, one file
    _, every_plan = feed(client, "QUE", query="?plan=all")
    assert every_plan == export_progress_csv("QUE", "--plan", "all")
    plans = {row["Plan"] for row in csv.DictReader(io.StringIO(every_plan))}
    assert len(plans) > 1  # the People Plan and the EDI improvement plan at least
    _, as_json = feed(client, "QUE", "json")
    rows = list(csv.reader(io.StringIO(text)))
    assert [[csv_cell(value) for value in record.values()] for record in json.loads(as_json)] == rows[1:]


@pytest.mark.parametrize("ods,user", [("QUE", "ics.lead"), ("Y61", "region.lead")])
def test_a_leads_feeds_open_for_them_in_both_formats(client, ods, user):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=user))
    for fmt in ("csv", "json"):
        answer, text = feed(client, ods, fmt)
        assert text.strip() not in ("", "[]") and len(text.splitlines()) > 100


@pytest.mark.parametrize(
    "role,status", [("hr_lead", 200), ("secretary", 200), ("board_member", 403), ("plan_admin", 403)]
)
def test_signed_in_people_need_the_download_permission_as_on_the_action_list(client, request, role, status):
    client.force_login(request.getfixturevalue(role), backend=MODEL_BACKEND)
    answer = client.get(reverse("api:feed-csv", args=["RYV"]))
    assert answer.status_code == status
