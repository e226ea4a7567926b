"""Parse the People Plan source documents (the national summary and a trust's local tracker).

The fixtures are built from these readings by :mod:`actions.reference.build`.

Plain Python (stdlib only); importable without Django configured.

Both sources are tab-separated tables under theme headings in CAPITALS
(:data:`THEMES`, numbered 1-9 in document order).  Rows are
``ref<TAB>action<TAB>who<TAB>last column``; header rows (``<TAB>Action<TAB>Who
...``) are skipped; a row starting with a tab continues the previous row (each
non-empty field is appended to the same field with one space -- page breaks in
the national summary).  Refs must run 1, 2, 3 ... within a theme; any other
line after the first heading is an error, never silently dropped.

National summary: the last column is the timeline, kept exactly as written.

Local response: the timeline is glued to the end of the action text and is
separated by :func:`~actions.plan_text.timeline.split_trailing_timeline`.  The *Who*
cell is read by :func:`~actions.plan_text.owner_tokens.read_local_who`.  The
*Additional actions* cell (:func:`read_additional_actions`):

* HTML entities are decoded and tags stripped (never kept); the text is split
  on ``•`` into checklist items (trimmed; a cell with text but no bullet is ONE
  item -- run-on cells are not split by guesswork).  Empty cell: no items.
* "For noting" anywhere in an item (any case) -> status ``for_noting``.  What is
  left beside it is a timeline ("December 2020 – For Noting", "For noting – By
  March 2021": kept as the row's ``cell_timeline``, not an item), or known
  initials ("SW / AH / LC For noting": kept as ``noted_by`` and listed for
  review, not applied as owners), or else kept as an item.
* An item starting "NFA" or "No further action (NFA)" -> status ``nfa``; any
  further text ("NFA, in place via appraisals but promote again", "NFA – MOU in
  place") is kept as an item without the marker and its separator.
* An item that is exactly "NA" (or "N/A") -> status ``not_applicable``.
* "As above" stays an item with that text (it refers to the previous action).
* Two different markers in one cell are an error.

Status without a marker: ``not_started`` when the row names local owners or
the trust wrote additional actions; ``for_noting`` when it names no local
owner (a national body or Systems only) and the cell is empty.

The demo trust's ``review`` list (source line number, column, token,
suggestion, reason), in document and column order: an unreadable glued
timeline (*Action*; suggestion: the timeline written beside "For noting" in
the same row, if any; never applied), every *Who* token the owner reader
reports, and initials written beside "For noting" (*Additional actions*).
Owners are listed people first, then groups, each alphabetically
(case-insensitive).  Only owners named in *Who* cells are owners.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from actions.plan_text.owner_tokens import TokenReview, classify_audience, collect_known_initials, read_local_who
from actions.plan_text.timeline import read_timeline, split_trailing_timeline

THEMES: tuple[str, ...] = (
    "Health and wellbeing",
    "Flexible working",
    "Equality and diversity",
    "Culture and leadership",
    "New ways of delivering care",
    "Growing the workforce",
    "Recruitment",
    "Retaining staff",
    "Recruitment and deployment across systems",
)
STATUSES = ("not_started", "on_track", "at_risk", "off_track", "complete", "for_noting", "nfa", "not_applicable")
#: The trust's own abbreviation: written in a Who cell, it is not a person.
ORGANISATION_ABBREVIATION = "CCS"

_TAG = re.compile(r"<[^>]*>")
_FOR_NOTING = re.compile(r"\bfor\s+noting\b", re.IGNORECASE)
_NFA = re.compile(r"^(?:no further action\s*\(nfa\)|nfa)(?!\w)", re.IGNORECASE)
_NA = re.compile(r"^(?:na|n/a)$", re.IGNORECASE)
_SEPARATOR_CHARS = " ,;:–—-"
_TITLE = re.compile(r"^PEOPLE PLAN (?P<label>v\d+ [A-Z ]+?) (?P<day>\d{1,2}) (?P<month>[A-Z]+) (?P<year>\d{4})$")


@dataclass(frozen=True)
class NationalAction:
    """One row of the national summary, texts exactly as written."""

    ref: int
    text: str
    who: str
    audience: str
    timeline: str
    line: int


@dataclass(frozen=True)
class ThemeRow:
    number: int
    name: str
    actions: list[NationalAction]


@dataclass(frozen=True)
class AdditionalActions:
    """The reading of one *Additional actions* cell."""

    status: str | None
    checklist: list[str]
    timeline: str = ""
    noted_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class LocalRow:
    """One row of the local response and its reading."""

    theme: int
    ref: int
    line: int
    text: str
    timeline: str
    who: str
    additional: str
    owners: list[str]
    national: str
    who_review: list[TokenReview]
    cell: AdditionalActions
    status: str


@dataclass(frozen=True)
class LocalResponse:
    version_label: str
    rows: list[LocalRow]
    review: list[dict[str, Any]]


@dataclass
class _RawRow:
    theme: int
    line: int
    fields: list[str]


def _read_table(text: str) -> tuple[list[str], list[_RawRow]]:
    """Preamble lines before the first heading, and the table rows."""
    headings = {name.upper(): number for number, name in enumerate(THEMES, start=1)}
    preamble: list[str] = []
    rows: list[_RawRow] = []
    theme = 0
    for line_no, line in enumerate(text.splitlines(), start=1):
        fields = [field.strip() for field in line.split("\t")]
        if not line.strip():
            continue
        if line.strip() in headings:
            if headings[line.strip()] != theme + 1:
                raise ValueError(f"line {line_no}: theme {line.strip()!r} out of order")
            theme += 1
        elif line.startswith("\t") and fields[1:2] == ["Action"]:
            continue
        elif line.startswith("\t") and rows and rows[-1].theme == theme:
            previous = rows[-1].fields
            for index, extra in enumerate(fields[1:4], start=1):
                previous[index] = f"{previous[index]} {extra}".strip() if extra else previous[index]
        elif re.match(r"\d+\t", line) and theme and len(fields) <= 4:
            ref = int(fields[0])
            expected = sum(1 for row in rows if row.theme == theme) + 1
            if ref != expected:
                raise ValueError(f"line {line_no}: ref {ref} where {expected} was expected")
            rows.append(_RawRow(theme, line_no, fields + [""] * (4 - len(fields))))
        elif not theme:
            preamble.append(line.strip())
        else:
            raise ValueError(f"line {line_no}: cannot read {line!r}")
    return preamble, rows


def parse_national_summary(text: str) -> list[ThemeRow]:
    """The national summary's themes and actions, in document order."""
    _, rows = _read_table(text)
    themes = [ThemeRow(number, name, []) for number, name in enumerate(THEMES, start=1)]
    for row in rows:
        ref, action, who, timeline = row.fields
        audience = classify_audience(who)
        themes[row.theme - 1].actions.append(NationalAction(int(ref), action, who, audience, timeline, row.line))
    return themes


