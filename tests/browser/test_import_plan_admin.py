"""The national administrator imports the v4 sample in a real browser: upload → preview → confirm."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from actions.models import Action, PlanVersion

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "samples" / "people-plan-v4-sample.csv"
SHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.fixture(autouse=True)
def uploads_in_tmp_path(settings, tmp_path):
    """Uploads kept between preview and confirm go to this test's own directory."""
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_admin_uploads_previews_and_confirms_a_revised_version(live_server, login, page):
    from owners.models import Organisation
    from peopleplan.demo.users import create_national_admin

    create_national_admin(home=Organisation.objects.get(ods_code="RYV"))
    login(page, "national.admin")
    page.goto(f"{live_server.url}/admin/actions/planversion/")
    page.get_by_role("link", name="Import a plan version").click()
    page.get_by_label("Version label").fill("v4 sample 1 October 2020")
    page.get_by_label("Spreadsheet (.xlsx or .csv)").set_input_files(str(SAMPLE))
    shot(page, "admin-import-form")
    page.get_by_role("button", name="Preview the import").click()

    for heading in ("Added (1)", "Changed (1)", "Withdrawn (1)", "Unchanged (99)"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.locator("ins").first).to_contain_text("Review the assessments every six months.")
    assert not PlanVersion.objects.filter(label="v4 sample 1 October 2020").exists()  # nothing written yet
    shot(page, "admin-import-preview")

    page.get_by_role("button", name="Confirm import").click()
    expect(
        page.get_by_text('Imported "v4 sample 1 October 2020": 1 action added, 1 changed, 1 withdrawn, 99 unchanged.')
    ).to_be_visible()
    version = PlanVersion.objects.get(label="v4 sample 1 October 2020")
    assert (version.added, version.changed, version.withdrawn, version.unchanged) == (1, 1, 1, 99)
    assert Action.objects.get(theme__name="Flexible working", ref=3, organisation__isnull=True).withdrawn_in == version
    shot(page, "admin-import-done")

    page.get_by_role("link", name="What changed in v4 sample 1 October 2020").click()
    expect(page.get_by_role("link", name="Flexible working 3")).to_be_visible()
    shot(page, "admin-import-changes")
