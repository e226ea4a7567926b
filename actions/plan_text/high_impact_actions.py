"""Read the 2023 NHS EDI improvement plan's six high-impact actions from the board paper's table.

Plain Python (stdlib only); importable without Django configured. The source is section 3.12
of the Bi-Annual People Strategy Update (November 2023), copied verbatim to
``fixtures/source/edi-high-impact-actions-2023.txt``: a two-column table, one
``left<TAB>right`` line per PDF row.

- A header row ``High Impact Action<TAB>Actions`` may repeat at each page break; text before
  the first one (the section's introduction) is skipped, and so are blank lines.
- The left column opens a high-impact action (a *theme*) with ``Action N`` and its title;
  ``Action N continued`` carries on action N after a page break; any other left text continues
  the current title (the PDF wraps titles over several rows). Titles are joined with single
  spaces and their PDF line-break hyphens repaired ("under- representation" →
  "under-representation").
- The right column holds the sub-actions (the theme's *actions*), in order. One cell may hold
  several: a sentence that ends with a dated parenthesis ("(by March 2024).") ends a sub-action
  when the next sentence is an instruction of its own ("Provide comprehensive psychological
  support …"); a next sentence that opens with *The, This, These, That, Those, It, Its* or *Such*
  elaborates the same sub-action ("(by October 2024). The impact should be measured …").
- A sub-action's text is kept whole, dates included. Its *timeline* is the part of the text
  that names its dates, as written: from the first dated parenthesis to the last one
  ("(by June 2024) and evidence the progress of implementation (by June 2025)"), or, with no
  parenthesis, from the first "by <date>" to the last ("by 2024, disability by 2025 and other
  protected characteristics by 2026"); empty when the text names no date.
  ``actions.plan_text.timeline.read_timeline`` reads it.

Anything that does not fit — a row without a tab inside the table, sub-actions before the first
high-impact action, action numbers out of order, a "continued" row of another action, an empty
table — raises :class:`SourceError` naming the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from actions.plan_text.timeline import DATE_PHRASE

__all__ = ["HighImpactAction", "SourceError", "SubAction", "parse_high_impact_actions", "repair_hyphens"]

HEADER = ("high impact action", "actions")
_OPENS = re.compile(r"^Action\s+(?P<number>\d+)(?P<continued>\s+continued\b)?\s*(?P<title>.*)$", re.IGNORECASE)
_BROKEN_HYPHEN = re.compile(r"(?<=[A-Za-z])- (?=[a-z])")
_DATED_SENTENCE_END = re.compile(r"(?P<date>\([^()]*\d{4}\))\.\s+(?=(?P<next>[A-Za-z']+))")
_CONTINUES = {"the", "this", "these", "that", "those", "it", "its", "such"}


class SourceError(ValueError):
    """The source text does not have the table's shape; the message names the line."""


@dataclass
class SubAction:
    text: str
    timeline: str
    line: int


@dataclass
class HighImpactAction:
    number: int
    title: str
    line: int
    actions: list[SubAction] = field(default_factory=list)


def repair_hyphens(text: str) -> str:
    """Join a word the PDF broke at a hyphen and a line end ("under- representation")."""
    return _BROKEN_HYPHEN.sub("-", text)


def _clean(text: str) -> str:
    return repair_hyphens(" ".join(text.split()))


def split_sub_actions(cell: str) -> list[str]:
    """One table cell as its sub-actions (see the module docstring)."""
    text = _clean(cell)
    parts, start = [], 0
    for match in _DATED_SENTENCE_END.finditer(text):
        if match.group("next").casefold() in _CONTINUES:
            continue
        parts.append(text[start : match.end()].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def timeline_of(text: str) -> str:
    """The part of a sub-action's text that names its dates, as written (see the module docstring)."""
    phrases = list(DATE_PHRASE.finditer(text))
    dated = [m for m in phrases if m.group().startswith("(")]
    dated = dated or [m for m in phrases if m.group().casefold().startswith("by")]
    return text[dated[0].start() : dated[-1].end()] if dated else ""


def _header(left: str, right: str) -> bool:
    return (" ".join(left.split()).casefold(), " ".join(right.split()).casefold()) == HEADER


def parse_high_impact_actions(text: str) -> list[HighImpactAction]:
    """The high-impact actions of the source text, in order, each with its sub-actions."""
    themes: list[HighImpactAction] = []
    in_table = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        if "\t" not in raw:
            if in_table:
                raise SourceError(f"line {number}: a table row must have two columns separated by a tab")
            continue
        left, right = raw.split("\t", 1)
        if _header(left, right):
            in_table = True
            continue
        if not in_table:
            raise SourceError(f'line {number}: a row before the table\'s header "High Impact Action<TAB>Actions"')
        _read_row(themes, number, left.strip(), right.strip())
    if not themes:
        raise SourceError("no high-impact actions found: the table's header row is missing")
    for theme in themes:
        theme.title = _clean(theme.title)
        if not theme.actions:
            raise SourceError(f"line {theme.line}: high-impact action {theme.number} has no actions")
    return themes


def _read_row(themes: list[HighImpactAction], number: int, left: str, right: str) -> None:
    opens = _OPENS.match(left)
    if opens:
        n = int(opens.group("number"))
        current = themes[-1].number if themes else 0
        if opens.group("continued"):
            if n != current:
                raise SourceError(f"line {number}: “Action {n} continued” follows high-impact action {current}")
        elif n != current + 1:
            raise SourceError(f"line {number}: high-impact action {n} follows {current or 'nothing'}")
        else:
            themes.append(HighImpactAction(number=n, title=opens.group("title"), line=number))
    elif left:
        if not themes:
            raise SourceError(f"line {number}: a title continues before the first high-impact action")
        themes[-1].title += " " + left
    if right:
        if not themes:
            raise SourceError(f"line {number}: actions before the first high-impact action")
        for part in split_sub_actions(right):
            themes[-1].actions.append(SubAction(text=part, timeline=timeline_of(part), line=number))
