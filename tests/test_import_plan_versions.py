"""Plan versions over time (issue 21, point 8), on the full demo as ``make run`` loads it.

An action is its theme and ref: a version that renames a theme changes its actions (their
responses carry on); a file without refs is matched on the texts; a file older than the current
version is flagged in the preview; an action a version restores reads "Restored", not "Added".
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from actions.models import Action, ActionChange, Response, Theme
from reports.models import BoardReport
from reports.selectors import report_changes
from tests.import_helpers import national_plan_rows, write_csv

pytestmark = pytest.mark.django_db
HW, RENAMED = "Health and wellbeing", "Health, wellbeing and safety"
V4_SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "samples" / "people-plan-v4-sample.csv"


def run(path, *args):
    out = io.StringIO()
    call_command("import_plan", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().splitlines()


def local_work(response):
    return (
        response.status,
        list(response.response_owners.values_list("owner__initials", flat=True)),
        list(response.checklist.values_list("text", flat=True)),
        list(response.updates.values_list("note", flat=True)),
    )


def test_a_renamed_theme_is_a_change_and_its_responses_carry_on(full_demo, tmp_path):
    hw4 = Response.objects.get(organisation=full_demo, action__theme__name=HW, action__ref=4)
    before = local_work(hw4)
    assert before[1] and before[2] and before[3]  # owners, checklist and the demo's update
    rows = [row for row in national_plan_rows() if row[:2] != [HW, 23]]
    rows = [[RENAMED if row[0] == HW else row[0], *row[1:]] for row in rows]

    lines = run(write_csv(tmp_path / "v4.csv", rows), "--label", "v4 themes renamed")

    assert lines[0] == "added=0 changed=22 withdrawn=1 unchanged=78"
    assert f"theme renamed: {HW} -> {RENAMED}" in lines
    assert f"changed: {HW} 4" in lines and f"  Theme: '{HW}' -> '{RENAMED}'" in lines
    theme = Theme.objects.get(plan__slug="people-plan-2020-21", number=1)
    assert theme.name == RENAMED and theme.actions.count() == 23
    hw4.refresh_from_db()
    assert hw4.action.theme == theme and local_work(hw4) == before
    assert ActionChange.objects.filter(version__label="v4 themes renamed", field="theme").count() == 22


def test_a_file_without_refs_is_matched_on_the_texts(full_demo, tmp_path):
    rows = [["Theme", "Action", "Who", "Timeline"]]
    for theme, ref, text, who, timeline in national_plan_rows()[1:]:
        if (theme, ref) == ("Recruitment", 2):
            text = text + " Revised."
        rows.append([theme, text, who, timeline])
    rows.insert(5, [HW, "Offer every member of staff a menopause conversation.", "Employers", "By March 2021"])

    lines = run(write_csv(tmp_path / "no-refs.csv", rows), "--dry-run")

    assert lines[0] == "added=1 changed=1 withdrawn=0 unchanged=100"
    assert "changed: Recruitment 2" in lines
    assert f"added: {HW} 24: Offer every member of staff a menopause conversation." in lines


def test_a_file_older_than_the_current_version_is_flagged_in_the_preview(full_demo, tmp_path, client, national_admin):
    v3 = write_csv(tmp_path / "v3.csv", national_plan_rows())
    run(V4_SAMPLE, "--label", "v4")

    lines = run(v3, "--dry-run")
    assert lines[0] == "added=0 changed=2 withdrawn=1 unchanged=99"
    assert lines[1].startswith("warning: this file looks older than v4: 3 of its 3 difference(s)")

    client.force_login(national_admin)  # a national plan's versions are the national administrator's
    with open(v3, "rb") as upload:
        page = client.post(
            "/admin/actions/planversion/import/",
            {"plan": "people-plan-2020-21", "label": "v5", "file": upload},
            follow=True,
        )
    assert "this file looks older than v4" in page.content.decode()


def test_an_action_a_version_restores_reads_restored_not_added(full_demo, tmp_path, make_report):
    fw3 = Action.objects.get(
        theme__plan__slug="people-plan-2020-21", theme__name="Flexible working", ref=3, organisation__isnull=True
    )
    responses_before = set(fw3.responses.values_list("pk", flat=True))
    rows = national_plan_rows()
    run(write_csv(tmp_path / "v4.csv", [r for r in rows if r[:2] != ["Flexible working", 3]]), "--label", "v4")
    make_report(title="After v4", as_at=BoardReport.objects.issued().get().as_at, issue=True)
    run(write_csv(tmp_path / "v5.csv", rows), "--label", "v5")
    draft = make_report(title="After v5", as_at=BoardReport.objects.get(title="After v4").as_at)

    rows = [(r.kind, r.line.theme, r.line.ref, r.detail) for r in report_changes(draft).added]
    assert rows == [("Restored", "Flexible working", 3, "Restored by plan version v5")]
    assert set(fw3.responses.values_list("pk", flat=True)) == responses_before  # the same responses, none new
