"""Timeline phrases -> dates (actions.plan_text.timeline).  Plain tests: no database."""

from datetime import date
from pathlib import Path

import pytest

from actions.plan_text.source_tables import parse_local_response, parse_national_summary
from actions.plan_text.timeline import PUBLICATION_DATE, TimelineReading, read_timeline, split_trailing_timeline
from actions.reference.build import LOCAL_SOURCE, NATIONAL_SOURCE

ROOT = Path(__file__).resolve().parents[1]
D = date

# Every timeline phrase that occurs in either source file -> (start, due).
SOURCE_PHRASES = {
    "": (None, None),
    "No timeframe provided": (None, None),
    "At least the duration of the pandemic": (None, None),
    "With immediate effect": (D(2020, 7, 30), None),
    "Immediate": (D(2020, 7, 30), None),
    "From August 2020": (D(2020, 8, 1), None),
    "From September 2020": (D(2020, 9, 1), None),
    "From Sept 2020": (D(2020, 9, 1), None),
    "From October 2020": (D(2020, 10, 1), None),
    "From Jan 2021": (D(2021, 1, 1), None),
    "January 2020": (None, D(2020, 1, 31)),
    "September 2020": (None, D(2020, 9, 30)),
    "December 2020": (None, D(2020, 12, 31)),
    "March 2021": (None, D(2021, 3, 31)),
    "By October 2020": (None, D(2020, 10, 31)),
    "By December 2020": (None, D(2020, 12, 31)),
    "By January 2021": (None, D(2021, 1, 31)),
    "By March 2021": (None, D(2021, 3, 31)),
    "By April 2021": (None, D(2021, 4, 30)),
    "By December 2021": (None, D(2021, 12, 31)),
    "During October 2020": (D(2020, 10, 1), D(2020, 10, 31)),
    "By the end of 2020": (None, D(2020, 12, 31)),
    "2021": (None, D(2021, 12, 31)),
    "2020/21": (None, D(2021, 3, 31)),
    "End of 2020/21": (None, D(2021, 3, 31)),
    "During 2020/21": (D(2020, 4, 1), D(2021, 3, 31)),
    "Throughout 2020/21": (D(2020, 4, 1), D(2021, 3, 31)),
}

# The 2023 board paper's forms, and tolerated spellings.
OTHER_PHRASES = {
    "(by March 2024)": (None, D(2024, 3, 31)),
    "(By October 2023)": (None, D(2023, 10, 31)),
    "by 2025": (None, D(2025, 12, 31)),
    "  BY MARCH 2021.  ": (None, D(2021, 3, 31)),
    "from  sept 2020": (D(2020, 9, 1), None),
    "Sept. 2020": (None, D(2020, 9, 30)),
    "By Feb 2024": (None, D(2024, 2, 29)),
    "(Throughout 2023/24)": (D(2023, 4, 1), D(2024, 3, 31)),
    "immediate.": (PUBLICATION_DATE, None),
}

UNREADABLE = [
    "By3/2",
    "2020/22",
    "soon",
    "TBC",
    "Q3 2020/21",
    "Smarch 2020",
    "By end of March",
    "31/03/2021",
    "ongoing",
]


@pytest.mark.parametrize(("text", "expected"), sorted({**SOURCE_PHRASES, **OTHER_PHRASES}.items()))
def test_read_timeline(text, expected):
    reading = read_timeline(text)
    assert (reading.start, reading.due) == expected
    assert reading.readable is True
    assert reading.text == text.strip()


@pytest.mark.parametrize("text", UNREADABLE)
def test_unreadable_timelines_are_never_guessed(text):
    assert read_timeline(text) == TimelineReading(start=None, due=None, readable=False, text=text)


def test_every_phrase_in_the_sources_is_in_the_table():
    national = parse_national_summary((ROOT / NATIONAL_SOURCE).read_text(encoding="utf-8"))
    local = parse_local_response((ROOT / LOCAL_SOURCE).read_text(encoding="utf-8"))
    found = {a.timeline for theme in national for a in theme.actions}
    found |= {row.timeline for row in local.rows} | {row.cell.timeline for row in local.rows}
    assert found - {"By3/2"} == set(SOURCE_PHRASES)


