"""The board paper's charts as PNG images: stacked horizontal bars, drawn with Pillow.

The geometry is ``actions.charts.stacked_bars`` (the same builder the report page draws as SVG) and
the colours and patterns are the status table's (``actions.statuses``), so the paper's chart matches
the page, the workbook and, printed in greyscale, tells the statuses apart.
Images are drawn at twice their printed size (about 200 dpi at 16 cm wide); text is at least 9 pt
when printed. The paper always gives the same figures in a table beside the chart.
"""

import io

from PIL import Image, ImageDraw, ImageFont

from actions.charts import stacked_bars
from actions.statuses import DISPLAY, display

WIDTH = 1600  # pixels, printed 16 cm wide: 100 px a centimetre
FONT_SIZE = 34  # ≈ 9.6 pt printed
ROW = 64
BAR = 44
PAD = 16
LABEL_WIDTH = 700
TOTAL_WIDTH = 90
TEXT = (33, 43, 50)  # NHS.UK text colour
GRID = (216, 221, 224)
OUTLINE = "#425563"
PATTERN_STEP = 16  # pixels between a pattern's lines or dots
FONT_FILES = ["LiberationSans-Regular.ttf", "Arial.ttf", "DejaVuSans.ttf"]


def _font(size=FONT_SIZE):
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _fit(draw, text: str, font, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _legend_rows(draw, font, statuses) -> list[list]:
    """The legend's keys wrapped into rows that fit the image's width."""
    rows, row, x = [], [], 0
    for status in statuses:
        width = 40 + draw.textlength(status.label, font=font) + 36
        if row and x + width > WIDTH - 2 * PAD:
            rows.append(row)
            row, x = [], 0
        row.append((status, x))
        x += width
    return rows + ([row] if row else [])


def _pattern(size: tuple[int, int], pattern: str, ink: str) -> Image.Image:
    """A transparent tile of ``size`` with ``pattern`` (``actions.statuses.PATTERNS``) drawn in ``ink``."""
    width, height = size
    tile = Image.new("RGBA", (max(width, 1), max(height, 1)), (0, 0, 0, 0))
    draw = ImageDraw.Draw(tile)
    colour = f"#{ink}"
    for k in range(-height - PATTERN_STEP, width + height + PATTERN_STEP, PATTERN_STEP):
        if pattern in ("stripes", "grid"):
            draw.line([(k, height), (k + height, 0)], fill=colour, width=3 if pattern == "stripes" else 2)
        if pattern in ("hatch", "grid"):
            draw.line([(k, 0), (k + height, height)], fill=colour, width=2)
    if pattern == "dots":
        for x in range(PATTERN_STEP // 2, width, PATTERN_STEP):
            for y in range(PATTERN_STEP // 2, height, PATTERN_STEP):
                draw.ellipse([x - 3, y - 3, x + 3, y + 3], fill=colour)
    return tile


def _status_box(image, draw, box, status) -> None:
    """A rectangle in the status's colour, its pattern over it, outlined."""
    x0, y0, x1, y1 = (round(v) for v in box)
    draw.rectangle([x0, y0, x1, y1], fill=f"#{status.colour}")
    if status.pattern != "solid":
        tile = _pattern((x1 - x0, y1 - y0), status.pattern, status.ink)
        image.paste(tile, (x0, y0), tile)
    draw.rectangle([x0, y0, x1, y1], outline=OUTLINE, width=1)


def bar_chart_png(rows, *, legend: bool = True) -> bytes:
    """PNG bytes of stacked bars. ``rows``: ``[(label, {status value: count})]``, top to bottom.

    With ``legend``, a key of the statuses that appear is drawn under the bars."""
    font = _font()
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    label_width = min(LABEL_WIDTH, max((probe.textlength(label, font=font) for label, _ in rows), default=0))
    left = int(label_width) + 2 * PAD
    bars = stacked_bars(
        [(label, counts, None) for label, counts in rows],
        width=WIDTH - left - TOTAL_WIDTH - PAD,
        left=left,
        top=PAD,
        row_height=ROW,
    )
    shown = [s for s in DISPLAY if any(counts.get(s.value) for _, counts in rows)]
    keys = _legend_rows(probe, font, shown) if legend else []
    bars_bottom = PAD + len(bars) * ROW
    height = bars_bottom + (PAD + len(keys) * ROW if keys else 0) + PAD
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    draw.line([(left, PAD // 2), (left, bars_bottom)], fill=GRID, width=2)
    for bar in bars:
        middle = bar.y + ROW // 2
        label = _fit(draw, bar.label, font, label_width)
        draw.text((left - PAD, middle), label, font=font, fill=TEXT, anchor="rm")
        end = left
        for segment in bar.segments:
            x0, x1 = segment.x, segment.x + max(segment.width, 1)
            _status_box(image, draw, [x0, middle - BAR // 2, x1, middle + BAR // 2], display(segment.status))
            end = x1
        draw.text((end + PAD, middle), str(bar.total), font=font, fill=TEXT, anchor="lm")
    for index, row in enumerate(keys):
        middle = bars_bottom + PAD + index * ROW + ROW // 2
        for status, x in row:
            _status_box(image, draw, [PAD + x, middle - 14, PAD + x + 28, middle + 14], status)
            draw.text((PAD + x + 40, middle), status.label, font=font, fill=TEXT, anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def chart_description(rows) -> str:
    """Alternative text: what the chart shows, in words (the table beside it gives every figure)."""
    parts = []
    for label, counts in rows:
        shown = [f"{counts[s.value]} {s.label.lower()}" for s in DISPLAY if counts.get(s.value)]
        parts.append(f"{label}: {', '.join(shown) or 'none'}")
    return "Bar chart. " + "; ".join(parts) + "."
