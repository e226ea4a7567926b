"""The rules for text people put into the tracker — one set, whatever way it comes in.

The action page's forms, the services that write (``actions.services``), the offline-updates
import and the plan import all call these, so a note typed in the browser, pasted into the board
workbook or sent as a CSV meets the same limits. Each ``*_problem`` function returns the message
for a bad value (or ``""``); :func:`check` turns one into a ``ValidationError`` for forms and
services, and the importers put it on a row and column.
"""

import unicodedata

from django.core.exceptions import ValidationError

NOTE_MAX = 5_000
CHECKLIST_ITEM_MAX = 2_000
ACTION_TEXT_MAX = 10_000
WHO_MAX = 300  # Action.who
TIMELINE_MAX = 200  # Action.timeline
THEME_NAME_MAX = 200  # Theme.name
LABEL_MAX = 200  # PlanVersion.label, Plan.name

# Characters that show nothing: spaces and separators, controls, format characters (zero-width
# space and joiners, the byte-order mark, direction marks), unassigned and private-use code points.
_INVISIBLE_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf", "Cn", "Co", "Cs"}


def shows_nothing(text: str) -> bool:
    """True when ``text`` would show as blank: empty, or only spaces and invisible characters."""
    return all(unicodedata.category(ch) in _INVISIBLE_CATEGORIES for ch in text or "")


def text_problem(text: str, *, what: str, limit: int, required: bool = True) -> str:
    """The message for ``text`` as a ``what`` ("progress note") of at most ``limit`` characters."""
    if "\x00" in text:
        return f"the {what} contains a NUL character (byte 0): remove it"
    if len(text) > limit:
        return f"the {what} can have at most {limit:,} characters (it has {len(text):,})"
    if required and shows_nothing(text):
        return f"enter the {what}: it is empty or only invisible characters"
    return ""


def note_problem(text: str) -> str:
    return text_problem(text, what="progress note", limit=NOTE_MAX)


def checklist_item_problem(text: str) -> str:
    return text_problem(text, what="additional action", limit=CHECKLIST_ITEM_MAX)


def check(problem: str, field: str = "") -> None:
    """Raise a ``ValidationError`` (on ``field``) when there is a problem. Messages read as a sentence."""
    if problem:
        message = problem[0].upper() + problem[1:]
        raise ValidationError({field: message} if field else message)


def clean_note(text: str, field: str = "note") -> str:
    """A progress note stripped, or a ``ValidationError``."""
    text = (text or "").strip()
    check(note_problem(text), field)
    return text


def clean_checklist_item(text: str, field: str = "text") -> str:
    """An additional action's text stripped, or a ``ValidationError``."""
    text = (text or "").strip()
    check(checklist_item_problem(text), field)
    return text


# A local due date in the past makes the action overdue at once: the person confirms it first.
PAST_DUE_DATE_CONFIRMATION = "Yes, the due date is in the past"


def due_date_needs_confirming(new_date, *, current, today) -> bool:
    """True when ``new_date`` (a new local due date) is before ``today`` and not the date already set."""
    return new_date is not None and new_date < today and new_date != current


def past_due_date_problem(new_date, *, current, today, confirmed: bool) -> str:
    """The message when a past local due date has not been confirmed (or ``""``)."""
    if confirmed or not due_date_needs_confirming(new_date, current=current, today=today):
        return ""
    return f"local due date is in the past – check it, or tick ‘{PAST_DUE_DATE_CONFIRMATION}’"
