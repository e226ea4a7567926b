"""Statuses: what each one means and how it is shown — the one table every page, chart and file reads.

The BRAG convention of NHS boards (Off track red, At risk amber, On track green, Complete blue)
plus Not started and the non-delivery states. ``DISPLAY`` lists them in the order every table,
chart, legend and workbook uses (most urgent first). To add a status, add it to ``Status`` and one
``StatusDisplay`` row here; templates, charts and workbooks pick it up.

Each status has one colour, used everywhere: the dashboard's and report page's bars, the board
paper's chart, the workbook's chart and its status cells. Printed in greyscale, red, green and blue
are the same grey, so a status is told apart by its shade *and* its pattern (solid, or stripes,
dots, a grid or a hatch drawn in its ``ink``), and always by a visible label beside it (legends,
figures, the cell's own text).
"""

from dataclasses import dataclass

from django.db import models


class Status(models.TextChoices):
    """BRAG status, the usual NHS board convention, plus the non-delivery states."""

    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"
    FOR_NOTING = "for_noting", "For noting"
    NFA = "nfa", "No further action"
    NOT_APPLICABLE = "not_applicable", "Not applicable"

    @classmethod
    def closed(cls):
        """States in which an action can no longer be overdue."""
        return [cls.COMPLETE, cls.FOR_NOTING, cls.NFA, cls.NOT_APPLICABLE]

    @classmethod
    def not_delivered(cls):
        """The non-delivery states: nothing for the organisation to deliver (left out of % complete)."""
        return [cls.FOR_NOTING, cls.NFA, cls.NOT_APPLICABLE]

    @classmethod
    def exceptions(cls):
        """States a board is always told about, overdue or not (off track first)."""
        return [cls.OFF_TRACK, cls.AT_RISK]


PATTERNS = ("solid", "stripes", "dots", "grid", "hatch")  # stripes: /; hatch: \\; grid: both


@dataclass(frozen=True)
class StatusDisplay:
    """How one status is shown. Colours are RGB hex without '#'."""

    status: Status
    tag: str  # NHS.UK tag modifier (nhsuk-tag--<tag>)
    colour: str  # the one colour: bars, charts and workbook status cells
    ink: str  # text and pattern lines on the colour (4.5:1 contrast or more)
    pattern: str = "solid"  # one of PATTERNS, drawn in ink over the colour

    @property
    def chart(self) -> str:  # the colour, by the name charts and templates use
        return self.colour

    @property
    def fill(self) -> str:  # the colour, by the name workbook cells use
        return self.colour

    @property
    def value(self) -> str:
        return self.status.value

    @property
    def label(self) -> str:
        return self.status.label

    @property
    def tag_class(self) -> str:
        return f"nhsuk-tag--{self.tag}"


WHITE, TEXT = "FFFFFF", "212B32"
# NHS identity colours. Greyscale shades (0-255): solid Off track 90, At risk 187, Complete 44,
# Not started 220; the patterned ones differ by their pattern.
DISPLAY = [
    StatusDisplay(Status.OFF_TRACK, tag="red", colour="D5281B", ink=WHITE),
    StatusDisplay(Status.AT_RISK, tag="orange", colour="FFB81C", ink=TEXT),
    StatusDisplay(Status.ON_TRACK, tag="green", colour="007F3B", ink=WHITE, pattern="stripes"),
    StatusDisplay(Status.COMPLETE, tag="blue", colour="003087", ink=WHITE),
    StatusDisplay(Status.NOT_STARTED, tag="grey", colour="D8DDE0", ink=TEXT),
    StatusDisplay(Status.FOR_NOTING, tag="grey", colour="AEB7BD", ink=TEXT, pattern="dots"),
    StatusDisplay(Status.NFA, tag="grey", colour="4C6272", ink=WHITE, pattern="grid"),
    StatusDisplay(Status.NOT_APPLICABLE, tag="grey", colour="FFFFFF", ink=TEXT, pattern="hatch"),
]
DISPLAY_ORDER = [row.status for row in DISPLAY]
_BY_VALUE = {row.value: row for row in DISPLAY}
assert set(_BY_VALUE) == set(Status.values), "every status needs exactly one display row"


def display(value) -> StatusDisplay:
    """The display row of a status value ("on_track") or member."""
    return _BY_VALUE[str(value)]


def percent_complete(counts: dict) -> int | None:
    """Complete as a whole percentage of the actions to deliver (``counts``: {status value: n});
    None when there is nothing to deliver. Pages and workbooks show this one figure."""
    to_deliver = sum(n for value, n in counts.items() if value not in Status.not_delivered())
    if not to_deliver:
        return None
    return round(100 * counts.get(Status.COMPLETE, 0) / to_deliver)


def fill(value) -> str:
    """A status value's colour (a workbook cell's fill); white for an unknown value."""
    row = _BY_VALUE.get(str(value))
    return row.colour if row else WHITE


def label(value) -> str:
    """A status value's label; an unknown value is shown as it is."""
    row = _BY_VALUE.get(str(value))
    return row.label if row else str(value)
