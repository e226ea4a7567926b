"""`export_progress --format csv` of the demo trust, opened back up and compared with the source tables."""

import csv
import io
from collections import Counter

import pytest
from django.core.management import call_command

from actions.plan_text.source_tables import parse_national_summary
from actions.reference.load import FIXTURES_DIR

pytestmark = pytest.mark.django_db

# The brief's table: every timeline phrase of the national summary and its dates.
BRIEF_DATES = {
    "": ("", ""),
    "No timeframe provided": ("", ""),
    "At least the duration of the pandemic": ("", ""),
    "With immediate effect": ("2020-07-30", ""),
    "Immediate": ("2020-07-30", ""),
    "From August 2020": ("2020-08-01", ""),
    "From September 2020": ("2020-09-01", ""),
    "From October 2020": ("2020-10-01", ""),
    "From Jan 2021": ("2021-01-01", ""),
    "January 2020": ("", "2020-01-31"),
    "September 2020": ("", "2020-09-30"),
    "December 2020": ("", "2020-12-31"),
    "March 2021": ("", "2021-03-31"),
    "By October 2020": ("", "2020-10-31"),
    "By December 2020": ("", "2020-12-31"),
    "By January 2021": ("", "2021-01-31"),
    "By March 2021": ("", "2021-03-31"),
    "By April 2021": ("", "2021-04-30"),
    "By December 2021": ("", "2021-12-31"),
    "During October 2020": ("2020-10-01", "2020-10-31"),
    "By the end of 2020": ("", "2020-12-31"),
    "2021": ("", "2021-12-31"),
    "2020/21": ("", "2021-03-31"),
    "End of 2020/21": ("", "2021-03-31"),
    "During 2020/21": ("2020-04-01", "2021-03-31"),
    "Throughout 2020/21": ("2020-04-01", "2021-03-31"),
}

COLUMNS = [
    "Plan",
    "Theme",
    "Ref",
    "Action",
    "Who",
    "Timeline",
    "Start date",
    "Due date",
    "Organisation",
    "Local owners",
    "Additional actions",
    "Status",
    "Latest update",
    "Updated on",
]


def export_csv(*args, plan="people-plan-2020-21"):
    """The People Plan export (``--plan``); ``plan=None``: without ``--plan``, every plan."""
    out = io.StringIO()
    plan_args = ["--plan", plan] if plan else []
    call_command(
        "export_progress", "--output", "-", "--format", "csv", "--organisation", "RYV", *plan_args, *args, stdout=out
    )
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def rows_by_key(rows):
    return {(row["Theme"], int(row["Ref"])): row for row in rows}


def test_export_has_the_stable_columns_in_order():
    out = io.StringIO()
    call_command("export_progress", "--output", "-", "--format", "csv", "--organisation", "RYV", stdout=out)
    assert out.getvalue().splitlines()[0].split(",") == COLUMNS


def test_export_holds_all_101_national_actions_and_the_local_one():
    rows = export_csv()
    assert len(rows) == 102
    assert Counter(row["Theme"] for row in rows) == {
        "Health and wellbeing": 23,
        "Flexible working": 11,
        "Equality and diversity": 7,  # 6 national + the trust's own action 7
        "Culture and leadership": 15,
        "New ways of delivering care": 6,
        "Growing the workforce": 16,
        "Recruitment": 9,
        "Retaining staff": 10,
        "Recruitment and deployment across systems": 5,
    }
    assert {row["Organisation"] for row in rows} == {"Cambridgeshire Community Services NHS Trust"}
    assert {row["Plan"] for row in rows} == {"NHS People Plan 2020/21"}


def test_text_who_and_timeline_are_exactly_as_in_the_national_summary():
    rows = rows_by_key(export_csv())
    source = (FIXTURES_DIR / "source" / "national-summary-2020-21.txt").read_text(encoding="utf-8")
    national = [(theme.name, action) for theme in parse_national_summary(source) for action in theme.actions]
    assert len(national) == 101
    for theme_name, action in national:
        row = rows[(theme_name, action.ref)]
        assert (row["Action"], row["Who"], row["Timeline"]) == (action.text, action.who, action.timeline)


def test_literal_rows_from_the_source_including_page_break_continuations():
    rows = rows_by_key(export_csv())
    assert rows[("Flexible working", 5)]["Action"] == (
        "Requesting flexibility – whether in hours or location, should (as far as possible) be offered "
        "regardless of role, team, organisation or grade."
    )
    assert rows[("Equality and diversity", 1)]["Action"] == (
        "Overhaul recruitment and promotion practices to make sure that staffing reflects the diversity "
        "of the community, and regional and national labour markets."
    )
    assert rows[("Equality and diversity", 1)]["Timeline"] == "By October 2020"
    assert rows[("Culture and leadership", 7)]["Who"] == "NHS England and NHS Improvement, Health Education England"
    assert rows[("Health and wellbeing", 11)]["Timeline"] == "At least the duration of the pandemic"
    assert (
        rows[("Recruitment and deployment across systems", 4)]["Who"] == "Systems, employer and primary care networks"
    )


def test_start_and_due_dates_follow_the_briefs_table():
    for row in export_csv():
        if row["Theme"] == "Equality and diversity" and row["Ref"] == "7":
            continue  # the trust's own action has no timeline
        assert (row["Start date"], row["Due date"]) == BRIEF_DATES[row["Timeline"]], row["Timeline"]


def test_national_body_actions_are_for_noting():
    rows = export_csv()
    national_bodies = ("NHS England", "Health Education England", "Care Quality Commission")
    for_national = [r for r in rows if r["Who"].startswith(national_bodies)]
    assert len(for_national) > 40
    # HEE's Growing the workforce 1 is the exception: the trust gave it a local lead (LP) and an action.
    exceptions = {("Growing the workforce", "1"), ("Growing the workforce", "13"), ("Retaining staff", "7")}
    for row in for_national:
        if (row["Theme"], row["Ref"]) in exceptions:
            continue
        assert row["Status"] in {"For noting", "Not applicable"}, (row["Theme"], row["Ref"], row["Status"])


def test_local_owners_and_checklists_are_as_in_the_trusts_tracker():
    rows = rows_by_key(export_csv())
    assert rows[("Health and wellbeing", 1)]["Local owners"] == "AP/SC"
    assert rows[("Health and wellbeing", 4)]["Local owners"] == "BW/AP/AH/SC"
    assert rows[("Health and wellbeing", 7)]["Local owners"] == "Wider exec/AH/SC/LC"
    assert rows[("Health and wellbeing", 5)]["Additional actions"] == (
        "Review and refresh Home working policy\n"
        "Promote importance of DSE assessments\n"
        "Processes in place for staff to have the appropriate equipment"
    )
    assert rows[("Flexible working", 4)]["Status"] == "No further action"
    assert rows[("Growing the workforce", 2)]["Status"] == "Not applicable"
    assert rows[("Health and wellbeing", 9)]["Status"] == "For noting"
    local = rows[("Equality and diversity", 7)]
    assert local["Action"] == "Ensure in- house Learning is equitable to all staff"
    assert local["Local owners"] == "AH/SW"


def test_no_html_anywhere_in_the_export():
    for row in export_csv():
        for column, value in row.items():
            assert "<" not in value and ">" not in value and "•" not in value, (column, value)


def test_filters_narrow_the_export_like_the_list(trust):
    from actions.spreadsheet.columns import row_values
    from reports.lines import progress_lines

    rows = [row_values(line) for line in progress_lines(organisation=trust, filters={"status": ["for_noting"]})]
    assert rows and all(row[11] == "For noting" for row in rows)
