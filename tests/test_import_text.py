"""Imported cells become plain text: HTML fragments reduced to text and list items, never stored as HTML."""

import pytest

from actions.imports.reading.text import list_items, plain_text, same_text


@pytest.mark.parametrize(
    "cell, text",
    [
        ("  Put in place effective procedures.  ", "Put in place effective procedures."),
        ("Staff < 5 & > 2", "Staff < 5 & > 2"),  # not HTML: kept exactly
        ('<ul class="x"> • Review policy • Promote DSE assessments</ul>', "• Review policy\n• Promote DSE assessments"),
        ("<ul><li>One</li><li>Two &amp; three</li></ul>", "• One\n• Two & three"),
        ("<p>First</p><p>Second<br>line</p>", "First\nSecond\nline"),
        ("<script>alert(1)</script>Text", "alert(1)Text"),
    ],
)
def test_plain_text(cell, text):
    assert plain_text(cell) == text


def test_list_items_split_lines_and_drop_bullets():
    assert list_items("• Review policy\n\n  Promote DSE  \n") == ["Review policy", "Promote DSE"]


def test_spacing_alone_is_not_a_difference():
    assert same_text("Do  it\nnow", "Do it now")
    assert not same_text("Do it", "Do it now")
