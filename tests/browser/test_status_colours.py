"""The dashboard's status bars in a real browser, at 1280 and 360 px: every segment is painted in its
status's colour (read from the screenshot's pixels), patterned statuses show their pattern, the bars
fit the screen, axe-core finds nothing, and the console stays clean.

Screenshots go to $SHOTS_DIR when it is set (the note's pictures), else to the test's temporary folder.
"""

import io
import os
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from PIL import Image

from actions.models import Response
from actions.services import response_record_update
from actions.statuses import DISPLAY, Status
from tests.browser.conftest import run_axe

BY_VALUE = {row.value: row for row in DISPLAY}


def nhs_font(message) -> bool:
    """The NHS.UK Frutiger web fonts come from assets.nhs.uk, out of reach of the sandboxed test
    machine: their failed loads are the network's, not the page's."""
    return message.location.get("url", "").startswith("https://assets.nhs.uk/fonts/")


def hex_rgb(rgb: str) -> tuple[int, int, int]:
    return tuple(int(rgb[i : i + 2], 16) for i in (0, 2, 4))


@pytest.mark.parametrize("width", [1280, 360])
def test_the_dashboard_paints_each_status_in_its_colour(live_server, login, page, tmp_path, width):
    errors = []
    page.on(
        "console", lambda message: message.type == "error" and not nhs_font(message) and errors.append(message.text)
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": width, "height": 900})
    # Four of the demo trust's People Plan actions moved on, so every BRAG colour is on the page.
    responses = Response.objects.filter(organisation__ods_code="RYV", action__theme__plan__slug="people-plan-2020-21")
    hr_lead = get_user_model().objects.get(username="hr.lead")
    moves = [Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.COMPLETE]
    for response, status in zip(responses.order_by("pk")[:4], moves, strict=True):
        response_record_update(response=response, user=hr_lead, status=status, note="Moved on.")
    login(page, "hr.lead")
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    shots = Path(os.environ.get("SHOTS_DIR") or tmp_path)
    page.screenshot(path=str(shots / f"dashboard-{width}.png"), full_page=True)

    bars = page.locator("svg.app-chart__bar")
    assert bars.count() >= 9
    checked = set()
    for index in range(bars.count()):
        bar = bars.nth(index)
        bar.scroll_into_view_if_needed()
        box = bar.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the bar fits the screen"
        pixels = Counter(Image.open(io.BytesIO(bar.screenshot())).convert("RGB").getdata())
        for segment in bar.locator("rect[data-status]").all():
            status = BY_VALUE[segment.get_attribute("data-status")]
            if segment.bounding_box()["width"] < 6:
                continue  # too thin to measure; the figures beside the bar name it
            # The segment's colour is on screen (a pattern covers only part of it) …
            assert pixels[hex_rgb(status.colour)] >= 10, (status.label, width)
            # … and a patterned status shows its pattern, drawn in its ink.
            if status.pattern != "solid":
                assert pixels[hex_rgb(status.ink)] >= 3, (status.label, width)
            checked.add(status.value)
    assert {"off_track", "at_risk", "on_track", "complete", "not_started"} <= checked

    assert run_axe(page) == []
    assert errors == []
