"""The demo trust's WDES and WRES 2023/24 plans: the transcription of seed 003 (sections 3.3 and 3.4),
its reader (actions.plan_text.objective_tables) and the import files built from it.

Plain tests: no database.
"""

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from actions.imports.plans.rows import REQUIRED
from actions.plan_text.high_impact_actions import SourceError
from actions.plan_text.objective_tables import parse_objective_tables
from actions.reference.build import (
    EDI_SOURCE,
    IMPORT_COLUMNS,
    LOCAL_PLANS_SOURCE,
    PLANS_2023_FIXTURE,
    build_plans_2023,
)

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / LOCAL_PLANS_SOURCE).read_text(encoding="utf-8")
PRINTED = (ROOT / "fixtures/source/wdes-wres-2023-24-as-printed.txt").read_text(encoding="utf-8")
PLANS = {plan.slug: plan for plan in parse_objective_tables(TEXT)}


def _words(text):
    return set(re.findall(r"[a-z0-9']+", text.casefold()))


def test_two_plans_with_their_priorities_and_objectives():
    wdes, wres = PLANS["ryv-wdes-2023-24"], PLANS["ryv-wres-2023-24"]
    assert (wdes.name, wdes.short_name, wdes.position_date) == (
        "WDES action plan 2023/24",
        "WDES 2023/24",
        date(2023, 11, 22),
    )
    assert [(p.name, len(p.objectives)) for p in wdes.priorities] == [
        ("Inclusive Leadership and Management", 2),
        ("Inclusive Talent and Career Development", 1),
        (
            "Zero Tolerance and the Protection of Staff from harassment and Abuse from patients, the public and "
            "colleagues",
            2,
        ),
    ]
    assert [(p.name, len(p.objectives)) for p in wres.priorities] == [
        ("Workforce Race Equality Standards (WRES)", 6),
        ("Talent and Career Development", 2),
        ("Violence, aggression, bullying and harassment from service users (initiated in 2022/23)", 1),
    ]


def test_every_word_of_the_transcription_is_printed_in_the_paper():
    """Nothing is invented: each word is in sections 3.3-3.4 as printed (line-break hyphens repaired)."""
    printed = _words(PRINTED) | _words(re.sub(r"(?<=[A-Za-z])- ?\n?(?=[a-z])", "-", PRINTED))
    for plan in PLANS.values():
        for priority in plan.priorities:
            texts = [priority.name]
            for objective in priority.objectives:
                texts += [objective.text, objective.timeline, objective.position, *objective.actions]
            for text in texts:
                assert _words(text) <= printed, (_words(text) - printed, text)


def test_objective_position_and_checklist_as_printed():
    objective = PLANS["ryv-wres-2023-24"].priorities[0].objectives[4]
    assert objective.text.startswith("To reduce the Under-representation of culturally diverse staff in pay bands 6")
    assert objective.timeline == "by March 2025"
    assert (
        objective.position
        == "Position as of end July 2023 culturally diverse staff % Band 6 10.8% Band 7 11.5% Band 8a 8.2%"
    )
    assert objective.position_date == date(2023, 7, 31)
    assert objective.actions[0] == "Deliver our actions detailed in our stretch diversity action plan."
    assert len(objective.actions) == 11
    wdes = PLANS["ryv-wdes-2023-24"].priorities[0].objectives[0]
    assert wdes.actions[-1] == (
        "Existing Managers and leaders Workshop: All existing managers and leaders will take part in a one-day "
        "workshop focused on managing people with compassion and inclusivity."
    )


def test_the_import_files_have_the_columns_import_plan_reads():
    # Every column import_plan needs, and the refs that make each action's identity stable.
    assert set(REQUIRED) <= set(IMPORT_COLUMNS) and IMPORT_COLUMNS[:2] == ["Theme", "Ref"]
    plans, files = build_plans_2023((ROOT / EDI_SOURCE).read_text(encoding="utf-8"), TEXT)
    assert sorted(files) == ["nhs-edi-improvement-plan-2023.csv", "ryv-wdes-2023-24.csv", "ryv-wres-2023-24.csv"]
    wdes = list(csv.reader(io.StringIO(files["ryv-wdes-2023-24.csv"])))
    assert wdes[0] == IMPORT_COLUMNS and len(wdes) == 1 + 5
    assert [p["organisation"] for p in plans["plans"]] == [None, "RYV", "RYV"]
    assert plans == json.loads((ROOT / PLANS_2023_FIXTURE).read_text(encoding="utf-8"))


def test_the_first_update_is_dated_on_the_paper_or_the_date_the_section_gives():
    plans, _ = build_plans_2023((ROOT / EDI_SOURCE).read_text(encoding="utf-8"), TEXT)
    wres = next(p for p in plans["plans"] if p["slug"] == "ryv-wres-2023-24")
    dates = {(r["theme"], r["ref"]): r["position_date"] for r in wres["responses"]}
    assert dates[(1, 5)] == "2023-07-31"
    assert dates[(1, 1)] == "2023-11-22"
    assert dates[(3, 1)] is None  # no current position printed: no first update


# --- Hostile and odd input: every failure names its line -----------------------------------------

PLAN = "plan: p\nname: P\nposition date: 2023-11-22\npriority: One\n"


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "no plans found"),
        ("# only a comment", "no plans found"),
        ("name: P", "line 1: “name” before the first “plan:” line"),
        ("plan: p\nname: P\nobjective: X", "line 3: an objective before the plan's first “priority:” line"),
        (PLAN + "action: X", "line 5: “action” before the priority's first “objective:” line"),
        (PLAN + "objective: X\ncolour: red", "line 6: unknown key “colour”"),
        (PLAN + "objective: X\nposition: a\nposition: b", "line 7: a second “position” for the same objective"),
        (PLAN + "objective: X\nposition date: 22/11/2023", 'line 6: "22/11/2023" is not a date'),
        (PLAN + "objective: X\njust text", "line 6: expected “key: value”"),
        (PLAN + "objective:   ", "line 5: expected “key: value”"),
        ("plan: p\npriority: One\nobjective: X", "line 1: plan p has no name"),
        ("plan: p\nname: P\npriority: One", "line 1: plan p has no objectives"),
        (PLAN + "objective: X\npriority: Two", "line 6: priority “Two” has no objectives"),
        (PLAN + "objective: X\n" + PLAN + "objective: Y", "line 6: plan p appears twice"),
    ],
)
def test_malformed_transcriptions_are_refused_naming_the_line(text, message):
    with pytest.raises(SourceError) as error:
        parse_objective_tables(text)
    assert message in str(error.value)


def test_markup_is_kept_as_text():
    plan = parse_objective_tables(PLAN + "objective: <script>x</script>\naction: =HYPERLINK(1)")[0]
    objective = plan.priorities[0].objectives[0]
    assert (objective.text, objective.actions) == ("<script>x</script>", ["=HYPERLINK(1)"])
