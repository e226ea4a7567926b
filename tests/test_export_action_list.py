"""`action_list_export`: the action list's filters and sort, as the board workbook or the CSV."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Response, Status
from actions.selectors import response_list
from actions.services import response_record_update
from reports.exporters.workbook.board import THEME_COLUMNS

THEME_HEADER = [c.name for c in THEME_COLUMNS]

pytestmark = pytest.mark.django_db


def download(client, user, query=""):
    client.force_login(user)
    return client.get(reverse("action_list_export") + query)


def workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.parametrize("persona", ["hr_lead", "secretary"])
def test_hr_lead_and_secretary_download_the_workbook(client, request, persona):
    # The People Plan's list (the list itself shows every plan the trust responds to by default).
    response = download(client, request.getfixturevalue(persona), "?plan=people-plan-2020-21")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    today = datetime.date.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="ryv-people-plan-actions-{today}.xlsx"'
    book = workbook(response)
    assert book.sheetnames[:3] == ["Cover", "Summary", "Exceptions"] and "Changes" not in book.sheetnames
    assert sum(ws.max_row - 1 for ws in book.worksheets[3:]) == 102


@pytest.mark.parametrize("persona", ["board_member", "plan_admin"])
def test_other_roles_may_not_download_live_exports(client, request, persona):
    assert download(client, request.getfixturevalue(persona)).status_code == 403
    assert download(client, request.getfixturevalue(persona), "?format=csv").status_code == 403


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(reverse("action_list_export"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_workbook_shows_exactly_what_the_filtered_list_shows(client, hr_lead, trust):
    query = {"status": ["for_noting", "nfa"], "sort": "-due"}
    listed = list(response_list(organisation=trust, filters=query))
    response = download(client, hr_lead, "?status=for_noting&status=nfa&sort=-due")
    book = workbook(response)
    themes = sorted({(r.action.theme.number, r.action.theme.name) for r in listed})
    assert book.sheetnames[3:] == [f"{number} {name}"[:31] for number, name in themes]
    for ws in book.worksheets[3:]:
        number = int(ws.title.split(" ", 1)[0])
        # Within a theme, rows keep the list's order (latest due first).
        expected = [r.action.ref for r in listed if r.action.theme.number == number]
        assert [row[0] for row in ws.iter_rows(min_row=2, values_only=True)] == expected
    assert sum(ws.max_row - 1 for ws in book.worksheets[3:]) == len(listed) > 40
    status = THEME_HEADER.index("Status")
    statuses = {row[status] for ws in book.worksheets[3:] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert statuses == {"For noting", "No further action"}
    cover = dict(book["Cover"].iter_rows(min_row=2, values_only=True))
    assert cover["Filters"] == "sort: -due; status: for_noting, nfa"


def test_csv_has_the_stable_columns_and_the_same_rows(client, secretary, trust):
    response = download(client, secretary, "?format=csv&status=for_noting")
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    expected = response_list(organisation=trust, filters={"status": ["for_noting"]})
    assert [(r["Theme"], int(r["Ref"])) for r in rows] == [(x.action.theme.name, x.action.ref) for x in expected]
    assert {r["Status"] for r in rows} == {"For noting"}


def test_formula_like_notes_are_text_in_both_exports(client, hr_lead, trust):
    fw1 = Response.objects.get(organisation=trust, action__theme__name="Flexible working", action__ref=1)
    response_record_update(response=fw1, user=hr_lead, status=Status.AT_RISK, note='=HYPERLINK("http://x","y")')
    book = workbook(download(client, hr_lead, "?status=at_risk"))
    notes = [
        c
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert notes and all(c.value == '=HYPERLINK("http://x","y")' and c.data_type == "s" for c in notes)
    text = b"".join(download(client, hr_lead, "?status=at_risk&format=csv").streaming_content).decode()
    assert """"'=HYPERLINK(""http://x"",""y"")\"""" in text


def test_other_organisations_data_never_appears(client, other_hr):
    book = workbook(download(client, other_hr))
    cover = dict(book["Cover"].iter_rows(min_row=2, values_only=True))
    assert cover["Organisation"] == "Demo Other Community Trust"
    column = THEME_HEADER.index("Local owners")
    owners = {row[column] for ws in book.worksheets[3:] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert owners <= {None, ""}


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_prefix_is_neutralised_in_both_exports(client, hr_lead, trust, prefix):
    """A local action's text (stored as typed, never stripped) starting with each prefix Excel,
    LibreOffice or Sheets reads as a formula: CSV gets a leading apostrophe; xlsx a string cell
    that reads back as the literal text."""
    from actions.models import Action, Theme

    text = prefix + "cmd|' /C calc'!A0 Zq"
    theme = Theme.objects.filter(plan__slug="people-plan-2020-21").order_by("number").first()
    action = Action.objects.create(theme=theme, ref=960, text=text, organisation=trust)
    Response.objects.create(organisation=trust, action=action, status=Status.OFF_TRACK)
    book = workbook(download(client, hr_lead, "?status=off_track"))
    cells = [
        c
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and "calc'!A0 Zq" in c.value
    ]
    assert cells and all(c.value == text and c.data_type == "s" for c in cells), [(c.value, c.data_type) for c in cells]
    rows = list(
        csv.reader(
            io.StringIO(b"".join(download(client, hr_lead, "?status=off_track&format=csv").streaming_content).decode())
        )
    )
    assert any(cell == "'" + text for row in rows for cell in row)
