"""The report page's board paper: the front-sheet form (objectives, BAF risks), the page showing it,
and the Word download for every member of the organisation (404 for anyone else)."""

import pytest
from django.urls import reverse

from reports.models import BafRisk, BoardReport, StrategicObjective

from .paper_helpers import front_sheet, open_paper
from .test_report_views import FRONT_SHEET, get

pytestmark = pytest.mark.django_db


@pytest.fixture
def objectives(trust):
    return {o.name: o for o in StrategicObjective.objects.filter(organisation=trust)}


@pytest.fixture
def risk(trust):
    return BafRisk.objects.create(organisation=trust, reference="BAF 3", title="Workforce supply")


def paper_form(objectives, risk, **extra):
    employer = objectives["Be an excellent employer"].pk
    return {
        **FRONT_SHEET,
        "executive_summary": "An update on the People Plan.",
        "recommendation": "To note.",
        "assurance_action": "No action required",
        "equality_objectives": "Included in this report.",
        "legal_requirements": "CQC outcomes",
        f"objective_{employer}": "on",
        f"objective_{employer}_support": "Improvements in line with the People Plan.",
        "baf_risks": [risk.pk],
        **extra,
    }


def test_the_secretary_fills_the_front_sheet_with_objectives_and_risks(client, secretary, objectives, risk):
    client.force_login(secretary)
    page = client.get(reverse("report_create")).content.decode()
    for name in objectives:
        assert name in page
    assert "Workforce supply" in page and "Executive summary" in page and "Assurance action" in page
    response = client.post(reverse("report_create"), paper_form(objectives, risk))
    assert response.status_code == 302
    report = BoardReport.objects.get(title=FRONT_SHEET["title"])
    employer = objectives["Be an excellent employer"]
    assert report.objectives == [
        {"objective": employer.pk, "name": employer.name, "support": "Improvements in line with the People Plan."}
    ]
    assert report.baf_risks == [{"risk": risk.pk, "reference": "BAF 3", "title": "Workforce supply"}]
    assert (report.executive_summary, report.legal_requirements) == ("An update on the People Plan.", "CQC outcomes")
    html = get(client, secretary, "report_detail", report.pk).content.decode()
    for text in ("An update on the People Plan.", "Be an excellent employer", "BAF 3 Workforce supply", "CQC outcomes"):
        assert text in html


def test_editing_the_front_sheet_keeps_and_changes_the_choices(client, secretary, objectives, risk, make_report):
    report = make_report(objectives=[(objectives["Be sustainable"], "Supply")], baf_risks=[risk])
    client.force_login(secretary)
    page = client.get(reverse("report_edit", args=[report.pk])).content.decode()
    sustainable = objectives["Be sustainable"].pk
    assert f'name="objective_{sustainable}" type="checkbox" value="on" checked' in page and "Supply" in page
    response = client.post(reverse("report_edit", args=[report.pk]), paper_form(objectives, risk, baf_risks=[]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert [item["name"] for item in report.objectives] == ["Be an excellent employer"]
    assert report.baf_risks == []


def test_writing_about_an_objective_without_ticking_it_is_an_error_that_keeps_the_text(
    client, secretary, objectives, risk
):
    client.force_login(secretary)
    collaborative = objectives["Be collaborative"].pk
    form = paper_form(objectives, risk, **{f"objective_{collaborative}_support": "Work with the ICS"})
    response = client.post(reverse("report_create"), form)
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "Tick “Be collaborative” to include it" in html and "Work with the ICS" in html
    assert not BoardReport.objects.filter(title=FRONT_SHEET["title"]).exists()


def test_another_organisations_risk_cannot_be_posted(client, secretary, objectives, risk, other_trust):
    theirs = BafRisk.objects.create(organisation=other_trust, title="Their risk")
    client.force_login(secretary)
    response = client.post(reverse("report_create"), paper_form(objectives, risk, baf_risks=[theirs.pk]))
    assert response.status_code == 200 and "risks: choose one of the options listed" in response.content.decode()


@pytest.mark.parametrize("persona", ["secretary", "hr_lead", "board_member", "plan_admin"])
def test_every_member_downloads_the_word_paper_from_the_report_page(client, request, make_report, persona):
    report = make_report(title="Issued report", issue=True)
    user = request.getfixturevalue(persona)
    html = get(client, user, "report_detail", report.pk).content.decode()
    url = reverse("report_paper", args=[report.pk])
    assert f'href="{url}" download>Board paper (Word)' in html
    assert f'href="{url}?format=pdf" download>Board paper (PDF)' in html
    response = get(client, user, "report_paper", report.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == f'attachment; filename="ryv-board-paper-{report.pk}-2026-01-15.docx"'
    assert front_sheet(open_paper(b"".join(response.streaming_content)))["Title"] == "Issued report"


@pytest.mark.parametrize("query", [{}, {"format": "pdf"}])
def test_another_organisations_user_gets_404_for_the_paper(client, other_hr, make_report, query):
    report = make_report(issue=True)
    client.force_login(other_hr)
    assert client.get(reverse("report_paper", args=[report.pk]), query).status_code == 404


def test_an_unknown_paper_format_is_404(client, board_member, make_report):
    report = make_report(issue=True)
    for format in ("xlsx", "html"):
        assert get(client, board_member, "report_paper", report.pk, format=format).status_code == 404
