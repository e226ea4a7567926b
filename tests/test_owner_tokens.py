"""Local and national Who columns (actions.plan_text.owner_tokens).  Plain tests: no database."""

from pathlib import Path

import pytest

from actions.plan_text.owner_tokens import TokenReview, classify_audience, collect_known_initials, read_local_who

ROOT = Path(__file__).resolve().parents[1]
LOCAL = ROOT / "fixtures/source/local-response-ccs-v3.txt"

KNOWN = {"AE", "AH", "AP", "BW", "CL", "DV", "JG", "JW", "LC", "LP", "MK", "MR", "RF", "RM", "SC", "SE", "SW"}
CONCAT = "resolved by rule: concatenation of known initials"
NOT_KNOWN = "not a known owner: not applied"


def _local_who_cells() -> list[str]:
    lines = LOCAL.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[2] for line in lines if line[:1].isdigit()]


def test_known_initials_come_from_the_clean_tokens_of_the_local_who_column():
    assert collect_known_initials(_local_who_cells(), exclude={"CCS"}) == KNOWN


def test_collect_known_initials_skips_national_phrases_and_non_people():
    cells = ["NHS England and NHS Improvement", "Wider Exec with HR support/AE", "Health Education England CCS"]
    assert collect_known_initials(cells) == {"AE", "CCS"}
    assert collect_known_initials(cells, exclude={"CCS"}) == {"AE"}


CASES = [
    # (cell, owners, national, [(token, suggestion, reason)])
    ("AP/SC", ["AP", "SC"], "", []),
    ("BW AP/AH/SC", ["BW", "AP", "AH", "SC"], "", []),
    ("Wider exec AH/SC/LC", ["Wider exec", "AH", "SC", "LC"], "", []),
    ("LC/ RFCL/JG", ["LC", "RF", "CL", "JG"], "", [("RFCL", ["RF", "CL"], CONCAT)]),
    ("AHJW", ["AH", "JW"], "", [("AHJW", ["AH", "JW"], CONCAT)]),
    (
        "AH/JW/LC/HRPBs",
        ["AH", "JW", "LC", "HRBPs"],
        "",
        [("HRPBs", ["HRBPs"], "resolved by rule: transposition of group word HRBPs")],
    ),
    ("LC/HRBPs", ["LC", "HRBPs"], "", []),
    (
        "Wider Exec with HR support/AE",
        ["Wider exec", "AE"],
        "",
        [("with", [], NOT_KNOWN), ("HR", [], NOT_KNOWN), ("support", [], NOT_KNOWN)],
    ),
    ("Health Education England/LP", ["LP"], "Health Education England", []),
    ("Health Education England /Universities", [], "Health Education England /Universities", []),
    ("Health Education England CCS", [], "Health Education England", [("CCS", [], NOT_KNOWN)]),
    ("All", ["All"], "", []),
    ("All NHS organisations", [], "All NHS organisations", []),
    ("Systems", [], "Systems", []),
    ("Systems, employer and primary care networks", [], "Systems, employer and primary care networks", []),
    ("Employers and systems", [], "Employers and systems", []),
    ("NHS England and NHS Improvement", [], "NHS England and NHS Improvement", []),
    (
        "NHS England and NHS Improvement and Health Education England",
        [],
        "NHS England and NHS Improvement and Health Education England",
        [],
    ),
]


@pytest.mark.parametrize(("cell", "owners", "national", "review"), CASES, ids=[case[0] for case in CASES])
def test_read_local_who(cell, owners, national, review):
    reading = read_local_who(cell, known_initials=KNOWN)
    assert reading.owners == owners
    assert reading.national == national
    assert reading.review == [TokenReview(token, suggestion, reason) for token, suggestion, reason in review]


def test_unknown_tokens_never_become_owners():
    reading = read_local_who("ZZ/AP/support", known_initials=KNOWN)
    assert reading.owners == ["AP"]
    assert [item.token for item in reading.review] == ["ZZ", "support"]


def test_ambiguous_concatenation_is_not_applied():
    reading = read_local_who("ABCDE", known_initials={"AB", "CDE", "ABC", "DE"})
    assert reading.owners == []
    assert reading.review[0].reason.startswith("not applied")


def test_group_words_are_case_insensitive_and_configurable():
    assert read_local_who("wider EXEC/hrbps", known_initials=KNOWN).owners == ["Wider exec", "HRBPs"]
    reading = read_local_who("Board/AP", known_initials=KNOWN, group_words=("Board",))
    assert reading.owners == ["Board", "AP"]


def test_duplicate_owners_are_dropped_keeping_the_lead_first():
    assert read_local_who("AH/RFCL/RF", known_initials=KNOWN).owners == ["AH", "RF", "CL"]


@pytest.mark.parametrize(
    ("who", "audience"),
    [
        ("Employers", "employer"),
        ("Employers and organisations", "employer"),
        ("All NHS organisations", "employer"),
        ("Systems", "system"),
        ("Employers and systems", "employer_system"),
        ("Systems, employer and primary care networks", "employer_system"),
        ("NHS England and NHS Improvement", "national"),
        ("Health Education England", "national"),
        ("Care Quality Commission", "national"),
        ("NHS England and NHS Improvement and Health Education England", "national"),
        ("NHS England and NHS Improvement, Health Education England", "national"),
        ("Health Education England /Universities", "national"),
    ],
)
def test_classify_audience(who, audience):
    assert classify_audience(who) == audience


@pytest.mark.parametrize("who", ["", "Universities", "Local authorities", "AP/SC", "Employers and universities"])
def test_classify_audience_rejects_unknown_text(who):
    with pytest.raises(ValueError, match="unknown audience"):
        classify_audience(who)
