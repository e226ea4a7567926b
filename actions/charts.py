"""Stacked horizontal bars (counts by status), for every chart a page draws as SVG.

One builder for the dashboard and the board report page: each bar is scaled to the largest
total, its segments follow the display order of ``actions.statuses`` and carry their colour and
pattern, so templates only place rectangles (``templates/includes/status_patterns.html`` defines the
SVG patterns, drawn over the colour: the same shapes the paper and the workbook draw). The figures
are always also given as text or a table.
"""

from dataclasses import dataclass

from actions.statuses import DISPLAY


@dataclass(frozen=True)
class Segment:
    status: str  # the status value
    label: str
    count: int
    x: float
    width: float
    colour: str  # "#RRGGBB"
    pattern: str = "solid"  # the status's pattern (``actions.statuses.PATTERNS``), drawn over the colour


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    y: float
    segments: list[Segment]
    item: object = None  # what the bar stands for (a theme row), for the template


def stacked_bars(rows, *, width: float, left: float = 0, top: float = 0, row_height: float = 0) -> list[Bar]:
    """``rows``: ``(label, {status value: count}, item)`` in display order of the rows.

    Segment geometry is in the caller's units: ``left`` + a share of ``width`` proportional to
    the count, relative to the largest row total; bar ``y`` is ``top + index * row_height``.
    """
    rows = list(rows)
    widest = max((sum(counts.values()) for _, counts, _ in rows), default=0) or 1
    bars = []
    for index, (label, counts, item) in enumerate(rows):
        x, segments = float(left), []
        for row in DISPLAY:
            count = counts.get(row.value, 0)
            if not count:
                continue
            share = round(count * width / widest, 2)
            segments.append(
                Segment(row.value, row.label, count, round(x, 2), share, f"#{row.colour}", pattern=row.pattern)
            )
            x += share
        bars.append(
            Bar(label=label, total=sum(counts.values()), y=top + index * row_height, segments=segments, item=item)
        )
    return bars