def read_additional_actions(cell: str, *, known_initials: set[str]) -> AdditionalActions:
    """Read an *Additional actions* cell (rules in the module docstring)."""
    text = _TAG.sub(" ", html.unescape(cell))
    if "<" in text or ">" in text:
        raise ValueError(f"stray angle bracket in {cell!r}")
    markers: set[str] = set()
    checklist: list[str] = []
    timeline = ""
    noted_by: tuple[str, ...] = ()
    for part in filter(None, (" ".join(piece.split()) for piece in text.split("•"))):
        noting = _FOR_NOTING.search(part)
        nfa = _NFA.match(part)
        if noting:
            markers.add("for_noting")
            rest = f"{part[: noting.start()].strip(_SEPARATOR_CHARS)} {part[noting.end() :].strip(_SEPARATOR_CHARS)}"
            rest = rest.strip()
            tokens = tuple(token for token in re.split(r"[\s/,]+", rest) if token)
            if rest and read_timeline(rest).readable:
                timeline = rest
            elif tokens and all(token in known_initials for token in tokens):
                noted_by = tokens
            elif rest:
                checklist.append(rest)
        elif nfa:
            markers.add("nfa")
            rest = part[nfa.end() :].strip(_SEPARATOR_CHARS)
            if rest:
                checklist.append(rest)
        elif _NA.match(part):
            markers.add("not_applicable")
        else:
            checklist.append(part)
    if len(markers) > 1:
        raise ValueError(f"conflicting markers {sorted(markers)} in {cell!r}")
    return AdditionalActions(next(iter(markers), None), checklist, timeline, noted_by)


def _version_label(preamble: list[str]) -> str:
    for line in preamble:
        match = _TITLE.match(line)
        if match:
            return f"{match['label']} {int(match['day'])} {match['month'].title()} {match['year']}"
    raise ValueError("no 'PEOPLE PLAN v… <date>' title line found")


def _review(row: LocalRow) -> list[dict[str, Any]]:
    """Review entries for one local row, in column order."""
    where = {"theme": row.theme, "ref": row.ref, "line": row.line}
    entries: list[dict[str, Any]] = []
    if not read_timeline(row.timeline).readable:
        entries.append(
            {
                **where,
                "column": "Action",
                "token": row.timeline,
                "suggestion": [row.cell.timeline] if row.cell.timeline else [],
                "reason": "unreadable timeline: not applied (dates come from the national summary)",
            }
        )
    for item in row.who_review:
        entries.append(
            {**where, "column": "Who", "token": item.token, "suggestion": list(item.suggestion), "reason": item.reason}
        )
    if row.cell.noted_by:
        entries.append(
            {
                **where,
                "column": "Additional actions",
                "token": " / ".join(row.cell.noted_by),
                "suggestion": list(row.cell.noted_by),
                "reason": "initials written beside For noting: not applied as owners",
            }
        )
    return entries


def parse_local_response(text: str) -> LocalResponse:
    """The local response's rows, each read into owners, status and checklist."""
    preamble, raw_rows = _read_table(text)
    known = collect_known_initials((row.fields[2] for row in raw_rows), exclude={ORGANISATION_ABBREVIATION})
    rows: list[LocalRow] = []
    for raw in raw_rows:
        ref, glued, who, additional = raw.fields
        action, timeline = split_trailing_timeline(glued)
        reading = read_local_who(who, known_initials=known)
        cell = read_additional_actions(additional, known_initials=known)
        if cell.status:
            status = cell.status
        elif reading.owners or cell.checklist:
            status = "not_started"
        else:
            status = "for_noting"
        rows.append(
            LocalRow(
                raw.theme,
                int(ref),
                raw.line,
                action,
                timeline,
                who,
                additional,
                reading.owners,
                reading.national,
                reading.review,
                cell,
                status,
            )
        )
    review = [entry for row in rows for entry in _review(row)]
    return LocalResponse(_version_label(preamble), rows, review)
