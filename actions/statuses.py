"""Statuses: what each one means and how it is shown — the one table every page, chart and file reads.

The BRAG convention of NHS boards (Off track red, At risk amber, On track green, Complete blue)
plus Not started and the non-delivery states. ``DISPLAY`` lists them in the order every table,
chart, legend and workbook uses (most urgent first). To add a status, add it to ``Status`` and one
``StatusDisplay`` row here; templates, charts and workbooks pick it up.
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


@dataclass(frozen=True)
class StatusDisplay:
    """How one status is shown. Colours are RGB hex without '#'."""

    status: Status
    tag: str  # NHS.UK tag modifier (nhsuk-tag--<tag>)
    chart: str  # bars and chart segments: dashboard, report page, workbook chart
    fill: str  # light cell fill with dark text: workbook cells

    @property
    def value(self) -> str:
        return self.status.value

    @property
    def label(self) -> str:
        return self.status.label

    @property
    def tag_class(self) -> str:
        return f"nhsuk-tag--{self.tag}"


DISPLAY = [
    StatusDisplay(Status.OFF_TRACK, tag="red", chart="D5281B", fill="F4B6B6"),
    StatusDisplay(Status.AT_RISK, tag="orange", chart="FFB81C", fill="FFDF91"),
    StatusDisplay(Status.ON_TRACK, tag="green", chart="007F3B", fill="B8E0C2"),
    StatusDisplay(Status.COMPLETE, tag="blue", chart="005EB8", fill="BFD6F0"),
    StatusDisplay(Status.NOT_STARTED, tag="grey", chart="4C6272", fill="E8EDEE"),
    StatusDisplay(Status.FOR_NOTING, tag="grey", chart="768692", fill="E8EDEE"),
    StatusDisplay(Status.NFA, tag="grey", chart="AEB7BD", fill="E8EDEE"),
    StatusDisplay(Status.NOT_APPLICABLE, tag="grey", chart="D8DDE0", fill="E8EDEE"),
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
    """A status value's cell fill; white for an unknown value."""
    row = _BY_VALUE.get(str(value))
    return row.fill if row else "FFFFFF"


def label(value) -> str:
    """A status value's label; an unknown value is shown as it is."""
    row = _BY_VALUE.get(str(value))
    return row.label if row else str(value)
