"""The national administrator's plan import in the admin: upload → preview (nothing written) → confirm.

Only a superuser (the national administrator) imports a plan version: it changes the plan's actions for
every organisation, so an organisation's plan administrator may not (hardening issue, point 4).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actions.models import Action, PlanVersion
from tests.import_helpers import national_plan_rows, snapshot, write_csv
from tests.test_import_plan import revised

pytestmark = pytest.mark.django_db
IMPORT = "/admin/actions/planversion/import/"


@pytest.fixture(autouse=True)
def uploads_in_tmp_path(settings, tmp_path):
    """Uploads kept between preview and confirm go to this test's own directory."""
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"


def post_upload(client, path, **fields):
    data = {
        "plan": "people-plan-2020-21",
        "label": "v4 FINAL 1 October 2020",
        "new_plan_slug": "",
        "new_plan_name": "",
        **fields,
        "file": SimpleUploadedFile(path.name, path.read_bytes()),
    }
    return client.post(IMPORT, data)


def v4_file(tmp_path):
    rows = revised(
        national_plan_rows(),
        change=("Health and wellbeing", 4),
        drop=("Flexible working", 3),
        add=[("Health and wellbeing", 24, "Offer a wellbeing conversation.", "Employers", "By3/2")],
    )
    return write_csv(tmp_path / "people-plan-v4.csv", rows)


@pytest.mark.parametrize(
    "persona, status",
    [
        ("national_admin", 200),
        ("plan_admin", 200),  # for its own organisation's local plans only (issue 11): see below
        ("hr_lead", 302),
        ("secretary", 302),
        ("board_member", 302),
        ("other_hr", 302),
    ],
)
def test_only_administrators_reach_the_import_page(client, request, persona, status):
    """Non-staff users are sent to the admin login page, as for every admin page."""
    client.force_login(request.getfixturevalue(persona))
    assert client.get(IMPORT).status_code == status


def test_a_staff_user_without_plan_permissions_is_forbidden(client, plan_admin):
    plan_admin.groups.clear()
    client.force_login(plan_admin)
    assert client.get(IMPORT).status_code == 403


def test_the_version_list_links_to_the_import(client, national_admin, plan_admin):
    client.force_login(national_admin)
    assert IMPORT in client.get("/admin/actions/planversion/").content.decode()


def test_an_organisations_plan_admin_imports_only_its_own_local_plans(client, plan_admin, tmp_path):
    """A national plan's version changes every organisation's actions: only a superuser imports one."""
    client.force_login(plan_admin)
    page = client.get(IMPORT).content.decode()
    assert 'value="people-plan-2020-21"' not in page and 'value="nhs-edi-improvement-plan-2023"' not in page
    assert 'value="ryv-wdes-2023-24"' in page and "A new local plan of" in page
    before = snapshot()
    response = post_upload(client, v4_file(tmp_path))  # names the People Plan
    assert response.status_code == 400 and snapshot() == before


def test_preview_shows_added_changed_withdrawn_unchanged_before_anything_is_written(client, national_admin, tmp_path):
    client.force_login(national_admin)
    before = snapshot()
    response = post_upload(client, v4_file(tmp_path))
    assert response.status_code == 302
    page = client.get(response.url)
    text = page.content.decode()
    assert page.status_code == 200
    for heading in ("Added (1)", "Changed (1)", "Withdrawn (1)", "Unchanged (99)", "Warnings (1)"):
        assert heading in text
    old = Action.objects.get(
        theme__plan__slug="people-plan-2020-21", theme__name="Health and wellbeing", ref=4, organisation__isnull=True
    ).text
    assert f"<del>{old}</del>" in text and f"<ins>{old} (revised October 2020)</ins>" in text
    assert "Develop guidance to support employers." in text
    assert "&quot;By3/2&quot; is not a timeline we can read" in text
    assert snapshot() == before

    confirmed = client.post(response.url, {"confirm": "1"})
    version = PlanVersion.objects.get(label="v4 FINAL 1 October 2020")
    assert confirmed.status_code == 302 and confirmed.url == f"/admin/actions/planversion/{version.pk}/change/"
    assert (version.added, version.changed, version.withdrawn, version.unchanged, version.imported_by) == (
        1,
        1,
        1,
        99,
        national_admin,
    )
    assert version.changes.count() == 3
    changes = client.get(f"/admin/actions/actionchange/?version__id__exact={version.pk}")
    assert changes.status_code == 200 and "Flexible working 3" in changes.content.decode()


def test_errors_are_listed_by_row_and_column_and_nothing_can_be_confirmed(client, national_admin, tmp_path):
    client.force_login(national_admin)
    rows = national_plan_rows()
    rows[4][1] = "4a"
    before = snapshot()
    response = post_upload(client, write_csv(tmp_path / "bad.csv", rows))
    page = client.get(response.url)
    assert page.status_code == 400
    text = page.content.decode()
    assert "<td>5</td><td>Ref</td><td>&quot;4a&quot; is not a positive whole number</td>" in text
    assert "Confirm import" not in text
    assert client.post(response.url, {"confirm": "1"}).status_code == 400
    assert snapshot() == before


def test_an_unreadable_file_is_refused_on_the_upload_form(client, national_admin, tmp_path):
    client.force_login(national_admin)
    path = tmp_path / "plan.csv"
    path.write_bytes(b"Theme,Ref,Action\r\nx,1,y\r\n")
    response = post_upload(client, path)
    assert response.status_code == 400
    assert "missing required column &quot;Who&quot;" in response.content.decode()


def test_a_label_already_used_is_refused_on_the_form(client, national_admin, tmp_path):
    client.force_login(national_admin)
    response = post_upload(client, v4_file(tmp_path), label="National summary, July 2020")
    assert response.status_code == 400
    assert "already has a version with this label" in response.content.decode()


def test_a_whole_new_plan_from_the_admin(client, national_admin, tmp_path):
    client.force_login(national_admin)
    rows = [
        ["Theme", "Ref", "Action", "Who", "Timeline"],
        ["Measurable objectives", 1, "Chairs have EDI objectives.", "Boards", "(by March 2024)"],
    ]
    response = post_upload(
        client,
        write_csv(tmp_path / "edi.csv", rows),
        plan="__new__",
        new_plan_slug="edi-2023",
        new_plan_name="NHS EDI improvement plan",
        label="June 2023",
    )
    assert "a new plan, slug edi-2023" in client.get(response.url).content.decode()
    client.post(response.url, {"confirm": "1"})
    assert PlanVersion.objects.get(plan__slug="edi-2023").added == 1


def test_cancel_writes_nothing(client, national_admin, tmp_path):
    client.force_login(national_admin)
    before = snapshot()
    url = post_upload(client, v4_file(tmp_path)).url
    assert client.post(url, {"cancel": "1"}).status_code == 302
    assert client.get(url).status_code == 404
    assert snapshot() == before


def test_actions_and_themes_are_imported_only_through_the_plan_import(client, plan_admin):
    """The generic import by database id is gone for themes and actions; export stays."""
    client.force_login(plan_admin)
    for model in ("action", "theme"):
        page = client.get(f"/admin/actions/{model}/").content.decode()
        assert f"/admin/actions/{model}/import/" not in page
        assert f"/admin/actions/{model}/export/" in page
