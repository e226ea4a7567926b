"""Board report pages: who may do what, scoping to the organisation, and the frozen record."""

import datetime

import pytest
from django.urls import reverse

from actions.models import Response, Status
from actions.services import response_record_update
from reports.models import BoardReport

pytestmark = pytest.mark.django_db

FRONT_SHEET = {
    "title": "Bi-Annual People Plan Update",
    "meeting": "Trust Board",
    "meeting_date": "2026-01-28",
    "agenda_item": "13",
    "purpose": "noting",
    "author": "Angela Hartley",
    "author_title": "Deputy Director of Workforce",
    "executive_sponsor": "Anita Pisani",
    "executive_sponsor_title": "Deputy CEO and Director of Workforce",
    "as_at": "2026-01-15",
    "assurance_level": "substantial",
    "assurance_rationale": "Staff survey results.",
}


@pytest.fixture
def draft(make_report):
    return make_report(title="Draft report")


@pytest.fixture
def issued(make_report):
    return make_report(title="Issued report", issue=True)


def get(client, user, name, *args, **query):
    client.force_login(user)
    return client.get(reverse(name, args=args), query)


@pytest.mark.parametrize("persona", ["secretary", "hr_lead", "board_member", "plan_admin"])
def test_everyone_in_the_organisation_reads_reports_and_downloads_their_workbook(client, request, issued, persona):
    user = request.getfixturevalue(persona)
    assert get(client, user, "report_list").status_code == 200
    page = get(client, user, "report_detail", issued.pk)
    assert page.status_code == 200 and "Issued report" in page.content.decode()
    workbook = get(client, user, "report_workbook", issued.pk)
    assert workbook.status_code == 200
    assert workbook["Content-Disposition"] == f'attachment; filename="ryv-board-report-{issued.pk}-2026-01-15.xlsx"'


@pytest.mark.parametrize("name", ["report_detail", "report_edit", "report_issue", "report_workbook"])
def test_another_organisations_user_gets_404(client, other_hr, issued, draft, name):
    assert get(client, other_hr, name, draft.pk).status_code == 404
    client.force_login(other_hr)
    assert client.post(reverse("report_refresh", args=[draft.pk])).status_code == 404


def test_the_list_shows_only_the_users_organisations_reports(client, other_hr, issued):
    assert "Issued report" not in get(client, other_hr, "report_list").content.decode()


# A board member or plan admin does not see a draft at all (404, issue 19); the HR lead reads it (403 to change).
@pytest.mark.parametrize("persona, refused", [("hr_lead", 403), ("board_member", 404), ("plan_admin", 404)])
def test_only_the_board_secretary_creates_edits_refreshes_and_issues(client, request, draft, persona, refused):
    user = request.getfixturevalue(persona)
    assert get(client, user, "report_create").status_code == 403
    assert client.post(reverse("report_create"), FRONT_SHEET).status_code == 403
    assert get(client, user, "report_edit", draft.pk).status_code == refused
    assert client.post(reverse("report_refresh", args=[draft.pk])).status_code == refused
    assert client.post(reverse("report_issue", args=[draft.pk])).status_code == refused
    assert not BoardReport.objects.get(pk=draft.pk).is_issued
    detail = get(client, user, "report_detail", draft.pk)
    assert detail.status_code == (200 if refused == 403 else 404)
    assert "Issue report" not in detail.content.decode()


def test_the_secretary_creates_a_draft_from_the_front_sheet(client, secretary):
    client.force_login(secretary)
    response = client.post(reverse("report_create"), FRONT_SHEET)
    report = BoardReport.objects.get(title="Bi-Annual People Plan Update")
    assert response.status_code == 302 and response["Location"] == reverse("report_detail", args=[report.pk])
    assert report.lines.count() == 102 and not report.is_issued
    assert (report.meeting_date, report.assurance_level) == (datetime.date(2026, 1, 28), "substantial")


def test_the_form_keeps_what_was_typed_when_something_is_missing(client, secretary):
    client.force_login(secretary)
    response = client.post(reverse("report_create"), {**FRONT_SHEET, "author": "", "agenda_item": "13b"})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert 'value="Bi-Annual People Plan Update"' in html and 'value="13b"' in html
    assert 'name="meeting_date-day" type="text" inputmode="numeric" value="28"' in html
    assert 'name="meeting_date-year" type="text" inputmode="numeric" value="2026"' in html
    assert "Staff survey results." in html


