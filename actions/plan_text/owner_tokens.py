"""Read the *Who* columns of the People Plan tables.

Plain Python (stdlib only); importable without Django configured.

Local *Who* cells (:func:`read_local_who`)
------------------------------------------
A local response names owners by initials ("AP/SC", "BW AP/AH/SC"), by group
("Wider exec", "HRBPs", "All") and sometimes repeats the national body
("Health Education England/LP").  The cell is read left to right:

1. A national body / audience phrase (:data:`NATIONAL_PHRASES`, longest first,
   case-insensitive, any spacing around ``/`` and ``,``) becomes
   ``WhoReading.national`` -- it is never an owner.  "All NHS organisations" is
   a national phrase; a lone "All" is the group owner "All".
2. A group word (``group_words``, case-insensitive, e.g. "Wider Exec") becomes
   an owner under its canonical spelling.
3. Everything else is split on ``/``, commas and whitespace into tokens.  A
   token in ``known_initials`` is an owner.  Other tokens are listed in
   ``WhoReading.review`` and:

   * **resolved by rule** -- applied as owners *and* still listed for review --
     when the token's only reading is an exact concatenation of two known
     initials ("RFCL" -> RF + CL, "AHJW" -> AH + JW), or when it is one
     adjacent-letter transposition of a group word ("HRPBs" -> HRBPs);
   * otherwise **not applied**: "with", "HR", "support", "CCS" are listed
     with no suggestion and no owner is invented.  A token with two or more
     concatenation readings is also not applied (its readings are listed).

Owners keep the order written (the first is the lead); duplicates are dropped.

``known_initials`` comes from :func:`collect_known_initials`: every token of
exactly 2-3 capital letters in the local *Who* column, outside national
phrases, except acronyms that are not people (:data:`NOT_PERSON_ACRONYMS`,
e.g. "HR" in "with HR support", plus any ``exclude`` -- the seeds pass the
trust's own abbreviation "CCS").

National *Who* cells (:func:`classify_audience`)
------------------------------------------------
``employer`` (Employers; Employers and organisations; All NHS organisations),
``system`` (Systems), ``employer_system`` (Employers and systems; Systems,
employer and primary care networks) or ``national`` (any combination of NHS
England, NHS Improvement, Health Education England and Care Quality
Commission, optionally with "Universities" as a partner).  Anything else
raises ``ValueError``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = [
    "GROUP_WORDS",
    "NATIONAL_PHRASES",
    "NOT_PERSON_ACRONYMS",
    "TokenReview",
    "WhoReading",
    "classify_audience",
    "collect_known_initials",
    "read_local_who",
]

GROUP_WORDS: tuple[str, ...] = ("Wider exec", "HRBPs", "All")

#: National bodies and audience phrases, as spelled in the national summary.
NATIONAL_PHRASES: tuple[str, ...] = (
    "NHS England and NHS Improvement and Health Education England",
    "NHS England and NHS Improvement, Health Education England",
    "NHS England and NHS Improvement",
    "Health Education England /Universities",
    "Health Education England",
    "Care Quality Commission",
    "All NHS organisations",
    "Systems, employer and primary care networks",
    "Employers and organisations",
    "Employers and systems",
    "Employers",
    "Systems",
)

#: Capital-letter tokens that are organisations or departments, not people.
NOT_PERSON_ACRONYMS: frozenset[str] = frozenset({"HR", "NHS", "HEE", "CQC", "PCN", "PCNS"})

RESOLVED_CONCATENATION = "resolved by rule: concatenation of known initials"
RESOLVED_TRANSPOSITION = "resolved by rule: transposition of group word {group}"
AMBIGUOUS_CONCATENATION = "not applied: more than one concatenation of known initials"
NOT_KNOWN = "not a known owner: not applied"

_INITIALS = re.compile(r"[A-Z]{2,3}")

_EMPLOYER = {"employers", "employers and organisations", "all nhs organisations"}
_SYSTEM = {"systems"}
_EMPLOYER_SYSTEM = {"employers and systems", "systems, employer and primary care networks"}
_NATIONAL_BODIES = {"nhs england", "nhs improvement", "health education england", "care quality commission"}
_NATIONAL_PARTNERS = {"universities"}


@dataclass(frozen=True)
class TokenReview:
    """A token a person should look at, with the reading suggested for it."""

    token: str
    suggestion: list[str]
    reason: str


@dataclass(frozen=True)
class WhoReading:
    """Owners (lead first), the national phrase found, and tokens for review."""

    owners: list[str] = field(default_factory=list)
    national: str = ""
    review: list[TokenReview] = field(default_factory=list)


def _phrase_pattern(phrase: str) -> str:
    """A regex for ``phrase`` allowing any spacing around ``/`` and ``,``."""
    parts = re.findall(r"[/,]|[^\s/,]+", phrase)
    pattern = ""
    for previous, part in zip([None, *parts], parts, strict=False):
        if previous is not None:
            word_to_word = previous not in "/," and part not in "/,"
            pattern += r"\s+" if word_to_word else r"\s*"
        pattern += re.escape(part)
    return pattern


@lru_cache(maxsize=8)
def _tokeniser(groups: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = [
        *(f"(?P<national{i}>{_phrase_pattern(p)})" for i, p in enumerate(NATIONAL_PHRASES)),
        *(f"(?P<group{i}>{_phrase_pattern(g)})" for i, g in enumerate(sorted(groups, key=len, reverse=True))),
    ]
    phrases = "|".join(alternatives)
    return re.compile(rf"(?<!\w)(?:{phrases})(?!\w)|(?P<token>[^\s/,]+)", re.IGNORECASE)


def _canonical(value: str, candidates: Iterable[str]) -> str:
    folded = " ".join(value.split()).casefold()
    folded = re.sub(r"\s*([/,])\s*", r"\1", folded)
    for candidate in candidates:
        if re.sub(r"\s*([/,])\s*", r"\1", candidate.casefold()) == folded:
            return candidate
    raise AssertionError(f"no canonical spelling for {value!r}")  # pragma: no cover


def _concatenations(token: str, known: set[str]) -> list[list[str]]:
    return [
        [token[:cut], token[cut:]] for cut in range(2, len(token) - 1) if token[:cut] in known and token[cut:] in known
    ]


def _transposition_of(token: str, groups: Iterable[str]) -> str | None:
    """The group word that ``token`` is one adjacent swap away from (case-insensitive)."""
    folded = token.casefold()
    for group in groups:
        target = group.casefold()
        if len(target) != len(folded) or target == folded:
            continue
        diffs = [i for i, (a, b) in enumerate(zip(folded, target, strict=False)) if a != b]
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
            i = diffs[0]
            if folded[i] == target[i + 1] and folded[i + 1] == target[i]:
                return group
    return None


def _read_token(token: str, known: set[str], groups: tuple[str, ...]) -> tuple[list[str], TokenReview | None]:
    """Owners produced by one token, and its review entry if it needs one."""
    if token in known:
        return [token], None
    readings = _concatenations(token, known)
    if len(readings) == 1:
        return readings[0], TokenReview(token, readings[0], RESOLVED_CONCATENATION)
    if len(readings) > 1:
        options = sorted({part for reading in readings for part in reading})
        return [], TokenReview(token, options, AMBIGUOUS_CONCATENATION)
    group = _transposition_of(token, groups)
    if group is not None:
        return [group], TokenReview(token, [group], RESOLVED_TRANSPOSITION.format(group=group))
    return [], TokenReview(token, [], NOT_KNOWN)


def read_local_who(
    text: str,
    *,
    known_initials: set[str],
    group_words: tuple[str, ...] = GROUP_WORDS,
) -> WhoReading:
    """Read a local *Who* cell (rules in the module docstring)."""
    owners: list[str] = []
    national = ""
    review: list[TokenReview] = []
    for match in _tokeniser(tuple(group_words)).finditer(text):
        kind = match.lastgroup or ""
        value = match.group(0)
        if kind.startswith("national"):
            national = national or _canonical(value, NATIONAL_PHRASES)
            continue
        if kind.startswith("group"):
            found, entry = [_canonical(value, group_words)], None
        else:
            found, entry = _read_token(value, known_initials, group_words)
        owners.extend(owner for owner in found if owner not in owners)
        if entry is not None:
            review.append(entry)
    return WhoReading(owners=owners, national=national, review=review)


def _who_text(row: object) -> str:
    return row if isinstance(row, str) else str(row.who)


def collect_known_initials(rows: Iterable[object], *, exclude: Iterable[str] = ()) -> set[str]:
    """Clean 2-3 capital-letter tokens of the local *Who* cells.

    ``rows`` are *Who* cell strings or objects with a ``who`` attribute.
    National phrases are skipped, as are :data:`NOT_PERSON_ACRONYMS` and
    ``exclude``.
    """
    skip = NOT_PERSON_ACRONYMS | set(exclude)
    tokeniser = _tokeniser(())
    known: set[str] = set()
    for row in rows:
        for match in tokeniser.finditer(_who_text(row)):
            token = match.group("token")
            if token and _INITIALS.fullmatch(token) and token not in skip:
                known.add(token)
    return known


def classify_audience(who: str) -> str:
    """Classify a *national* summary *Who* cell; ``ValueError`` if unknown."""
    value = " ".join(who.split()).casefold()
    if value in _EMPLOYER:
        return "employer"
    if value in _SYSTEM:
        return "system"
    if value in _EMPLOYER_SYSTEM:
        return "employer_system"
    parts = [part.strip() for part in re.split(r"\band\b|[,/]", value)]
    if parts and all(parts) and set(parts) <= _NATIONAL_BODIES | _NATIONAL_PARTNERS:
        if set(parts) & _NATIONAL_BODIES:
            return "national"
    raise ValueError(f"unknown audience in national Who column: {who!r}")
