"""One colour per status everywhere: the dashboard's bars, the report page's chart, the board paper's
chart, the workbook's chart and its status cells all show a status in the colour (and pattern) of
``actions.statuses``, read back from what each of them renders. Printed in greyscale the statuses
stay apart: by shade where the fill is solid, by pattern otherwise."""

import io
import re
from collections import Counter

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from actions.models import Plan, Response
from actions.services import response_record_update
from actions.statuses import DISPLAY, PATTERNS, Status
from reports.exporters import exporter_for
from reports.exporters.paper.chart import BAR, PAD, ROW, bar_chart_png
from reports.sources import LiveList

pytestmark = pytest.mark.django_db

COLOUR = {row.value: row.colour for row in DISPLAY}
RECT = re.compile(r'<rect[^>]*\bdata-status="(\w+)"[^>]*\bfill="#([0-9A-Fa-f]{6})"')
PATTERN_DEF = re.compile(r'<pattern id="app-pattern-(\w+)" data-pattern="(\w+)"')


def grey(rgb: str) -> float:
    r, g, b = (int(rgb[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b


def luminance(rgb: str) -> float:
    def channel(value):
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(rgb[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_each_status_has_its_own_colour_readable_text_and_a_greyscale_difference():
    assert len({row.colour for row in DISPLAY}) == len(DISPLAY)
    for row in DISPLAY:
        assert row.pattern in PATTERNS
        assert contrast(row.colour, row.ink) >= 4.5, row.label  # the workbook cell's text on its fill
    for index, one in enumerate(DISPLAY):
        for other in DISPLAY[index + 1 :]:
            # On a greyscale print: a different pattern, or (both solid) clearly different shades.
            apart = one.pattern != other.pattern or abs(grey(one.colour) - grey(other.colour)) >= 30
            assert apart, (one.label, other.label)


@pytest.fixture
def progress(trust, hr_lead):
    """A few of the demo trust's People Plan actions moved on (the test demo has no updates)."""
    responses = Response.objects.filter(organisation=trust, action__theme__plan__slug="people-plan-2020-21")
    moves = [Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.COMPLETE]
    for response, status in zip(responses.order_by("pk")[:4], moves, strict=True):
        response_record_update(response=response, user=hr_lead, status=status, note="Moved on.")


def rgb(choice) -> str:
    """The RGB hex of a chart colour as openpyxl reads it back."""
    value = choice if isinstance(choice, str) else choice.srgbClr
    return value if isinstance(value, str) else value.val


def page_colours(html: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for status, rgb in RECT.findall(html):
        found.setdefault(status, set()).add(rgb.upper())
    return found


def assert_page_draws_the_status_colours(html: str, *, expected: set[str]):
    colours = page_colours(html)
    assert set(colours) >= expected, set(colours)
    for status, rgbs in colours.items():
        assert rgbs == {COLOUR[status]}, status
    patterns = dict(PATTERN_DEF.findall(html))
    for row in DISPLAY:
        if row.value in colours and row.pattern != "solid":
            assert patterns[row.value] == row.pattern
            assert f'fill="url(#app-pattern-{row.value})"' in html


def test_the_dashboard_draws_each_status_in_its_colour_and_pattern(client, hr_lead, progress):
    client.force_login(hr_lead)
    html = client.get(reverse("dashboard")).content.decode()
    # The demo trust's plans have actions in these statuses, at least.
    assert_page_draws_the_status_colours(
        html, expected={"off_track", "at_risk", "on_track", "complete", "not_started", "for_noting"}
    )


def test_the_report_page_chart_uses_the_same_colours(client, make_report, board_member):
    report = make_report(issue=True)
    client.force_login(board_member)
    html = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert_page_draws_the_status_colours(html, expected={row.value for row in DISPLAY})  # the legend: all


@pytest.mark.parametrize("row", DISPLAY, ids=lambda row: row.value)
def test_the_board_paper_chart_fills_each_status_with_its_colour(row):
    image = Image.open(io.BytesIO(bar_chart_png([("A", {row.value: 1})], legend=False))).convert("RGB")
    middle = PAD + ROW // 2
    box = image.crop((image.width // 3, middle - BAR // 2 + 4, 2 * image.width // 3, middle + BAR // 2 - 4))
    (commonest, _), *rest = Counter(box.getdata()).most_common()
    assert "{:02X}{:02X}{:02X}".format(*commonest) == row.colour
    assert bool(rest) == (row.pattern != "solid")  # a pattern draws in a second colour


@pytest.fixture
def board_workbook(trust, progress):
    """The live action list's board workbook (a frozen report's is the same file of its frozen lines)."""
    source = LiveList(organisation=trust, plan=Plan.objects.get(slug="people-plan-2020-21"))
    stream = io.BytesIO()
    exporter_for(source, "xlsx").write(source, stream)
    return load_workbook(io.BytesIO(stream.getvalue()))


def test_the_workbook_chart_draws_each_status_in_its_colour_and_pattern(board_workbook):
    (chart,) = board_workbook["Summary"]._charts
    assert len(chart.series) == len(DISPLAY)
    for series, row in zip(chart.series, DISPLAY, strict=True):
        look = series.graphicalProperties
        if row.pattern == "solid":
            assert rgb(look.solidFill) == row.colour
        else:
            assert rgb(look.pattFill.bgClr) == row.colour
            assert rgb(look.pattFill.fgClr) == row.ink


def test_the_workbook_status_cells_are_filled_with_the_status_colour(board_workbook):
    by_label = {row.label: row for row in DISPLAY}
    seen = set()
    themes = [ws for ws in board_workbook.worksheets if ws.title not in ("Cover", "Summary", "Exceptions", "Changes")]
    assert len(themes) == 9
    for ws in themes:
        status = [c.value for c in ws[1]].index("Status") + 1
        for (c,) in ws.iter_rows(min_row=2, min_col=status, max_col=status):
            row = by_label[c.value]
            assert c.fill.fgColor.rgb == "00" + row.colour, (ws.title, c.coordinate)
            assert c.font.color.rgb == "00" + row.ink
            seen.add(row.value)
    assert seen >= {"off_track", "at_risk", "on_track", "complete", "not_started"}
    # A status changed offline takes its colour: the conditional formats give each label its fill.
    ws = themes[0]
    rules = {rule.formula[0].strip('"'): rule for cf in ws.conditional_formatting for rule in cf.rules}
    for row in DISPLAY:
        assert rules[row.label].dxf.fill.fgColor.rgb == "00" + row.colour
        assert rules[row.label].dxf.font.color.rgb == "00" + row.ink
