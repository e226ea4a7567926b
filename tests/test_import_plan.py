"""`manage.py import_plan`: a revised version of the People Plan, applied all or nothing."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from actions.models import Action, ActionChange, Plan, PlanVersion, Response, Status
from tests.import_helpers import PLAN_HEADER, export_rows, national_plan_rows, snapshot, write_csv, write_xlsx

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plan", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(path, *args):
    """Run an import expected to fail: the error lines it printed; the database is checked by the caller."""
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_plan", str(path), "--label", "v4", *args, stdout=io.StringIO(), stderr=err)
    assert "nothing was changed" in str(raised.value)
    return err.getvalue().splitlines()


def revised(rows, *, change=None, drop=None, add=()):
    """Plan rows with one action's text changed, one dropped and some added."""
    out = [rows[0]]
    for row in rows[1:]:
        key = (row[0], int(row[1]))
        if key == drop:
            continue
        if key == change:
            row = [row[0], row[1], row[2] + " (revised October 2020)", row[3], row[4]]
        out.append(row)
    return out + [list(r) for r in add]


def action(theme, ref):
    return Action.objects.get(theme__name=theme, ref=ref, organisation__isnull=True)


def test_the_project_csv_export_imports_back_with_nothing_to_do(tmp_path):
    path = write_csv(tmp_path / "export.csv", export_rows(), encoding="utf-8-sig")
    before = snapshot()
    out, _ = run(path, "--label", "same again")
    assert out.splitlines()[0] == "added=0 changed=0 withdrawn=0 unchanged=101"
    assert "Nothing to do" in out
    assert snapshot() == before


def test_board_workbook_theme_sheets_import_back_with_nothing_to_do(tmp_path):
    sheets = {}
    for theme, ref, text, who, timeline in national_plan_rows()[1:]:
        sheets.setdefault(
            theme[:31],
            [["RYV board workbook"], ["Ref", "Action", "Who", "Timeline", "Due date", "Local owners", "Status"]],
        )
        sheets[theme[:31]].append([float(ref), text, who, timeline, None, "AH", "On track"])
    path = write_xlsx(tmp_path / "board.xlsx", sheets)
    out, _ = run(path, "--dry-run")
    assert out.splitlines()[0] == "added=0 changed=0 withdrawn=0 unchanged=101"


def test_a_revised_version_adds_changes_and_withdraws_and_records_the_version(tmp_path, plan_admin):
    rows = revised(
        national_plan_rows(),
        change=("Health and wellbeing", 4),
        drop=("Flexible working", 3),
        add=[
            (
                "Health and wellbeing",
                24,
                "Offer every member of staff a wellbeing conversation.",
                "Employers",
                "By March 2021",
            ),
            ("Digital skills", 1, "Assess staff digital literacy.", "Employers", "2021"),
        ],
    )
    path = write_csv(tmp_path / "people-plan-v4.csv", rows, title_rows=[["PEOPLE PLAN v4 FINAL 1 OCTOBER 2020"]])
    out, _ = run(path, "--label", "v4 FINAL 1 October 2020", "--user", "admin")
    lines = out.splitlines()
    assert lines[0] == "added=2 changed=1 withdrawn=1 unchanged=99"
    assert "new theme: Digital skills" in lines
    assert "changed: Health and wellbeing 4" in lines
    assert "withdrawn: Flexible working 3: Develop guidance to support employers." in lines

    version = PlanVersion.objects.get(label="v4 FINAL 1 October 2020")
    assert (
        version.file_name,
        version.imported_by,
        version.added,
        version.changed,
        version.withdrawn,
        version.unchanged,
    ) == ("people-plan-v4.csv", plan_admin, 2, 1, 1, 99)
    assert sorted(version.changes.values_list("kind", "action__theme__name", "action__ref", "field")) == [
        ("added", "Digital skills", 1, ""),
        ("added", "Health and wellbeing", 24, ""),
        ("changed", "Health and wellbeing", 4, "text"),
        ("withdrawn", "Flexible working", 3, ""),
    ]
    change = version.changes.get(kind="changed")
    assert change.new == change.old + " (revised October 2020)"
    new = action("Digital skills", 1)
    assert new.theme.number == 10 and new.due_date.isoformat() == "2021-12-31" and new.added_in == version
    assert action("Flexible working", 3).withdrawn_in == version


