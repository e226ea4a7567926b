"""Parsing the source tables and building the seed fixtures (actions.plan_text.source_tables, actions.reference.build).

Plain tests: no database.
"""

import difflib
import json
from pathlib import Path

import pytest

from actions.plan_text.source_tables import (
    STATUSES,
    THEMES,
    parse_local_response,
    parse_national_summary,
    read_additional_actions,
)
from actions.plan_text.timeline import read_timeline
from actions.reference.build import (
    LOCAL_SOURCE,
    NATIONAL_SOURCE,
    PLAN_FIXTURE,
    TRUST_FIXTURE,
    build_fixture_data,
    render_json,
)

ROOT = Path(__file__).resolve().parents[1]
NATIONAL_TEXT = (ROOT / NATIONAL_SOURCE).read_text(encoding="utf-8")
LOCAL_TEXT = (ROOT / LOCAL_SOURCE).read_text(encoding="utf-8")
NATIONAL = parse_national_summary(NATIONAL_TEXT)
LOCAL = parse_local_response(LOCAL_TEXT)
ACTIONS = {(theme.number, action.ref): action for theme in NATIONAL for action in theme.actions}
ROWS = {(row.theme, row.ref): row for row in LOCAL.rows}
KNOWN = {"AH", "AP", "LC", "SC", "SW"}


def test_national_summary_has_9_themes_and_101_actions():
    assert [theme.name for theme in NATIONAL] == list(THEMES)
    assert [theme.number for theme in NATIONAL] == list(range(1, 10))
    assert [len(theme.actions) for theme in NATIONAL] == [23, 11, 6, 15, 6, 16, 9, 10, 5]
    assert len(ACTIONS) == 101


def test_local_response_has_every_national_action_plus_equality_and_diversity_7():
    assert set(ROWS) == set(ACTIONS) | {(3, 7)}
    assert len(LOCAL.rows) == 102
    assert LOCAL.version_label == "v3 FINAL UPDATED 2 September 2020"


@pytest.mark.parametrize(
    ("key", "text"),
    [
        (
            (2, 5),
            "Requesting flexibility – whether in hours or location, should (as far as possible) be offered "
            "regardless of role, team, organisation or grade.",
        ),
        (
            (3, 1),
            "Overhaul recruitment and promotion practices to make sure that staffing reflects the diversity of "
            "the community, and regional and national labour markets.",
        ),
        (
            (6, 11),
            "For medical trainees, employers should ensure that training in procedure-based competencies is "
            "restored as services resume and are redesigned to sustain the pipeline of new consultants in "
            "hospital specialties.",
        ),
        (
            (7, 2),
            "Offer more apprenticeships, ranging from entry-level jobs through to senior clinical, scientific and "
            "managerial roles.",
        ),
        (
            (6, 13),
            "Establish a £10m fund for nurses, midwives and allied health professionals to drive increased "
            "placement capacity and the development of technology-enhanced clinical placements.",
        ),
        ((1, 1), "Put in place effective infection prevention and control procedures."),
    ],
)
def test_national_texts_exactly_as_written(key, text):
    assert ACTIONS[key].text == text


@pytest.mark.parametrize(
    ("key", "who", "timeline", "audience"),
    [
        ((1, 9), "NHS England and NHS Improvement", "December 2020", "national"),
        ((1, 11), "Employers", "At least the duration of the pandemic", "employer"),
        ((4, 7), "NHS England and NHS Improvement, Health Education England", "By April 2021", "national"),
        ((4, 8), "All NHS organisations", "By December 2021", "employer"),
        ((6, 15), "Health Education England /Universities", "From Jan 2021", "national"),
        ((7, 4), "Systems", "Immediate", "system"),
        ((9, 4), "Systems, employer and primary care networks", "2020/21", "employer_system"),
        ((9, 5), "NHS England and NHS Improvement", "", "national"),  # last line, no newline
    ],
)
def test_national_who_and_timeline_exactly_as_written(key, who, timeline, audience):
    action = ACTIONS[key]
    assert (action.who, action.timeline, action.audience) == (who, timeline, audience)


def test_local_only_action():
    row = ROWS[(3, 7)]
    assert (row.text, row.timeline, row.who, row.owners) == (
        "Ensure in- house Learning is equitable to all staff",
        "",
        "AH/SW",
        ["AH", "SW"],
    )


def test_local_rows_match_the_national_actions():
    for key, row in ROWS.items():
        if key == (3, 7):
            continue
        national = ACTIONS[key].text
        if key == (1, 11):  # the local copy glues "– for at least the duration of the pandemic" to the text
            assert row.text.startswith(national.rstrip("."))
        else:
            assert difflib.SequenceMatcher(None, national, row.text).ratio() > 0.9, key


def test_local_timelines_agree_with_the_national_ones():
    differ = {(3, 2), (9, 4)}  # E&D 2: local omits it; RDS 4: "during 2020/21." stays in the text
    for key, row in ROWS.items():
        if key == (3, 7) or key in differ:
            continue
        glued = read_timeline(row.timeline)
        local = glued if glued.readable and row.timeline else read_timeline(row.cell.timeline)
        national = read_timeline(ACTIONS[key].timeline)
        assert (local.start, local.due) == (national.start, national.due), key


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_no_html_or_bullets_anywhere():
    for data in build_fixture_data(NATIONAL_TEXT, LOCAL_TEXT):
        for text in _strings(data):
            assert not set(text) & {"<", ">", "•"}, text
            assert text == text.strip()