def test_issuing_asks_for_confirmation_first(client, secretary, draft):
    page = get(client, secretary, "report_issue", draft.pk)
    assert page.status_code == 200 and "Issuing freezes the report" in page.content.decode()
    assert not BoardReport.objects.get(pk=draft.pk).is_issued
    response = client.post(reverse("report_issue", args=[draft.pk]))
    assert response.status_code == 302
    assert BoardReport.objects.get(pk=draft.pk).issued_by == secretary


def test_an_issued_report_cannot_be_edited_refreshed_or_reissued(client, secretary, issued):
    client.force_login(secretary)
    for name in ("report_edit", "report_issue"):
        response = client.get(reverse(name, args=[issued.pk]), follow=True)
        assert "has been issued" in response.content.decode()
    response = client.post(reverse("report_refresh", args=[issued.pk]), follow=True)
    assert "has been issued" in response.content.decode()
    response = client.post(reverse("report_edit", args=[issued.pk]), {**FRONT_SHEET, "title": "Rewritten"})
    assert response.status_code == 302
    assert BoardReport.objects.get(pk=issued.pk).title == "Issued report"


def test_the_page_keeps_showing_what_the_board_was_told(client, secretary, hr_lead, trust, issued, make_report):
    fw1 = Response.objects.get(organisation=trust, action__theme__name="Flexible working", action__ref=1)
    response_record_update(
        response=fw1,
        user=hr_lead,
        status=Status.OFF_TRACK,
        note="Flexible working policy stalled",
        date=datetime.date(2026, 2, 1),
    )
    html = get(client, secretary, "report_detail", issued.pk).content.decode()
    assert "Flexible working policy stalled" not in html
    later = make_report(title="Next report", as_at=datetime.date(2026, 2, 15), issue=True)
    html = get(client, secretary, "report_detail", later.pk).content.decode()
    assert "Flexible working policy stalled" in html
    assert "Status moved" in html and "Issued report" in html  # compared with the earlier report


def test_the_page_has_front_sheet_summary_exceptions_changes_and_appendix_in_order(client, board_member, issued):
    html = get(client, board_member, "report_detail", issued.pk).content.decode()
    headings = [
        "Front sheet",
        "Summary: 102 actions",
        "Exceptions:",
        "Changes since the last report",
        "Appendix: every action by theme",
    ]
    positions = [html.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "Substantial" in html and "Deputy CEO and Director of Workforce" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert "style=" not in html and "<script>" not in html


def test_user_text_is_escaped_on_the_page(client, secretary, hr_lead, trust, make_report):
    fw1 = Response.objects.get(organisation=trust, action__theme__name="Flexible working", action__ref=1)
    # Dated before the report's as-at date (15 January 2026), so the report shows it (issue 21, point 1).
    response_record_update(
        response=fw1,
        user=hr_lead,
        status=Status.AT_RISK,
        note="<b>bold</b> & <script>x</script>",
        date=datetime.date(2026, 1, 10),
    )
    report = make_report(title="<i>Escaped</i>")
    html = get(client, secretary, "report_detail", report.pk).content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<i>Escaped</i>" not in html


def test_the_report_page_runs_a_fixed_number_of_queries(client, board_member, issued, django_assert_num_queries):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from owners.access import require_organisation

    # Finding the user's organisation is owners.access's business (1 or 2 queries): measure it.
    fresh = get_user_model().objects.get(pk=board_member.pk)
    with CaptureQueriesContext(connection) as lookup:
        require_organisation(fresh)
    lookup_queries = len(lookup)  # read now: each request resets the connection's query log
    client.force_login(board_member)
    url = reverse("report_detail", args=[issued.pk])
    client.get(url)
    # session, user, the organisation lookup, the report (joined: organisation, plan, issued_by),
    # its frozen lines, the previous issued report (none). An issued report needs no permission
    # check for the edit buttons, and the lines are not re-read for the changes. The menu's
    # "Import updates" link checks the user's permissions: user permissions, group permissions.
    with django_assert_num_queries(2 + lookup_queries + 3 + 2):
        client.get(url)