def test_an_added_action_gets_a_response_in_every_organisation_already_responding(tmp_path, trust, other_trust):
    rows = national_plan_rows() + [["Health and wellbeing", 24, "A new national ask.", "Systems", ""]]
    run(write_csv(tmp_path / "v4.csv", rows), "--label", "v4")
    new = action("Health and wellbeing", 24)
    # The two trusts (the demo tree's other organisations are checked below).
    trusts = Response.objects.filter(action=new, organisation__in=[trust, other_trust])
    assert sorted(trusts.values_list("organisation__ods_code", "status")) == [
        ("RYV", Status.FOR_NOTING),
        ("ZZ001", Status.FOR_NOTING),  # a Systems action is for noting in a trust
    ]
    # The demo tree: the systems answer a Systems action, the generated trusts note it, the region has none.
    assert sorted(
        Response.objects.filter(action=new).exclude(pk__in=trusts).values_list("organisation__ods_code", "status")
    ) == [
        ("QUE", Status.NOT_STARTED),
        ("QZZ", Status.NOT_STARTED),
        ("ZZ101", Status.FOR_NOTING),
        ("ZZ102", Status.FOR_NOTING),
    ]
    responses = Response.objects.filter(action=new).count()
    assert Response.history.filter(action_id=new.pk).count() == responses  # history kept for bulk writes


def test_an_added_action_for_employers_is_not_given_to_a_system(tmp_path, system):
    rows = national_plan_rows() + [["Health and wellbeing", 24, "A new ask of employers.", "Employers", ""]]
    run(write_csv(tmp_path / "v4.csv", rows), "--label", "v4")
    new = action("Health and wellbeing", 24)
    assert not Response.objects.filter(action=new, organisation=system).exists()
    assert Response.objects.filter(action=new, organisation__ods_code="RYV", status=Status.NOT_STARTED).exists()


def test_the_demo_trusts_work_survives_a_revised_version(tmp_path, trust):
    changed, unchanged = action("Health and wellbeing", 4), action("Health and wellbeing", 5)
    responses = Response.objects.filter(organisation=trust, action__in=[changed, unchanged])

    def local_work():
        return [
            (
                r.status,
                r.local_who,
                list(r.response_owners.values_list("owner__initials", "is_lead")),
                list(r.checklist.values_list("text", "done")),
                list(r.updates.values_list("note", "date")),
            )
            for r in responses.order_by("action__ref")
        ]

    before = local_work()
    assert before[0][2] and before[0][3]  # the demo trust has owners and a checklist on this action
    run(
        write_csv(tmp_path / "v4.csv", revised(national_plan_rows(), change=("Health and wellbeing", 4))),
        "--label",
        "v4",
    )
    assert "revised" in Action.objects.get(pk=changed.pk).text
    assert local_work() == before


def test_withdraw_then_restore_keeps_the_responses_and_records_both(tmp_path, trust):
    target = action("Flexible working", 3)
    response = Response.objects.get(organisation=trust, action=target)
    owners = list(response.response_owners.values_list("owner_id", flat=True))
    run(write_csv(tmp_path / "v4.csv", revised(national_plan_rows(), drop=("Flexible working", 3))), "--label", "v4")
    assert Action.objects.active().filter(pk=target.pk).count() == 0
    assert Response.objects.filter(pk=response.pk).exists()

    out, _ = run(
        write_csv(
            tmp_path / "v5.csv",
            national_plan_rows() + [["Flexible working", 3, target.text, target.who, target.timeline]],
        ),
        "--label",
        "v5",
    )
    assert out.splitlines()[0] == "added=0 changed=1 withdrawn=0 unchanged=100"
    assert "restored: Flexible working 3" in out
    target.refresh_from_db()
    assert target.withdrawn_in is None
    assert list(Response.objects.get(pk=response.pk).response_owners.values_list("owner_id", flat=True)) == owners
    assert ActionChange.objects.filter(action=target).values_list("kind", "version__label").order_by("pk")[::1] == [
        ("withdrawn", "v4"),
        ("restored", "v5"),
    ]


def test_importing_the_same_file_twice_finds_nothing_to_do_the_second_time(tmp_path):
    path = write_csv(
        tmp_path / "v4.csv", revised(national_plan_rows(), change=("Recruitment", 2), drop=("Recruitment", 3))
    )
    run(path, "--label", "v4")
    before = snapshot()
    out, _ = run(path, "--label", "v4 again")
    assert out.splitlines()[0] == "added=0 changed=0 withdrawn=0 unchanged=100"
    assert "Nothing to do" in out
    assert snapshot() == before


def test_local_only_actions_are_never_withdrawn_and_their_keys_are_skipped(tmp_path, trust):
    local = Action.objects.get(organisation=trust, theme__name="Equality and diversity", ref=7)
    out, _ = run(write_csv(tmp_path / "v4.csv", national_plan_rows()), "--dry-run")
    assert out.splitlines()[0] == "added=0 changed=0 withdrawn=0 unchanged=101"
    rows = national_plan_rows() + [["Equality and diversity", 7, "A national E&D 7?", "Employers", ""]]
    out, _ = run(write_csv(tmp_path / "v4b.csv", rows), "--dry-run")
    assert out.splitlines()[0] == "added=0 changed=0 withdrawn=0 unchanged=101"
    assert (
        'warning: row 103, column "Ref": Equality and diversity 7 is a local action of RYV only: '
        "a national import does not change local actions, so this row is skipped"
    ) in out
    local.refresh_from_db()
    assert local.withdrawn_in is None