@pytest.mark.parametrize(
    ("key", "status", "checklist"),
    [
        (
            (1, 1),
            "not_started",
            ["Include statement in People Strategy (PS) in relation to keeping staff safe and well to include IPAC"],
        ),
        ((1, 2), "not_started", ["As above"]),
        ((1, 8), "not_started", ["As above"]),
        ((1, 9), "for_noting", []),
        ((1, 10), "not_started", ["AP Exec lead AP to discuss Non-Exec lead with ME"]),
        ((1, 15), "for_noting", []),
        ((1, 21), "for_noting", []),
        ((1, 22), "for_noting", []),
        ((2, 4), "nfa", []),
        ((2, 5), "nfa", []),
        ((2, 6), "nfa", []),
        ((4, 4), "for_noting", []),
        (
            (4, 8),
            "not_started",
            [
                "Vibrant BAME network in place",
                "Disability network underdevelopment",
                "Further networks to be developed",
            ],
        ),
        ((6, 2), "not_applicable", []),
        ((6, 11), "not_applicable", []),
        ((6, 13), "not_started", ["Not sure if there was an action here for us?"]),
        ((7, 3), "not_applicable", []),
        ((7, 4), "not_started", ["Involved in discussions with PCNs in Luton"]),
        ((8, 2), "nfa", ["in place via appraisals but promote again"]),
        ((9, 1), "for_noting", []),
        ((9, 3), "nfa", ["MOU in place"]),
        ((9, 5), "for_noting", []),
    ],
)
def test_status_rules_on_real_rows(key, status, checklist):
    assert (ROWS[key].status, ROWS[key].cell.checklist) == (status, checklist)


def test_bulleted_cells_split_into_items_and_run_on_cells_stay_one_item():
    assert ROWS[(1, 4)].cell.checklist == [
        "Reference in PS",
        "Introduce risk assessment for new starters",
        "Include in induction checklist",
        "On-going promotion to line managers of the importance of this not being a one-off conversation",
    ]
    assert len(ROWS[(1, 14)].cell.checklist) == 1
    assert ROWS[(2, 1)].cell.checklist[2] == "Raise with NHS jobs the importance of adding a “flexible” option"


def test_for_noting_cells_keep_their_timeline_and_initials_out_of_the_checklist():
    assert ROWS[(1, 9)].cell.timeline == "December 2020"
    assert ROWS[(1, 21)].cell.timeline == "March 2021"
    assert ROWS[(4, 4)].cell.timeline == "By March 2021"
    assert ROWS[(1, 15)].cell.noted_by == ("SW", "AH", "LC")
    assert ROWS[(1, 15)].owners == []


def test_every_status_is_a_known_value():
    assert {row.status for row in LOCAL.rows} <= set(STATUSES)


@pytest.mark.parametrize(
    ("cell", "status", "checklist"),
    [
        ("", None, []),
        ("For noting", "for_noting", []),
        ("FOR NOTING", "for_noting", []),
        ("NA", "not_applicable", []),
        ("NFA – MOU in place", "nfa", ["MOU in place"]),
        ('<ul style="list-style-type: none"> • No further action (NFA)', "nfa", []),
        ("<ul><li>Plan &amp; review</li></ul>", None, ["Plan & review"]),
        ("• One&nbsp;item • Two", None, ["One item", "Two"]),
        ("Single item without bullets", None, ["Single item without bullets"]),
        ("For noting – see the board paper", "for_noting", ["see the board paper"]),
    ],
)
def test_read_additional_actions(cell, status, checklist):
    reading = read_additional_actions(cell, known_initials=KNOWN)
    assert (reading.status, reading.checklist) == (status, checklist)


def test_conflicting_markers_are_an_error():
    with pytest.raises(ValueError, match="conflicting"):
        read_additional_actions("• NFA • For noting", known_initials=KNOWN)


def test_unreadable_lines_are_an_error_not_dropped():
    with pytest.raises(ValueError, match="line 4"):
        parse_national_summary("HEALTH AND WELLBEING\n\n1\tDo it.\tEmployers\t\nstray text\n")


def test_demo_trust_owners_and_review():
    _, trust = build_fixture_data(NATIONAL_TEXT, LOCAL_TEXT)
    assert [owner["initials"] for owner in trust["owners"] if owner["is_group"]] == ["All", "HRBPs", "Wider exec"]
    assert "JG" in {owner["initials"] for owner in trust["owners"]}
    assert "CCS" not in {owner["initials"] for owner in trust["owners"]}
    assert [(r["theme"], r["ref"], r["column"], r["token"], r["suggestion"]) for r in trust["review"]] == [
        (1, 5, "Who", "RFCL", ["RF", "CL"]),
        (1, 15, "Additional actions", "SW / AH / LC", ["SW", "AH", "LC"]),
        (4, 4, "Action", "By3/2", ["By March 2021"]),
        (6, 10, "Who", "AHJW", ["AH", "JW"]),
        (7, 1, "Who", "HRPBs", ["HRBPs"]),
        (8, 1, "Who", "with", []),
        (8, 1, "Who", "HR", []),
        (8, 1, "Who", "support", []),
        (8, 7, "Who", "CCS", []),
    ]
    lines = LOCAL_TEXT.splitlines()
    for entry in trust["review"]:
        assert entry["token"].split(" / ")[0] in lines[entry["line"] - 1]
    assert len(trust["responses"]) == 102


def test_committed_fixtures_are_regenerable_from_the_sources():
    plan, trust = build_fixture_data(NATIONAL_TEXT, LOCAL_TEXT)
    assert json.loads((ROOT / PLAN_FIXTURE).read_text(encoding="utf-8")) == plan
    assert json.loads((ROOT / TRUST_FIXTURE).read_text(encoding="utf-8")) == trust
    assert (ROOT / PLAN_FIXTURE).read_text(encoding="utf-8") == render_json(plan)
    assert (ROOT / TRUST_FIXTURE).read_text(encoding="utf-8") == render_json(trust)
