"""Uploads waiting between preview and confirm live in the database, where every app server sees them,
capped per user and removed at expiry (hardening point 12)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from actions.imports import uploads
from actions.models import PendingUpload, Plan
from reports.exporters import exporter_for
from reports.sources import LiveList
from tests.test_round_trip import edit_csv

UPLOAD = "/imports/responses/"


def live_csv(trust) -> bytes:
    stream = io.BytesIO()
    source = LiveList(trust, plan=Plan.objects.get(slug="people-plan-2020-21"))
    exporter_for(source, "csv").write(source, stream, bom=True)
    return stream.getvalue()


def post_file(client, data, name="board.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_a_user_keeps_at_most_three_uploads_the_oldest_goes(client, hr_lead, trust):
    client.force_login(hr_lead)
    data = edit_csv(live_csv(trust), {("Recruitment", 1): {"Status": "Complete"}})
    urls = [post_file(client, data).url for _ in range(4)]
    assert PendingUpload.objects.filter(user=hr_lead).count() == uploads.PER_USER == 3
    assert client.get(urls[0]).status_code == 404
    assert all(client.get(url).status_code == 200 for url in urls[1:])


@pytest.mark.django_db
def test_an_expired_upload_is_gone_and_swept(client, hr_lead, secretary, trust):
    client.force_login(hr_lead)
    data = edit_csv(live_csv(trust), {("Recruitment", 1): {"Status": "Complete"}})
    url = post_file(client, data).url
    PendingUpload.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(url).status_code == 404
    client.force_login(secretary)
    post_file(client, data)  # any new upload sweeps expired ones
    assert not PendingUpload.objects.filter(user=hr_lead).exists()
    PendingUpload.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    out = io.StringIO()
    call_command("sweep_uploads", stdout=out)
    assert out.getvalue().strip() == "removed=1" and not PendingUpload.objects.exists()


@pytest.mark.django_db
def test_a_confirmed_import_removes_its_upload(client, hr_lead, trust):
    client.force_login(hr_lead)
    url = post_file(client, edit_csv(live_csv(trust), {("Recruitment", 1): {"Status": "Complete"}})).url
    assert PendingUpload.objects.count() == 1
    client.post(url, {"confirm": "1"})
    assert not PendingUpload.objects.exists()


@pytest.mark.django_db
def test_django_import_exports_file_waits_in_the_database_too(client, national_admin, tmp_path):
    data = b"slug,name,short_name,published,source\r\nlocal-strategy,Our People Strategy,,,\r\n"
    client.force_login(national_admin, backend="django.contrib.auth.backends.ModelBackend")
    page = client.post(
        "/admin/actions/plan/import/",
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("p.csv", data)},
    )
    assert page.status_code == 200
    stored = PendingUpload.objects.get(kind="import_export")
    confirm = page.context["confirm_form"].initial
    assert confirm["import_file_name"] == stored.token and bytes(stored.data) == data
    done = client.post("/admin/actions/plan/process_import/", {**confirm, "resource": "0"})
    assert done.status_code == 302
    assert Plan.objects.filter(slug="local-strategy").exists() and not PendingUpload.objects.exists()