def test_dry_run_changes_nothing(tmp_path):
    before = snapshot()
    out, _ = run(write_csv(tmp_path / "v4.csv", revised(national_plan_rows(), drop=("Recruitment", 1))), "--dry-run")
    assert out.splitlines()[0] == "added=0 changed=0 withdrawn=1 unchanged=100"
    assert "Dry run: nothing was changed." in out
    assert snapshot() == before


def test_a_new_slug_creates_a_whole_new_plan(tmp_path):
    rows = [
        PLAN_HEADER,
        ["Measurable objectives", 1, "Chairs and board members have EDI objectives.", "Boards", "(by March 2024)"],
        ["Recruitment", 2, "Overhaul recruitment processes.", "Employers", "(By October 2023)"],
    ]
    out, _ = run(
        write_csv(tmp_path / "edi.csv", rows),
        "--label",
        "June 2023",
        "--plan",
        "edi-2023",
        "--plan-name",
        "NHS EDI improvement plan",
    )
    assert out.splitlines()[0] == "added=2 changed=0 withdrawn=0 unchanged=0"
    plan = Plan.objects.get(slug="edi-2023")
    assert plan.name == "NHS EDI improvement plan"
    assert list(plan.themes.values_list("number", "name")) == [(1, "Measurable objectives"), (2, "Recruitment")]
    assert Action.objects.get(theme__plan=plan, ref=2).due_date.isoformat() == "2023-10-31"


def test_html_fragments_are_stored_as_plain_text_and_list_items(tmp_path):
    rows = national_plan_rows() + [
        [
            "Health and wellbeing",
            24,
            '<ul class="x"> • Review and refresh Home working policy • Promote importance of DSE&nbsp;assessments</ul>',
            "Employers",
            "",
        ]
    ]
    run(write_csv(tmp_path / "v4.csv", rows), "--label", "v4")
    assert action("Health and wellbeing", 24).text == (
        "• Review and refresh Home working policy\n• Promote importance of DSE assessments"
    )


def test_an_unreadable_timeline_is_a_warning_kept_as_text_with_no_dates(tmp_path):
    rows = national_plan_rows() + [["Culture and leadership", 16, "A new action.", "Employers", "By3/2"]]
    out, _ = run(write_csv(tmp_path / "v4.csv", rows), "--label", "v4")
    assert 'warning: row 103, column "Timeline": "By3/2" is not a timeline we can read: kept as text, no dates' in out
    new = action("Culture and leadership", 16)
    assert (new.timeline, new.start_date, new.due_date, new.timeline_readable) == ("By3/2", None, None, False)


def test_refs_written_by_excel_as_4_point_0_are_whole_numbers(tmp_path):
    rows = [national_plan_rows()[0]] + [[t, f"{r}.0", a, w, tl] for t, r, a, w, tl in national_plan_rows()[1:]]
    out, _ = run(write_csv(tmp_path / "v4.csv", rows), "--dry-run")
    assert out.splitlines()[0] == "added=0 changed=0 withdrawn=0 unchanged=101"


BAD_ROWS = [
    ("4a", 'row 3, column "Ref": "4a" is not a positive whole number'),
    ("-1", 'row 3, column "Ref": "-1" is not a positive whole number'),
    ("0", 'row 3, column "Ref": "0" is not a positive whole number'),
    ("", 'row 3, column "Ref": enter the ref (a positive whole number)'),
]


@pytest.mark.parametrize("ref, message", BAD_ROWS)
def test_a_ref_that_is_not_a_positive_whole_number_is_an_error_naming_row_and_column(tmp_path, ref, message):
    rows = [["People Plan v4"], PLAN_HEADER, ["Recruitment", ref, "Do it", "Employers", ""]]
    before = snapshot()
    assert fails(write_csv(tmp_path / "bad.csv", rows)) == [f"error: {message}"]
    assert snapshot() == before


def test_empty_action_text_is_an_error_naming_row_and_column(tmp_path):
    rows = national_plan_rows()
    rows[5][2] = "  "
    before = snapshot()
    assert fails(write_csv(tmp_path / "bad.csv", rows)) == ['error: row 6, column "Action": the action text is empty']
    assert snapshot() == before


def test_a_duplicate_theme_and_ref_is_an_error_naming_both_rows(tmp_path):
    rows = national_plan_rows() + [["health  AND wellbeing", 1, "Again", "Employers", ""]]
    before = snapshot()
    assert fails(write_csv(tmp_path / "bad.csv", rows)) == [
        'error: row 103, column "Ref": duplicate theme and ref: health AND wellbeing 1 is also on row 2'
    ]
    assert snapshot() == before


