"""Issue 19, point 3: the assurance level is never pre-selected, issuing needs one, and board members
read issued reports only (never a draft, not even by its address)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import Plan
from reports import services
from reports.models import BoardReport

pytestmark = pytest.mark.django_db

FRONT_SHEET = {
    "title": "Bi-Annual People Plan Update",
    "meeting": "Trust Board",
    "meeting_date": "2026-01-28",
    "agenda_item": "13",
    "purpose": "noting",
    "author": "Angela Hartley",
    "executive_sponsor": "Anita Pisani",
    "as_at": "2026-01-15",
}


def test_the_new_report_form_has_no_assurance_level_chosen(client, secretary):
    client.force_login(secretary)
    html = client.get(reverse("report_create")).content.decode()
    radios = [line for line in html.split("<input") if 'name="assurance_level"' in line]
    assert len(radios) == 4  # Substantial, Reasonable, Partial, No assurance: no "---------"
    assert not any("checked" in radio.split(">")[0] for radio in radios)
    assert "You must choose one before you issue the report." in html


def test_a_draft_saved_without_a_level_shows_none_chosen(client, secretary):
    client.force_login(secretary)
    response = client.post(reverse("report_create"), FRONT_SHEET)
    report = BoardReport.objects.get(title=FRONT_SHEET["title"])
    assert response.status_code == 302 and report.assurance_level == ""
    html = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "Not chosen yet" in html and "(chosen)" not in html.split("Assurance level")[1].split("Rationale")[0]


def test_issuing_without_a_level_is_refused_by_the_service(trust, secretary):
    report = services.report_create(
        organisation=trust,
        plans=[Plan.objects.get(slug="people-plan-2020-21")],
        user=secretary,
        title="No level yet",
        meeting_date=datetime.date(2026, 1, 28),
        author="A",
        executive_sponsor="B",
        as_at=datetime.date(2026, 1, 15),
    )
    with pytest.raises(ValidationError) as refused:
        services.report_issue(report=report, user=secretary)
    assert refused.value.message_dict == {"assurance_level": ["Choose the assurance level"]}
    assert not BoardReport.objects.get(pk=report.pk).is_issued


def test_the_issue_page_refuses_and_says_what_to_do(client, secretary):
    client.force_login(secretary)
    client.post(reverse("report_create"), FRONT_SHEET)
    report = BoardReport.objects.get(title=FRONT_SHEET["title"])
    page = client.get(reverse("report_issue", args=[report.pk]))
    html = page.content.decode()
    assert "Choose the assurance level" in html and 'type="submit">Issue report' not in html
    refused = client.post(reverse("report_issue", args=[report.pk]))
    assert refused.status_code == 200 and "Choose the assurance level" in refused.content.decode()
    assert not BoardReport.objects.get(pk=report.pk).is_issued
    # Choosing a level on the front sheet lets it be issued.
    client.post(reverse("report_edit", args=[report.pk]), {**FRONT_SHEET, "assurance_level": "partial"})
    assert client.post(reverse("report_issue", args=[report.pk])).status_code == 302
    issued = BoardReport.objects.get(pk=report.pk)
    assert issued.is_issued and issued.get_assurance_level_display() == "Partial"


def test_the_demo_reports_keep_the_level_they_were_given(trust):
    from django.contrib.auth import get_user_model

    from peopleplan.demo.reports import create_demo_reports, create_demo_strategy_update

    secretary = get_user_model().objects.get(username="secretary")
    issued = create_demo_reports(trust, secretary)[0]
    draft = create_demo_strategy_update(trust, secretary)
    assert (issued.assurance_level, draft.assurance_level) == ("reasonable", "substantial")


@pytest.mark.parametrize("persona", ["board_member", "plan_admin"])
def test_a_board_member_reads_issued_reports_and_never_a_draft(client, request, make_report, persona):
    user = request.getfixturevalue(persona)
    draft = make_report(title="Draft for the secretary")
    issued = make_report(title="What the board was told", issue=True)
    client.force_login(user)
    listing = client.get(reverse("report_list")).content.decode()
    assert "What the board was told" in listing and "Draft for the secretary" not in listing
    assert client.get(reverse("report_detail", args=[issued.pk])).status_code == 200
    for name in ("report_detail", "report_workbook", "report_paper", "report_edit", "report_issue"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404, name
    assert client.post(reverse("report_refresh", args=[draft.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["secretary", "hr_lead"])
def test_those_who_prepare_a_report_read_its_draft(client, request, make_report, persona):
    draft = make_report(title="Draft for the secretary")
    client.force_login(request.getfixturevalue(persona))
    assert "Draft for the secretary" in client.get(reverse("report_list")).content.decode()
    assert client.get(reverse("report_detail", args=[draft.pk])).status_code == 200


def test_a_draft_without_a_level_still_downloads(client, secretary):
    client.force_login(secretary)
    client.post(reverse("report_create"), FRONT_SHEET)
    report = BoardReport.objects.get(title=FRONT_SHEET["title"])
    for name in ("report_workbook", "report_paper"):
        download = client.get(reverse(name, args=[report.pk]))
        assert download.status_code == 200 and b"".join(
            download.streaming_content if download.streaming else [download.content]
        )
