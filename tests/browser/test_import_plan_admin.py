"""A plan administrator imports the v4 sample in a real browser: upload → preview → confirm."""

import os
from pathlib import Path

from actions.models import Action, PlanVersion

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "samples" / "people-plan-v4-sample.csv"
SHOTS = os.environ.get("SCREENSHOT_DIR")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_admin_uploads_previews_and_confirms_a_revised_version(live_server, login, page):
    login(page, "admin")
    page.goto(f"{live_server.url}/admin/actions/planversion/")
    page.get_by_role("link", name="Import a plan version").click()
    page.get_by_label("Version label").fill("v4 sample 1 October 2020")
    page.get_by_label("Spreadsheet (.xlsx or .csv)").set_input_files(str(SAMPLE))
    shot(page, "admin-import-form")
    page.get_by_role("button", name="Preview the import").click()

    assert page.get_by_role("heading", name="Added (1)").is_visible()
    assert page.get_by_role("heading", name="Changed (1)").is_visible()
    assert page.get_by_role("heading", name="Withdrawn (1)").is_visible()
    assert page.get_by_role("heading", name="Unchanged (99)").is_visible()
    assert page.locator("ins").first.inner_text().endswith("Review the assessments every six months.")
    assert not PlanVersion.objects.filter(label="v4 sample 1 October 2020").exists()  # nothing written yet
    shot(page, "admin-import-preview")

    page.get_by_role("button", name="Confirm import").click()
    assert "Imported “v4 sample 1 October 2020”" in page.content() or "Imported &quot;v4 sample" in page.content() \
        or 'Imported "v4 sample 1 October 2020"' in page.inner_text("body")
    version = PlanVersion.objects.get(label="v4 sample 1 October 2020")
    assert (version.added, version.changed, version.withdrawn, version.unchanged) == (1, 1, 1, 99)
    assert Action.objects.get(theme__name="Flexible working", ref=3, organisation__isnull=True).withdrawn_in == version
    shot(page, "admin-import-done")

    page.get_by_role("link", name="What changed in v4 sample 1 October 2020").click()
    assert "Flexible working 3" in page.inner_text("body")
    shot(page, "admin-import-changes")
