"""The offline-updates page: upload → preview → confirm, for HR leads and board secretaries only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import Response, Status
from tests.import_helpers import export_rows, snapshot, write_csv
from tests.test_import_responses import blank_export, edit

pytestmark = pytest.mark.django_db
UPLOAD = "/imports/responses/"


@pytest.fixture(autouse=True)
def uploads_in_tmp_path(settings, tmp_path):
    """Uploads kept between preview and confirm go to this test's own directory."""
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"


def upload(client, path, name=None):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name or path.name, path.read_bytes())})


def edited_file(tmp_path, **cells):
    rows = blank_export()
    edit(rows, "Recruitment", 1, **(cells or {"status": "Complete"}))
    return write_csv(tmp_path / "board-edited.csv", rows, encoding="utf-8-sig")


def test_url_names_resolve_to_the_documented_paths():
    assert reverse("import_responses") == UPLOAD
    assert reverse("import_responses_preview", args=["x" * 32]) == f"{UPLOAD}{'x' * 32}/"


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(
    "persona, status",
    [
        ("hr_lead", 200),
        ("secretary", 200),
        ("other_hr", 200),
        ("board_member", 403),
        ("plan_admin", 403),
    ],
)
def test_only_hr_leads_and_secretaries_may_import(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(UPLOAD).status_code == status


def test_upload_preview_confirm_applies_the_changes(client, hr_lead, trust, tmp_path):
    client.force_login(hr_lead)
    response = upload(
        client, edited_file(tmp_path, status="Complete", latest_update="Signed off <b>today</b> for < 5 sites.")
    )
    assert response.status_code == 302
    preview_url = response.url
    page = client.get(preview_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "1 action updated, 101 unchanged." in text
    assert "Recruitment 1" in text and "Not started → Complete" in text
    assert "Signed off today for &lt; 5 sites." in text  # stored as plain text, escaped on the page
    target = Response.objects.get(organisation=trust, action__theme__name="Recruitment", action__ref=1)
    assert target.status != Status.COMPLETE  # nothing written by the preview

    confirmed = client.post(preview_url, {"confirm": "1"}, follow=True)
    assert confirmed.redirect_chain == [(UPLOAD, 302)]
    assert "Imported board-edited.csv: 1 action updated, 101 unchanged." in confirmed.content.decode()
    target.refresh_from_db()
    assert target.status == Status.COMPLETE
    assert target.updates.get().author == hr_lead
    again = client.get(preview_url)  # the browser's Back: the import is not applied twice, and says so
    assert again.status_code == 200
    assert "board-edited.csv is already imported" in again.content.decode()
    assert "1 action updated, 101 unchanged" in again.content.decode()
    assert client.post(preview_url, {"confirm": "1"}).status_code == 200
    assert target.updates.count() == 1


def test_a_file_with_errors_lists_them_by_row_and_column_and_offers_no_confirm(client, secretary, tmp_path):
    client.force_login(secretary)
    before = snapshot()
    response = upload(client, edited_file(tmp_path, status="Greenish"))
    page = client.get(response.url)
    assert page.status_code == 400
    text = page.content.decode()
    assert "board-edited.csv cannot be imported" in text
    assert '<td class="nhsuk-table__cell">Status</td>' in text and "&quot;Greenish&quot; is not a status" in text
    assert "Confirm and apply" not in text
    assert client.post(response.url, {"confirm": "1"}).status_code == 400
    assert snapshot() == before


def test_an_unreadable_file_is_refused_at_upload_and_the_page_says_why(client, hr_lead, tmp_path):
    client.force_login(hr_lead)
    path = tmp_path / "board.xlsx"
    path.write_bytes(b"PK\x03\x04 broken")
    response = upload(client, path)
    assert response.status_code == 400
    text = response.content.decode()
    assert "board.xlsx cannot be read: not an .xlsx workbook (BadZipFile)" in text and "unreadable file" in text


def test_no_file_selected_is_an_error_on_the_field(client, hr_lead):
    client.force_login(hr_lead)
    response = client.post(UPLOAD, {})
    assert response.status_code == 400
    assert "Select the edited board workbook (.xlsx) or CSV file" in response.content.decode()


def test_cancel_discards_the_upload_and_changes_nothing(client, hr_lead, tmp_path):
    client.force_login(hr_lead)
    before = snapshot()
    preview_url = upload(client, edited_file(tmp_path)).url
    assert client.post(preview_url, {"cancel": "1"}).status_code == 302
    assert client.get(preview_url).status_code == 404
    assert snapshot() == before


def test_a_preview_belongs_to_the_user_who_uploaded_it(client, hr_lead, secretary, other_hr, tmp_path):
    client.force_login(hr_lead)
    preview_url = upload(client, edited_file(tmp_path)).url
    for someone in (secretary, other_hr):
        client.force_login(someone)
        assert client.get(preview_url).status_code == 404
        assert client.post(preview_url, {"confirm": "1"}).status_code == 404
    assert client.get(f"{UPLOAD}{'A' * 32}/").status_code == 404


def test_another_trusts_hr_lead_can_only_update_their_own_trust(client, other_hr, other_trust, trust, tmp_path):
    client.force_login(other_hr)
    rows = export_rows("RYV")[:3]
    response = upload(client, write_csv(tmp_path / "ryv.csv", rows))
    page = client.get(response.url)
    assert page.status_code == 400
    assert "not Demo Other Community Trust" in page.content.decode()


@pytest.mark.parametrize("persona, shown", [("hr_lead", True), ("secretary", True), ("board_member", False)])
def test_the_menu_links_to_the_import_page_for_those_who_may_use_it(client, request, persona, shown):
    client.force_login(request.getfixturevalue(persona))
    assert (f'href="{UPLOAD}"' in client.get("/").content.decode()) is shown
