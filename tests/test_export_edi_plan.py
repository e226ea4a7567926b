"""Acceptance: `export_progress --format csv --organisation RYV --plan nhs-edi-improvement-plan-2023 --output edi.csv`.

Every row is held against literal values typed from seed 003 (the Bi-Annual People Strategy Update,
section 3.12, "6 High-Impact Diversity and Inclusion Objectives") — not against the parser's output.
"""

import csv

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

T1 = (
    "Chief executives, chairs and board members must have specific and measurable EDI objectives to which they "
    "will be individually and collectively accountable"
)
T2 = (
    "Embed fair and inclusive recruitment processes and talent management strategies that target "
    "under-representation and lack of diversity"
)
T3 = "Develop and implement an improvement plan to eliminate pay gaps"
T4 = "Develop and implement an improvement plan to address health inequalities within the workforce"
T5 = "Implement a comprehensive induction, onboarding, and development programme for internationally recruited staff"
T6 = (
    "Create an environment that eliminates the conditions in which bullying, discrimination, harassment and "
    "physical violence at work occur"
)
MARCH_2024 = ("(by March 2024)", "2024-03-31")

# (theme, ref, action, timeline, due date), typed from seed 003.
EXPECTED = [
    (
        T1,
        1,
        "Every board and executive team member must have EDI objectives that are specific, measurable, achievable, "
        "relevant, and timebound (SMART) and be assessed against these as part of their annual appraisal process "
        "(by March 2024)",
        *MARCH_2024,
    ),
    (
        T1,
        2,
        "Board members should demonstrate how organisational data and lived experience have been used to improve "
        "culture (by March 2025).",
        "(by March 2025)",
        "2025-03-31",
    ),
    (
        T1,
        3,
        "NHS boards must review relevant data to establish EDI areas of concern and prioritise actions. Progress "
        "will be tracked and monitored via the Board Assurance Framework (by March 2024).",
        *MARCH_2024,
    ),
    (
        T2,
        1,
        "Create and implement a talent management plan to improve the diversity of executive and senior leadership "
        "teams (by June 2024) and evidence the progress of implementation (by June 2025)",
        "(by June 2024) and evidence the progress of implementation (by June 2025)",
        "2024-06-30",
    ),
    (
        T2,
        2,
        "Implement a plan to widen recruitment opportunities within local communities, aligned to the NHS Long Term "
        "Workforce Plan. This should include the creation of career pathways in the NHS such as apprenticeship "
        "programmes and graduate management training schemes (by October 2024). The impact should be measured in "
        "terms of social mobility across the integrated care system (ICS) footprint.",
        "(by October 2024)",
        "2024-10-31",
    ),
    (
        T3,
        1,
        "Implement the Mend the Gap review recommendations for medical staff and develop a plan to apply those "
        "recommendations to the senior non-medical workforce (by March 2024).",
        *MARCH_2024,
    ),
    (
        T3,
        2,
        "Analyse data to understand pay gaps by protected characteristics and put in place an improvement plan. This "
        "will be tracked and monitored by NHS boards. Reflecting the maturity of current data sets, plans should be "
        "in place for sex and race by 2024, disability by 2025 and other protected characteristics by 2026.",
        "by 2024, disability by 2025 and other protected characteristics by 2026",
        "2024-12-31",
    ),
    (
        T3,
        3,
        "Implement an effective flexible working policy including advertising flexible working options on "
        "organisations' recruitment campaigns. (March 2024)",
        "(March 2024)",
        "2024-03-31",
    ),
    (
        T4,
        1,
        "Line managers and supervisors should have regular effective wellbeing conversations with their teams, "
        "utilising resources such as the national NHS health and wellbeing framework. (By October 2023).",
        "(By October 2023)",
        "2023-10-31",
    ),
    (
        T4,
        2,
        "Work in partnership with community organisations, facilitated by ICBs working with NHS organisations and "
        "arm's length bodies, such as the NHS Race and Health Observatory. For example, local educational and "
        "voluntary sector partners can support social mobility and improve employment opportunities across "
        "healthcare (by April 2025).",
        "(by April 2025)",
        "2025-04-30",
    ),
    (
        T5,
        1,
        "Before they join, ensure international recruits receive clear communication, guidance, and support around "
        "their conditions of employment; including clear guidance on the latest home Office immigration policy, "
        "conditions for accompanying family members, financial commitment, and future career options (by March "
        "2024).",
        *MARCH_2024,
    ),
    (
        T5,
        2,
        "Create comprehensive onboarding programmes for international recruits, drawing on best practices. The "
        "effectiveness of the welcome, pastoral support and induction can be measured by, for example, turnover, "
        "staff survey results and cohort feedback (by March 2024).",
        *MARCH_2024,
    ),
    (
        T5,
        3,
        "Line managers and teams who welcome international recruits must maintain their cultural awareness to create "
        "inclusive team cultures that embed psychological safety (by March 2024).",
        *MARCH_2024,
    ),
    (
        T5,
        4,
        "Give international recruits access to the same development opportunities as the wider workforce. Line "
        "managers must proactively support their teams, particularly international staff, to access training and "
        "development opportunities. They should ensure that personal development plans focus on fulfilling potential "
        "and opportunities for career progression (by March 2024).",
        *MARCH_2024,
    ),
    (
        T6,
        1,
        "Review data by protected characteristics on bullying, harassment, discrimination, and violence. Reduction "
        "targets must be set (by March 2024) and plans implemented to improve staff experience year-on-year.",
        *MARCH_2024,
    ),
    (
        T6,
        2,
        "Review disciplinary and employee relations processes. This may involve obtaining insights on themes and "
        "trends from trust solicitors. There should be assurances that all staff who enter formal processes are "
        "treated with compassion, equity, and fairness, irrespective of any protected characteristics. Where the "
        "data shows inconsistency in approach, immediate steps must be taken to improve this (by March 2024).",
        *MARCH_2024,
    ),
    (
        T6,
        3,
        "Ensure safe and effective policies and processes are in place to support staff affected by domestic abuse "
        "and sexual violence (DASV). Support should be available for those who need it, and staff should know how "
        "to access it. (By June 2024)",
        "(By June 2024)",
        "2024-06-30",
    ),
    (
        T6,
        4,
        "Create an environment where staff feel able to speak up and raise concerns, with steady year-on-year "
        "improvements. Boards should review this by protected characteristics and take steps to ensure parity for "
        "all staff (by March 2024).",
        *MARCH_2024,
    ),
    (
        T6,
        5,
        "Provide comprehensive psychological support for all individuals who report that they have been a victim of "
        "bullying, harassment, discrimination, or violence (by March 2024).",
        *MARCH_2024,
    ),
    (
        T6,
        6,
        "Have mechanisms to ensure staff who raise concerns are protected by their organisation.",
        "",
        "",
    ),
]