def test_a_missing_required_column_is_an_error(tmp_path):
    rows = [[c for c in row[:4]] for row in national_plan_rows()]
    before = snapshot()
    assert fails(write_csv(tmp_path / "bad.csv", rows)) == [
        'error: row 1: missing required column "Timeline" in the header row'
    ]
    assert snapshot() == before


def test_every_bad_row_is_reported_not_just_the_first_and_nothing_is_applied(tmp_path):
    rows = revised(national_plan_rows(), change=("Recruitment", 2))
    rows[3][1] = "3b"
    rows[8][2] = ""
    before = snapshot()
    errors = fails(write_csv(tmp_path / "bad.csv", rows))
    assert errors == [
        'error: row 4, column "Ref": "3b" is not a positive whole number',
        'error: row 9, column "Action": the action text is empty',
    ]
    assert snapshot() == before


def test_an_unreadable_file_is_an_error(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a workbook")
    before = snapshot()
    assert fails(path) == ["error: unreadable file: not an .xlsx workbook (BadZipFile)"]
    assert snapshot() == before


def test_a_file_over_the_size_limit_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr("actions.imports.reading.reader.MAX_BYTES", 1024)
    path = write_csv(tmp_path / "big.csv", national_plan_rows())
    before = snapshot()
    assert fails(path) == ["error: the file is larger than the 0.000976562 MB limit: remove other sheets or split it"]
    assert snapshot() == before


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_the_plan_reads_back_identically_in_each_encoding_excel_writes(tmp_path, encoding):
    rows = national_plan_rows()
    assert any(any(ord(ch) > 127 for ch in str(cell)) for row in rows for cell in row)  # – ’ and the like
    out, _ = run(write_csv(tmp_path / "plan.csv", rows, encoding=encoding), "--dry-run")
    assert out.splitlines()[0] == "added=0 changed=0 withdrawn=0 unchanged=101"


def test_a_file_over_the_row_limit_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr("actions.imports.reading.reader.MAX_ROWS", 50)
    before = snapshot()
    assert fails(write_csv(tmp_path / "big.csv", national_plan_rows())) == [
        "error: the file has more than 50 rows, the limit: split it and import each part"
    ]
    assert snapshot() == before


def test_a_label_already_used_is_refused(tmp_path):
    path = write_csv(tmp_path / "v4.csv", revised(national_plan_rows(), drop=("Recruitment", 1)))
    before = snapshot()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_plan", str(path), "--label", "National summary, July 2020", stdout=io.StringIO(), stderr=err
        )
    assert "already has a version labelled" in err.getvalue()
    assert snapshot() == before


def test_bad_input_exits_non_zero_without_a_traceback(tmp_path):
    path = write_csv(tmp_path / "bad.csv", [["Theme", "Ref"], ["Recruitment", "1"]])
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "test",
        "DJANGO_SETTINGS_MODULE": "peopleplan.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "import_plan", str(path), "--label", "v4"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert 'error: row 1: missing required column "Action" in the header row' in result.stderr
    assert "Traceback" not in result.stderr


def test_the_shipped_v4_sample_has_one_change_of_each_kind():
    out, _ = run(ROOT / "fixtures" / "samples" / "people-plan-v4-sample.csv", "--dry-run")
    lines = out.splitlines()
    assert lines[0] == "added=1 changed=1 withdrawn=1 unchanged=99"
    assert (
        "added: Health and wellbeing 24: Offer every member of staff a health and wellbeing conversation each year."
        in lines
    )
    assert "changed: Health and wellbeing 4" in lines
    assert "withdrawn: Flexible working 3: Develop guidance to support employers." in lines


def test_a_restored_action_gets_responses_from_organisations_that_joined_while_it_was_withdrawn(tmp_path):
    from actions.services import ensure_responses
    from owners.models import Organisation

    target = action("Flexible working", 3)
    run(write_csv(tmp_path / "v4.csv", revised(national_plan_rows(), drop=("Flexible working", 3))), "--label", "v4")
    newcomer = Organisation.objects.create(name="Newcomer Trust", ods_code="ZZ002")
    ensure_responses(organisation=newcomer, plan=target.theme.plan)  # active actions only: none for FW 3
    assert not Response.objects.filter(organisation=newcomer, action=target).exists()
    before = Response.objects.filter(action=target).count()
    run(
        write_csv(
            tmp_path / "v5.csv",
            national_plan_rows() + [["Flexible working", 3, target.text, target.who, target.timeline]],
        ),
        "--label",
        "v5",
    )
    assert Response.objects.filter(organisation=newcomer, action=target).exists()
    assert Response.objects.filter(action=target).count() == before + 1