SPLITS = [
    (
        "Every member of NHS staff should have a health and wellbeing conversation. From August 2020",
        "Every member of NHS staff should have a health and wellbeing conversation.",
        "From August 2020",
    ),
    (
        "All job roles across NHS England and NHS Improvement and HEE will be advertised as being available for "
        "flexible working patterns. January 2020",
        "All job roles across NHS England and NHS Improvement and HEE will be advertised as being available for "
        "flexible working patterns.",
        "January 2020",
    ),
    (
        "Refresh the evidence base for action, to ensure senior leadership represents the diversity of the NHS, "
        "spanning all protected characteristics. From Sept 2020",
        "Refresh the evidence base for action, to ensure senior leadership represents the diversity of the NHS, "
        "spanning all protected characteristics.",
        "From Sept 2020",
    ),
    (
        "Work with the National Guardians office to support leaders and managers to foster a listening, speaking "
        "up culture. With immediate effect",
        "Work with the National Guardians office to support leaders and managers to foster a listening, speaking "
        "up culture.",
        "With immediate effect",
    ),
    (
        "Finalise a response to the Kark review. No timeframe provided",
        "Finalise a response to the Kark review.",
        "No timeframe provided",
    ),
    (
        "Prioritise the training of 400 clinical endoscopists and 450 reporting radiographers. 2021",
        "Prioritise the training of 400 clinical endoscopists and 450 reporting radiographers.",
        "2021",
    ),
    (
        "Primary care networks to recruit additional roles, funded by the additional roles' reimbursement scheme, "
        "which will fund 26,000 additional staff until 2023/24. Immediate",
        "Primary care networks to recruit additional roles, funded by the additional roles' reimbursement scheme, "
        "which will fund 26,000 additional staff until 2023/24.",
        "Immediate",
    ),
    (  # two sentences: only the tail after the last one is a timeline
        "Start delivering a pre-registration blended learning nursing degree programme. The programme aims to "
        "increase the appeal of a nursing career by widening access and providing a more flexible approach to "
        "learning, using current and emerging innovative and immersive technologies. From Jan 2021",
        "Start delivering a pre-registration blended learning nursing degree programme. The programme aims to "
        "increase the appeal of a nursing career by widening access and providing a more flexible approach to "
        "learning, using current and emerging innovative and immersive technologies.",
        "From Jan 2021",
    ),
    (  # garbled: split off (it is not action text) but read as unreadable
        "Work with the Faculty of Medical Leadership and Management to expand the number of placements available "
        "for talented clinical leaders each year. By3/2",
        "Work with the Faculty of Medical Leadership and Management to expand the number of placements available "
        "for talented clinical leaders each year.",
        "By3/2",
    ),
]

NOT_SPLIT = [
    "Increasing the number of training places for clinical psychology and child and adolescent psychotherapy by "
    "25 per cent (with 734 starting training in 2020/21).",
    "Continue to give staff free car parking at their place of work – for at least the duration of the pandemic",
    "When recruiting temporary staff, prioritise the use of bank staff before more expensive agency and locum "
    "options and reducing the use of 'off framework' agency shifts during 2020/21.",
    "Ensure in- house Learning is equitable to all staff",
    "Put in place effective infection prevention and control procedures.",
    "Finalise the plan. Review it by hand",
]


@pytest.mark.parametrize(("text", "action", "timeline"), SPLITS)
def test_split_trailing_timeline(text, action, timeline):
    assert split_trailing_timeline(text) == (action, timeline)


@pytest.mark.parametrize("text", NOT_SPLIT)
def test_real_action_text_is_never_cut(text):
    assert split_trailing_timeline(text) == (text, "")


def test_garbled_timeline_is_split_but_unreadable():
    _, timeline = split_trailing_timeline("Do the thing each year. By3/2")
    assert read_timeline(timeline).readable is False


# --- Several dates (the 2023 EDI improvement plan): the first is due, the rest are milestones -------

SEVERAL = [
    (
        "(by June 2024) and evidence the progress of implementation (by June 2025)",
        D(2024, 6, 30),
        [("evidence the progress of implementation (by June 2025)", D(2025, 6, 30))],
    ),
    (
        "by 2024, disability by 2025 and other protected characteristics by 2026",
        D(2024, 12, 31),
        [("disability by 2025", D(2025, 12, 31)), ("other protected characteristics by 2026", D(2026, 12, 31))],
    ),
    ("by June 2024; by June 2025.", D(2024, 6, 30), [("by June 2025", D(2025, 6, 30))]),
    ("(March 2024) then (By October 2024)", D(2024, 3, 31), [("then (By October 2024)", D(2024, 10, 31))]),
]


@pytest.mark.parametrize(("text", "due", "milestones"), SEVERAL)
def test_several_dates_first_is_due_the_rest_are_milestones(text, due, milestones):
    reading = read_timeline(text)
    assert (reading.start, reading.due, reading.readable) == (None, due, True)
    assert [(m.label, m.due) for m in reading.milestones] == milestones


@pytest.mark.parametrize(
    "text",
    [
        "by Q3 2024 and by 2025",  # a number between the dates that is not a date
        "2020/21 and 2021/22",
        "(by March 2024) and (From June 2024)",  # a start date among the dates
        "plans by 2024 and by 2025",  # words before the first date
        "by 2024 and by 2025 at the latest",  # words after the last date
        "by Smarch 2024 and by 2025",
    ],
)
def test_several_dates_that_cannot_be_read_are_never_guessed(text):
    assert read_timeline(text) == TimelineReading(start=None, due=None, readable=False, text=text)


def test_one_date_has_no_milestones():
    assert read_timeline("(by March 2024).").milestones == ()
