"""A new board report covers a plan the organisation responds to, even after another plan is imported
(hardening point 13). Issue "Several plans" makes the plan a choice; until then this is the default."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from actions.models import Plan
from reports.models import BoardReport
from tests.import_helpers import write_csv
from tests.test_report_views import FRONT_SHEET

pytestmark = pytest.mark.django_db


def import_second_plan(tmp_path, *, published):
    rows = [
        ["Theme", "Ref", "Action", "Who", "Timeline"],
        ["Measurable objectives", 1, "Chairs and board members have EDI objectives.", "Boards", "(by March 2024)"],
    ]
    path = write_csv(tmp_path / "edi.csv", rows)
    call_command(
        "import_plan",
        str(path),
        "--label",
        "June 2023",
        "--plan",
        "zz001-own-plan",
        "--plan-name",
        "Another trust's own plan",
        "--organisation",
        "ZZ001",  # a plan the demo trust has no responses to (a national plan is everyone's)
        stdout=io.StringIO(),
    )
    Plan.objects.filter(slug="zz001-own-plan").update(published=published)


@pytest.mark.parametrize("published", [None, datetime.date(2023, 6, 8)])
def test_a_new_report_never_covers_a_plan_the_trust_has_no_responses_to(client, secretary, tmp_path, published):
    import_second_plan(tmp_path, published=published)
    client.force_login(secretary)
    assert client.post(reverse("report_create"), FRONT_SHEET).status_code == 302
    report = BoardReport.objects.get(title=FRONT_SHEET["title"])
    assert [plan.slug for plan in report.plans.all()] == ["people-plan-2020-21"]
    assert report.lines.count() == 102
