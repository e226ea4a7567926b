"""`peopleplan.demo.reports.create_demo_reports`: one issued report for the demo trust, idempotent."""

import pytest

from peopleplan.demo.reports import create_demo_reports
from reports.models import BoardReport

pytestmark = pytest.mark.django_db


def test_creates_one_issued_report_once(trust, secretary):
    (report,) = create_demo_reports(trust, secretary)
    assert report.is_issued and report.issued_by == secretary
    assert report.title.startswith("People Plan progress — Trust Board, as at ")
    assert report.lines.count() == 102
    assert create_demo_reports(trust, secretary) == [report]
    assert BoardReport.objects.filter(organisation=trust).count() == 1
