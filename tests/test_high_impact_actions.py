"""Reading the EDI improvement plan's six high-impact actions (actions.plan_text.high_impact_actions).

Plain tests: no database. The expected values are typed from seed 003, section 3.12.
"""

from pathlib import Path

import pytest

from actions.plan_text.high_impact_actions import (
    SourceError,
    parse_high_impact_actions,
    split_sub_actions,
    timeline_of,
)
from actions.reference.build import EDI_SOURCE

ROOT = Path(__file__).resolve().parents[1]
THEMES = parse_high_impact_actions((ROOT / EDI_SOURCE).read_text(encoding="utf-8"))
HEADER = "High Impact Action\tActions"


def test_six_high_impact_actions_with_twenty_sub_actions():
    assert [(theme.number, len(theme.actions)) for theme in THEMES] == [(1, 3), (2, 2), (3, 3), (4, 2), (5, 4), (6, 6)]


def test_titles_are_whole_across_pdf_rows_and_hyphens_repaired():
    assert [theme.title for theme in THEMES] == [
        "Chief executives, chairs and board members must have specific and measurable EDI objectives to which "
        "they will be individually and collectively accountable",
        "Embed fair and inclusive recruitment processes and talent management strategies that target "
        "under-representation and lack of diversity",
        "Develop and implement an improvement plan to eliminate pay gaps",
        "Develop and implement an improvement plan to address health inequalities within the workforce",
        "Implement a comprehensive induction, onboarding, and development programme for internationally "
        "recruited staff",
        "Create an environment that eliminates the conditions in which bullying, discrimination, harassment and "
        "physical violence at work occur",
    ]


def test_continued_rows_carry_on_their_action():
    assert THEMES[4].actions[3].text.startswith("Give international recruits access to the same development")
    assert THEMES[5].actions[3].text.startswith("Create an environment where staff feel able to speak up")


def test_one_cell_with_three_sub_actions_is_split_at_each_dated_instruction():
    assert [a.text for a in THEMES[5].actions[3:]] == [
        "Create an environment where staff feel able to speak up and raise concerns, with steady year-on-year "
        "improvements. Boards should review this by protected characteristics and take steps to ensure parity "
        "for all staff (by March 2024).",
        "Provide comprehensive psychological support for all individuals who report that they have been a "
        "victim of bullying, harassment, discrimination, or violence (by March 2024).",
        "Have mechanisms to ensure staff who raise concerns are protected by their organisation.",
    ]


def test_an_elaborating_sentence_after_a_date_stays_with_its_sub_action():
    text = THEMES[1].actions[1].text
    assert text.endswith(
        "(by October 2024). The impact should be measured in terms of social mobility across the integrated "
        "care system (ICS) footprint."
    )


@pytest.mark.parametrize(
    "theme, ref, timeline",
    [
        (1, 1, "(by March 2024)"),
        (2, 1, "(by June 2024) and evidence the progress of implementation (by June 2025)"),
        (3, 2, "by 2024, disability by 2025 and other protected characteristics by 2026"),
        (3, 3, "(March 2024)"),
        (4, 1, "(By October 2023)"),
        (6, 3, "(By June 2024)"),
        (6, 6, ""),
    ],
)
def test_timelines_are_the_dated_part_as_written(theme, ref, timeline):
    assert THEMES[theme - 1].actions[ref - 1].timeline == timeline


@pytest.mark.parametrize(
    "cell, parts",
    [
        ("Do A (by March 2024). Do B (by June 2024).", ["Do A (by March 2024).", "Do B (by June 2024)."]),
        ("Do A (by March 2024). This is measured yearly.", ["Do A (by March 2024). This is measured yearly."]),
        ("Do A. Then B (2024 review) later.", ["Do A. Then B (2024 review) later."]),
        ("  Do   A\n(by March 2024).  ", ["Do A (by March 2024)."]),
        ("", []),
    ],
)
def test_split_sub_actions(cell, parts):
    assert split_sub_actions(cell) == parts


def test_a_year_that_is_not_a_deadline_is_not_a_timeline():
    assert timeline_of("Learn from our 2022 staff survey.") == ""
    assert timeline_of("Learn from our 2022 staff survey (by March 2024).") == "(by March 2024)"


# --- Hostile and odd input: every failure names its line; nothing is guessed ---------------------


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "no high-impact actions found"),
        ("Intro only\nno table here", "no high-impact actions found"),
        (f"{HEADER}\nAction 1 Title\tDo A.\nstray line without a tab", "line 3: a table row must have two columns"),
        (f"{HEADER}\n\tDo A (by March 2024).", "line 2: actions before the first high-impact action"),
        (f"{HEADER}\nmore title\tDo A.", "line 2: a title continues before the first high-impact action"),
        (f"{HEADER}\nAction 1 T\tDo A.\nAction 3 T\tDo C.", "line 3: high-impact action 3 follows 1"),
        (f"{HEADER}\nAction 2 T\tDo A.", "line 2: high-impact action 2 follows nothing"),
        (f"{HEADER}\nAction 1 T\tDo A.\nAction 2 continued\tDo B.", "line 3: “Action 2 continued” follows"),
        (f"{HEADER}\nAction 1 T\tDo A.\nAction 2 T\t", "line 3: high-impact action 2 has no actions"),
        (f"Action 1 T\tDo A.\n{HEADER}", "line 1: a row before the table's header"),
    ],
)
def test_malformed_tables_are_refused_naming_the_line(text, message):
    with pytest.raises(SourceError) as error:
        parse_high_impact_actions(text)
    assert message in str(error.value)


def test_markup_and_odd_characters_are_kept_as_text():
    themes = parse_high_impact_actions(f"{HEADER}\nAction 1 <b>Bold</b>\t=SUM(A1) <script>x</script> (by 2025)")
    assert themes[0].title == "<b>Bold</b>"
    assert themes[0].actions[0].text == "=SUM(A1) <script>x</script> (by 2025)"
    assert themes[0].actions[0].timeline == "(by 2025)"
