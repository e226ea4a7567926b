"""A backup restored into an empty database gives an identical export."""

import io

import pytest
from django.core.management import call_command

from actions.models import Response, Status
from actions.services import response_record_update


def export(ods="RYV"):
    out = io.StringIO()
    call_command("export_progress", "--output", "-", "--format", "csv", "--organisation", ods, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_an_empty_database_with_an_identical_export(demo_transactional, tmp_path):
    from django.contrib.auth import get_user_model

    hr_lead = get_user_model().objects.get(username="hr.lead")
    response = Response.objects.get(
        organisation__ods_code="RYV",
        action__theme__plan__slug="people-plan-2020-21",
        action__theme__number=1,
        action__ref=5,
    )
    response_record_update(response=response, user=hr_lead, status=Status.AT_RISK, note='=HYPERLINK("x") & £10m – ok')
    before = export()
    history_before = Response.history.count()
    backup = tmp_path / "backup.json"
    call_command("backup_data", "--output", str(backup), stdout=io.StringIO())

    call_command("flush", "--noinput")
    assert Response.objects.count() == 0
    call_command("loaddata", str(backup), verbosity=0)

    assert export() == before
    assert Response.history.count() == history_before
    assert get_user_model().objects.get(username="hr.lead").check_password("people-plan-demo")
