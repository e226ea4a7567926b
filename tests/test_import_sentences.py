"""Import results in sentences, a refused file named, and the browser's Back after confirming an import
(issue 19, point 10). One function (``actions.imports.sentences.import_sentence``) words every result."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from actions.imports.sentences import import_sentence
from actions.models import PlanVersion
from tests.import_helpers import snapshot
from tests.test_import_admin import post_upload, v4_file
from tests.test_round_trip import UPLOAD, live


@pytest.mark.parametrize(
    "counts, sentence",
    [
        (
            [("added", 1), ("changed", 1), ("withdrawn", 1), ("unchanged", 99)],
            "1 action added, 1 changed, 1 withdrawn, 99 unchanged",
        ),
        ([("added", 2), ("changed", 0), ("withdrawn", 0), ("unchanged", 1)], "2 actions added, 1 unchanged"),
        ([("added", 0), ("changed", 0), ("withdrawn", 0), ("unchanged", 1)], "1 action unchanged"),
        ([("updated", 0), ("unchanged", 102)], "102 actions unchanged"),
        ([("added", 0), ("unchanged", 0)], "No actions"),
    ],
)
def test_the_sentence_agrees_with_its_numbers_and_leaves_out_zeros(counts, sentence):
    assert import_sentence(counts) == sentence


# --- The plan import (admin and command) ----------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_preview_and_result_say_what_the_import_does_in_a_sentence(client, national_admin, tmp_path):
    client.force_login(national_admin)
    preview_url = post_upload(client, v4_file(tmp_path)).url
    page = client.get(preview_url).content.decode()
    assert "<strong>1 action added, 1 changed, 1 withdrawn, 99 unchanged.</strong>" in page
    done = client.post(preview_url, {"confirm": "1"}, follow=True).content.decode()
    assert "Imported &quot;v4 FINAL 1 October 2020&quot;: 1 action added, 1 changed, 1 withdrawn, 99 unchanged." in done


@pytest.mark.django_db
def test_the_command_ends_with_the_sentence_and_keeps_its_summary_line(national_admin, tmp_path):
    out = io.StringIO()
    call_command("import_plan", str(v4_file(tmp_path)), "--label", "v4", "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "added=1 changed=1 withdrawn=1 unchanged=99"  # the stable interface
    assert lines[-1] == (
        "Dry run: nothing was changed. The file would make: 1 action added, 1 changed, 1 withdrawn, 99 unchanged."
    )
    out = io.StringIO()
    call_command("import_plan", str(v4_file(tmp_path)), "--label", "v4", stdout=out)
    assert out.getvalue().splitlines()[-1].endswith(": 1 action added, 1 changed, 1 withdrawn, 99 unchanged.")


# --- Back after confirming -----------------------------------------------------------------------


@pytest.mark.django_db
def test_back_to_the_admin_preview_after_confirming_says_it_was_imported_and_imports_nothing_more(
    client, national_admin, tmp_path
):
    client.force_login(national_admin)
    preview_url = post_upload(client, v4_file(tmp_path)).url
    client.post(preview_url, {"confirm": "1"})
    version = PlanVersion.objects.get(label="v4 FINAL 1 October 2020")
    before = snapshot()

    back = client.get(preview_url)
    text = back.content.decode()
    assert back.status_code == 200
    assert "people-plan-v4.csv was imported at " in text
    assert ": 1 action added, 1 changed, 1 withdrawn, 99 unchanged." in text
    assert f'href="/admin/actions/planversion/{version.pk}/change/"' in text
    assert client.post(preview_url, {"confirm": "1"}).status_code == 200  # a second click: the same page
    assert snapshot() == before
    assert PlanVersion.objects.filter(plan=version.plan).count() == 2  # the first load and this one


@pytest.mark.django_db
def test_another_users_token_is_still_not_found(client, national_admin, plan_admin, tmp_path):
    client.force_login(national_admin)
    preview_url = post_upload(client, v4_file(tmp_path)).url
    client.post(preview_url, {"confirm": "1"})
    client.force_login(plan_admin)
    assert client.get(preview_url).status_code == 404


# --- A refused file is named ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_board_workbook_on_the_plan_import_is_named_as_not_a_plan_file(client, national_admin, trust, tmp_path):
    client.force_login(national_admin)
    path = tmp_path / "board-2024.xlsx"
    path.write_bytes(live(trust, "xlsx"))
    response = post_upload(client, path)
    assert response.status_code == 400
    text = response.content.decode()
    assert (
        "board-2024.xlsx is not a plan file: its sheet &quot;Exceptions&quot; has no &quot;Who&quot; or "
        "&quot;Timeline&quot; column. A plan file has the columns Theme, Ref, Action, Who and Timeline."
    ) in text
    assert "Timeline. Nothing was changed.</p>" in text  # the note above the problems says the same


@pytest.mark.django_db
def test_the_command_names_the_refused_file(trust, tmp_path):
    path = tmp_path / "board-2024.xlsx"
    path.write_bytes(live(trust, "xlsx"))
    with pytest.raises(CommandError) as raised:
        call_command("import_plan", str(path), "--label", "v4", stdout=io.StringIO(), stderr=io.StringIO())
    assert str(raised.value).startswith('board-2024.xlsx is not a plan file: its sheet "Exceptions" has no')
    assert str(raised.value).endswith(": nothing was changed.")


@pytest.mark.django_db
def test_a_plan_file_on_the_import_updates_page_is_named_as_not_a_board_workbook(client, hr_lead, tmp_path):
    client.force_login(hr_lead)
    plan = b"Theme,Ref,Action,Who,Timeline\r\nRecruitment,1,Hire.,Employers,2021\r\n"
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("people-plan-v5.csv", plan)})
    assert response.status_code == 400
    assert "people-plan-v5.csv is not a board workbook or progress file: none of the columns" in (
        response.content.decode().replace("&quot;", '"')
    )
