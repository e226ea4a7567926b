"""Read the free-text timelines of the NHS People Plan into dates.

Plain Python (stdlib only); importable without Django configured.

``read_timeline(text)`` turns a timeline phrase into a :class:`TimelineReading`
with an optional ``start`` and ``due`` date.  NHS years run 1 April - 31 March
and the People Plan 2020/21 was published on 30 July 2020.  Matching is
case-insensitive; surrounding parentheses, surrounding whitespace, runs of
inner whitespace and one trailing full stop are tolerated.  Month names may be
written in full or as a 3-4 letter abbreviation ("Jan", "Sept"), optionally
followed by a full stop.

==========================================  ===========================  ==========================
Phrase (examples)                           start                        due
==========================================  ===========================  ==========================
"" / "No timeframe provided" /              --                           --   (readable)
"At least the duration of the pandemic"
"With immediate effect" / "Immediate"       2020-07-30 (publication)     --
"From August 2020", "From Jan 2021"         1st of the month             --
"March 2021" (bare month and year)          --                           last day of the month
"By October 2020", "(by March 2024)"        --                           last day of the month
"During October 2020"                       1st of the month             last day of the month
"By the end of 2020", "End of 2020"         --                           31 December of the year
"2021", "by 2025"                           --                           31 December of the year
"2020/21", "End of 2020/21", "By 2020/21"   --                           31 March 2021
"During 2020/21", "Throughout 2020/21"      1 April 2020                 31 March 2021
==========================================  ===========================  ==========================

**Several dates** (the 2023 EDI improvement plan): a timeline that names more than one
date -- "(by June 2024) and evidence the progress of implementation (by June 2025)",
"by 2024, disability by 2025 and other protected characteristics by 2026" -- is read
when it *starts* with a date phrase, *ends* with one (a full stop may follow), and the
words between the phrases hold no digits. A date phrase here is "by" (optional) and a
month and year or a year, optionally in parentheses. The first date is the due date; each
later one becomes a :class:`Milestone` whose label is the text from the previous date up
to and including this one, without the joining comma, semicolon or "and"
("evidence the progress of implementation (by June 2025)", "disability by 2025").
Anything else with several dates is unreadable, as above.

Anything else -- including the garbled "By3/2" of the local response, or a
financial year whose halves do not follow on ("2020/22") -- is *unreadable*:
``start`` and ``due`` are ``None`` and ``readable`` is ``False``.  The reader
never guesses.  Dates are read exactly as written, even when odd: the national
summary's "January 2020" (Flexible working 2) predates publication but is
read as due 2020-01-31.

``split_trailing_timeline(text)`` separates a timeline phrase glued to the end
of an action's text in the local response ("... conversation. From August
2020").  Rules:

* The phrase must follow the *last* sentence end of the text: a ``.``, ``!``,
  ``?`` or ``)`` followed by whitespace.  Text without such a boundary is never
  split, so "... (with 734 starting training in 2020/21)." and "... agency
  shifts during 2020/21." keep their years, and Health and wellbeing 11's
  "... place of work – for at least the duration of the pandemic" is NOT split:
  that phrase is joined by a dash, starts with "for" and is part of the
  sentence; it carries no dates anyway.
* The tail after that boundary is split off when ``read_timeline`` reads it,
  or when it *looks like a timeline attempt*: at most 12 characters, a timeline
  keyword (by, from, during, throughout, end of, until) followed (with or
  without a space) by digits and ``/`` only -- e.g. "By3/2" (Culture and
  leadership 4; the national table gives "By March 2021").  Such a tail is
  returned as the timeline text, and ``read_timeline`` reports it unreadable:
  it is removed from the action text but never turned into a date.
* Anything else (ordinary words) is left in the action text.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

__all__ = ["PUBLICATION_DATE", "Milestone", "TimelineReading", "read_timeline", "split_trailing_timeline"]

#: Publication date of "We are the NHS: People Plan for 2020/21".
PUBLICATION_DATE = date(2020, 7, 30)

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name[1:], start=1):
    MONTHS[_name.lower()] = _number
    MONTHS[_name.lower()[:3]] = _number
MONTHS["sept"] = 9

_NO_DATES = {"", "no timeframe provided", "at least the duration of the pandemic"}
_IMMEDIATE = {"with immediate effect", "immediate"}

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_YEAR = rf"(?P<month>{_MONTH_NAMES})\.?\s(?P<year>\d{{4}})"
_FIN_YEAR = r"(?P<fy1>\d{4})/(?P<fy2>\d{2}|\d{4})"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("from_month", rf"from {_MONTH_YEAR}"),
        ("during_month", rf"during {_MONTH_YEAR}"),
        ("by_month", rf"(?:by )?{_MONTH_YEAR}"),
        ("end_of_year", r"(?:by )?(?:the )?end of (?P<year>\d{4})"),
        ("year", r"(?:by )?(?P<year>\d{4})"),
        ("during_fin_year", rf"(?:during|throughout) {_FIN_YEAR}"),
        ("by_fin_year", rf"(?:by )?(?:the )?(?:end of )?{_FIN_YEAR}"),
    )
)

#: A date phrase inside a longer timeline: "(by June 2025)", "by 2025", "March 2024".
DATE_PHRASE = re.compile(
    rf"\((?:by\s+)?(?:(?:{_MONTH_NAMES})\.?\s+)?\d{{4}}\)|\b(?:by\s+)?(?:(?:{_MONTH_NAMES})\.?\s+)?\d{{4}}\b",
    re.IGNORECASE,
)
_JOINING = re.compile(r"^[\s,;]*(?:and\s+)?", re.IGNORECASE)

_SENTENCE_THEN_TAIL = re.compile(r"^(?P<action>.*[.!?)])\s+(?P<tail>\S.*?)\s*$", re.DOTALL)
_TIMELINE_ATTEMPT = re.compile(r"^(?:by|from|during|throughout|end of|until)\s?\d[\d/]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Milestone:
    """A later date named by a timeline with several dates ("disability by 2025")."""

    label: str
    due: date


@dataclass(frozen=True)
class TimelineReading:
    """What a timeline phrase says: optional start and due dates, and any later milestones."""

    start: date | None
    due: date | None
    readable: bool
    text: str
    milestones: tuple[Milestone, ...] = ()


def _normalise(text: str) -> str:
    """Lower-case, trim, drop surrounding parentheses and one trailing full stop."""
    value = " ".join(text.split()).lower()
    if value.endswith("."):
        value = value[:-1].rstrip()
    while value.startswith("(") and value.endswith(")"):
        value = value[1:-1].strip()
    if value.endswith("."):
        value = value[:-1].rstrip()
    return value


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def read_timeline(text: str) -> TimelineReading:
    """Read ``text`` into a :class:`TimelineReading` (see the module docstring)."""
    single = _read_one(text)
    if single.readable:
        return single
    return _read_several(text) or single


def _read_several(text: str) -> TimelineReading | None:
    """A timeline naming several dates (see the module docstring), or None."""
    original = text.strip()
    value = " ".join(original.split())
    if value.endswith("."):
        value = value[:-1].rstrip()
    phrases = list(DATE_PHRASE.finditer(value))
    if len(phrases) < 2 or phrases[0].start() != 0 or phrases[-1].end() != len(value):
        return None
    dates, labels, previous_end = [], [], 0
    for phrase in phrases:
        between = value[previous_end : phrase.start()]
        if any(char.isdigit() for char in between):
            return None
        reading = _read_one(phrase.group())
        if not reading.readable or reading.due is None or reading.start is not None:
            return None
        dates.append(reading.due)
        labels.append(_JOINING.sub("", between) + phrase.group())
        previous_end = phrase.end()
    milestones = tuple(Milestone(label, due) for label, due in zip(labels[1:], dates[1:], strict=True))
    return TimelineReading(None, dates[0], True, original, milestones)


def _read_one(text: str) -> TimelineReading:
    """Read a timeline of one phrase (the table in the module docstring)."""
    original = text.strip()
    value = _normalise(text)
    unreadable = TimelineReading(None, None, False, original)
    if value in _NO_DATES:
        return TimelineReading(None, None, True, original)
    if value in _IMMEDIATE:
        return TimelineReading(PUBLICATION_DATE, None, True, original)
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(value)
        if match is None:
            continue
        fields = match.groupdict()
        if "fy1" in fields:
            first, second = int(fields["fy1"]), int(fields["fy2"])
            if second not in (first + 1, (first + 1) % 100):
                return unreadable
            start = date(first, 4, 1) if kind == "during_fin_year" else None
            return TimelineReading(start, date(first + 1, 3, 31), True, original)
        year = int(fields["year"])
        if "month" not in fields:
            return TimelineReading(None, date(year, 12, 31), True, original)
        month = MONTHS[fields["month"]]
        start = date(year, month, 1) if kind in ("from_month", "during_month") else None
        due = None if kind == "from_month" else _last_day(year, month)
        return TimelineReading(start, due, True, original)
    return unreadable


def _looks_like_timeline_attempt(tail: str) -> bool:
    """True for short garbled timelines such as "By3/2" (keyword then digits and /)."""
    return len(tail) <= 12 and _TIMELINE_ATTEMPT.fullmatch(tail) is not None


def split_trailing_timeline(text: str) -> tuple[str, str]:
    """Split a timeline phrase glued to the end of ``text``.

    Returns ``(action_text, timeline_text)``; ``timeline_text`` is ``""`` and
    ``action_text`` is the stripped input when there is nothing to split.
    """
    stripped = text.strip()
    match = _SENTENCE_THEN_TAIL.match(stripped)
    if match is None:
        return stripped, ""
    tail = match.group("tail")
    if (tail and read_timeline(tail).readable) or _looks_like_timeline_attempt(tail):
        return match.group("action").rstrip(), tail
    return stripped, ""
