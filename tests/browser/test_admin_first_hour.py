"""An administration a trust can run (issue 19, point 10), in a real browser: the branded admin, *Add a
person*, import results in sentences, and the browser's Back after confirming an import.

axe-core runs on every new page. The Django admin's own templates are not ours to rewrite: the rules they
break are listed in ``ADMIN_KNOWN`` (each checked to come only from the admin's own markup) and every
other WCAG 2.2 AA rule must pass. No page may log a console error.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from actions.models import PlanVersion, Response, Status
from tests.browser.conftest import run_axe
from tests.import_helpers import write_csv
from tests.test_import_responses import blank_export, edit

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "samples" / "people-plan-v4-sample.csv"
SHOTS = os.environ.get("SCREENSHOT_DIR")
# templates/base.html (not this point's): the header logo link's aria-label omits the organisation name it
# shows (as tests/browser/test_import_responses.py filters it).
BASE_HEADER_ISSUE = {"id": "label-content-name-mismatch", "nodes": [[".nhsuk-header__service-logo"]]}


@pytest.fixture(autouse=True)
def uploads_in_tmp_path(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"


# Not errors of these pages: a form with errors answers 400 by design, which Chromium logs as a failed
# load of the document itself; and the NHS.UK stylesheet's fonts come from assets.nhs.uk, which this
# test machine cannot reach (no network).
NOT_PAGE_ERRORS = ("the server responded with a status of 400", "net::ERR_NAME_NOT_RESOLVED https://assets.nhs.uk/")


@pytest.fixture
def errors(page):
    """Console errors and uncaught exceptions of every page this test opens."""
    seen = []

    def console(message):
        text = f"{message.text} {message.location.get('url')}"
        if message.type == "error" and not any(known in text for known in NOT_PAGE_ERRORS):
            seen.append(text)

    page.on("console", console)
    page.on("pageerror", lambda error: seen.append(str(error)))
    return seen


def axe_violations(page):
    return [v for v in run_axe(page) if {"id": v["id"], "nodes": v["nodes"]} != BASE_HEADER_ISSUE]


def shots(page, name):
    """The page at 1280 px and 360 px wide (full page), then back to 1280."""
    if not SHOTS:
        return
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_organisations_admin_adds_a_new_hr_lead_in_one_step(live_server, login, page, errors):
    from django.contrib.auth import get_user_model

    from owners.access import organisation_for
    from owners.models import Owner

    owner = Owner.objects.filter(organisation__ods_code="RYV", user__isnull=True, is_group=False).first()
    login(page, "admin")
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_title("People Plan Tracker administration | People Plan Tracker administration")
    expect(page.get_by_role("heading", name="People Plan Tracker administration", level=1)).to_be_visible()
    page.goto(f"{live_server.url}/admin/auth/user/")
    page.get_by_role("link", name="Add a person").click()
    expect(page.get_by_role("heading", name="Add a person")).to_be_visible()
    assert axe_violations(page) == []
    shots(page, "add-person")

    page.get_by_label("Username").fill("hr.lead")  # taken
    page.get_by_label("Full name").fill("Alice Mary Patel")
    page.get_by_label("Email address").fill("alice.patel@nhs.example")
    page.get_by_label("Role").select_option("HR lead")
    page.get_by_label("Existing owner").select_option(str(owner.pk))
    page.get_by_role("button", name="Add the person").click()
    expect(page.get_by_text("The username hr.lead is taken: choose another.")).to_be_visible()
    expect(page).to_have_title("Error: Add a person | People Plan Tracker administration")
    assert axe_violations(page) == []
    shots(page, "add-person-error")

    page.get_by_label("Username").fill("alice.patel")
    page.get_by_role("button", name="Add the person").click()
    expect(page.get_by_text("Alice Mary Patel (alice.patel) joined ")).to_contain_text(
        " as HR lead, linked to the owner "
    )
    user = get_user_model().objects.get(username="alice.patel")
    assert organisation_for(user).ods_code == "RYV" and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["HR lead"]
    owner.refresh_from_db()
    assert owner.user == user
    shots(page, "add-person-done")
    assert errors == []


def test_a_plan_import_reads_as_a_sentence_and_back_after_confirming_says_it_was_applied(
    live_server, login, page, errors
):
    from owners.models import Organisation
    from peopleplan.demo.users import create_national_admin

    create_national_admin(home=Organisation.objects.get(ods_code="RYV"))
    login(page, "national.admin")
    page.goto(f"{live_server.url}/admin/actions/planversion/import/")
    page.get_by_label("Version label").fill("v4 sample 1 October 2020")
    page.get_by_label("Spreadsheet (.xlsx or .csv)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.locator("#import-sentence")).to_have_text("1 action added, 1 changed, 1 withdrawn, 99 unchanged.")
    shots(page, "plan-import-preview")

    page.get_by_role("button", name="Confirm import").click()
    expect(
        page.get_by_text('Imported "v4 sample 1 October 2020": 1 action added, 1 changed, 1 withdrawn, 99 unchanged.')
    ).to_be_visible()
    version = PlanVersion.objects.get(label="v4 sample 1 October 2020")

    page.go_back()  # to the preview the import was confirmed on
    expect(page.locator("#import-applied")).to_contain_text("people-plan-v4-sample.csv was imported at ")
    expect(page.locator("#import-applied")).to_contain_text(": 1 action added, 1 changed, 1 withdrawn, 99 unchanged.")
    assert axe_violations(page) == []
    shots(page, "plan-import-back")
    page.get_by_role("link", name="See the imported version").click()
    expect(page).to_have_url(f"{live_server.url}/admin/actions/planversion/{version.pk}/change/")
    assert PlanVersion.objects.filter(label="v4 sample 1 October 2020").count() == 1
    assert errors == []


def test_offline_updates_read_as_a_sentence_and_back_after_confirming_says_it_was_applied(
    live_server, login, page, tmp_path, errors
):
    rows = blank_export()
    edit(rows, "Recruitment", 1, status="On track", latest_update="Open day booked for 3 November.")
    path = write_csv(tmp_path / "board-returned.csv", rows, encoding="utf-8-sig")
    login(page, "hr.lead")
    page.goto(f"{live_server.url}/imports/responses/")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Preview changes").click()
    expect(page.locator(".app-import-summary")).to_have_text("1 action updated, 101 unchanged.")
    page.get_by_role("button", name="Confirm and apply 1 update").click()
    expect(page.get_by_text("Imported board-returned.csv: 1 action updated, 101 unchanged.")).to_be_visible()
    target = Response.objects.get(organisation__ods_code="RYV", action__theme__name="Recruitment", action__ref=1)
    assert target.status == Status.ON_TRACK

    page.go_back()
    expect(page.get_by_role("heading", name="board-returned.csv is already imported")).to_be_visible()
    expect(page.get_by_text("1 action updated, 101 unchanged.", exact=False)).to_be_visible()
    assert axe_violations(page) == []
    shots(page, "responses-import-back")
    assert target.updates.count() == 1
    assert errors == []


def test_a_wrong_file_is_named_on_the_plan_import(live_server, login, page, tmp_path, errors):
    from owners.models import Organisation
    from peopleplan.demo.users import create_national_admin

    create_national_admin(home=Organisation.objects.get(ods_code="RYV"))
    from tests.test_round_trip import live

    path = tmp_path / "board-2024.xlsx"
    path.write_bytes(live(Organisation.objects.get(ods_code="RYV"), "xlsx"))  # the product's own board workbook
    login(page, "national.admin")
    page.goto(f"{live_server.url}/admin/actions/planversion/import/")
    page.get_by_label("Version label").fill("v5")
    page.get_by_label("Spreadsheet (.xlsx or .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.locator(".errorlist")).to_contain_text(
        'board-2024.xlsx is not a plan file: its sheet "Exceptions" has no "Who" or "Timeline" column.'
    )
    expect(page.locator(".errornote")).to_contain_text("board-2024.xlsx is not a plan file: ")
    expect(page.locator(".errornote")).to_contain_text("Nothing was changed.")
    assert axe_violations(page) == []
    shots(page, "plan-import-wrong-file")
    assert errors == []


def test_a_returned_file_with_a_row_for_a_since_withdrawn_action_lists_it_as_skipped(
    live_server, login, page, tmp_path, errors
):
    from owners.models import Organisation
    from peopleplan.demo.users import create_national_admin
    from tests.test_import_withdrawn_rows import returned_file, withdraw_flexible_working_3

    trust = Organisation.objects.get(ods_code="RYV")
    path = tmp_path / "board-returned.xlsx"
    path.write_bytes(returned_file(trust))  # the product's own workbook, downloaded before the revision
    withdraw_flexible_working_3(create_national_admin(home=trust))
    login(page, "hr.lead")
    page.goto(f"{live_server.url}/imports/responses/")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Preview changes").click()
    expect(page.get_by_role("heading", name="1 row skipped")).to_be_visible()
    expect(page.locator(".app-import-skipped li")).to_contain_text(
        'of sheet "2 Flexible working" (Flexible working 3): the action was withdrawn on '
    )
    expect(page.locator(".app-import-summary")).to_contain_text("1 action updated, ")
    assert axe_violations(page) == []
    shots(page, "responses-import-skipped")
    page.get_by_role("button", name="Confirm and apply 1 update").click()
    expect(page.get_by_text("Imported board-returned.xlsx: 1 action updated, ")).to_be_visible()
    assert errors == []
