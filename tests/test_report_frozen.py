"""An issued report is frozen for good: its lines cannot be deleted, and renames change nothing in it
(issue 21, point 2). On the full demo, whose ``load_demo`` issues a board report."""

import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction

from actions.models import Plan
from reports.models import BoardReport, BoardReportLine, ReportIssued

pytestmark = pytest.mark.django_db


def csv_of(report):
    out = io.StringIO()
    call_command("export_progress", "--output", "-", "--format", "csv", "--report", str(report.pk), stdout=out)
    return out.getvalue()


def report_part(page):
    """The report itself, without the site's header (which names the signed-in user's organisation)."""
    return page.content.decode().split('<div class="app-report">', 1)[1]


@pytest.fixture
def demo_report(full_demo):
    return BoardReport.objects.issued().get(organisation=full_demo)


def test_the_database_refuses_to_delete_lines_of_an_issued_report(demo_report):
    exceptions = list(demo_report.lines.filter(status__in=["off_track", "at_risk"]).values_list("pk", flat=True))
    assert len(exceptions) == 3
    before = demo_report.lines.count()
    with pytest.raises(DatabaseError), transaction.atomic():
        BoardReportLine.objects.filter(pk__in=exceptions).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        BoardReport.objects.filter(pk=demo_report.pk).delete()
    assert demo_report.lines.count() == before


def test_the_model_refuses_to_delete_a_line_of_an_issued_report(demo_report):
    with pytest.raises(ReportIssued):
        demo_report.lines.first().delete()


def test_a_draft_still_lets_go_of_its_lines(full_demo, make_report):
    draft = make_report(title="Draft")
    draft.lines.first().delete()
    assert draft.lines.count() == 101


def test_renaming_the_trust_and_the_plan_changes_nothing_in_an_issued_report(demo_report, client, secretary):
    before = csv_of(demo_report)
    client.force_login(secretary)
    page_before = report_part(client.get(f"/reports/{demo_report.pk}/"))
    organisation = demo_report.organisation
    organisation.name = "Renamed Community Health Trust"
    organisation.save()
    Plan.objects.filter(pk__in=demo_report.plans.all()).update(name="People Plan (renamed)")
    issuer = demo_report.issued_by
    issuer.first_name = "Renamed"
    issuer.save()

    assert csv_of(demo_report) == before
    assert "Cambridgeshire Community Services NHS Trust" in before and "NHS People Plan 2020/21" in before
    page = report_part(client.get(f"/reports/{demo_report.pk}/"))
    assert "Renamed" not in page and "People Plan (renamed)" not in page
    assert "Cambridgeshire Community Services NHS Trust" in page and "Sam Clarke" in page
    assert page.count("Cambridgeshire Community Services NHS Trust") == page_before.count(
        "Cambridgeshire Community Services NHS Trust"
    )