@pytest.fixture
def edi_rows(tmp_path):
    path = tmp_path / "edi.csv"
    call_command(
        "export_progress",
        "--format",
        "csv",
        "--organisation",
        "RYV",
        "--plan",
        "nhs-edi-improvement-plan-2023",
        "--output",
        str(path),
    )
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_six_themes_and_twenty_sub_actions(edi_rows):
    assert len(edi_rows) == 20
    assert list(dict.fromkeys(row["Theme"] for row in edi_rows)) == [T1, T2, T3, T4, T5, T6]


def test_every_row_as_in_seed_003(edi_rows):
    got = [(r["Theme"], int(r["Ref"]), r["Action"], r["Timeline"], r["Due date"]) for r in edi_rows]
    assert got == EXPECTED


def test_the_trusts_responses_start_not_started_with_no_owners(edi_rows):
    for row in edi_rows:
        assert (row["Plan"], row["Who"], row["Start date"]) == ("NHS EDI improvement plan 2023", "Employers", "")
        assert row["Organisation"] == "Cambridgeshire Community Services NHS Trust"
        assert (row["Local owners"], row["Additional actions"], row["Status"]) == ("", "", "Not started")
        assert (row["Latest update"], row["Updated on"]) == ("", "")


def test_later_dates_are_kept_as_milestones(trust):
    from actions.models import Action

    actions = {
        (a.theme.number, a.ref): a
        for a in Action.objects.filter(theme__plan__slug="nhs-edi-improvement-plan-2023").select_related("theme")
    }
    assert [(str(d), label) for d, label in actions[(2, 1)].milestone_list] == [
        ("2025-06-30", "evidence the progress of implementation (by June 2025)")
    ]
    assert [(str(d), label) for d, label in actions[(3, 2)].milestone_list] == [
        ("2025-12-31", "disability by 2025"),
        ("2026-12-31", "other protected characteristics by 2026"),
    ]
    assert sum(len(a.milestones) for a in actions.values()) == 3
    assert all(a.timeline_readable and a.audience == "employer" for a in actions.values())
