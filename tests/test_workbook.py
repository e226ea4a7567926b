"""The board workbook, opened back up with openpyxl and compared with literal rows."""

import datetime
import io

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from reports.exporters.workbook import build
from reports.exporters.workbook.book import PAGE_WIDTH, STATUS_LABELS
from reports.lines import Line
from reports.selectors import changes_between
from reports.sources import FrontSheet

D = datetime.date
HYPERLINK = '=HYPERLINK("http://x","y")'


def make_line(theme_number, theme, ref, status, **kw):
    values = dict(
        plan="NHS People Plan 2020/21",
        theme_number=theme_number,
        theme=theme,
        ref=ref,
        action=f"Action {ref}",
        who="Employers",
        timeline="By March 2021",
        start_date=None,
        due_date=D(2021, 3, 31),
        organisation="Demo Trust",
        owners="AP/SC",
        checklist="",
        status=status,
        latest_update="",
        updated_on=None,
        overdue=False,
        response_id=ref + 100 * theme_number,
    )
    values.update(kw)
    return Line(**values)


BEFORE = [
    make_line(1, "Health and wellbeing", 1, "on_track"),
    make_line(1, "Health and wellbeing", 2, "not_started"),
    make_line(2, "Flexible working", 1, "at_risk"),
]
AFTER = [
    make_line(1, "Health and wellbeing", 1, "complete", latest_update="Launched in May.", updated_on=D(2021, 5, 4)),
    make_line(1, "Health and wellbeing", 2, "not_started", overdue=True, checklist="Draft policy\nConsult JCNP"),
    make_line(
        2,
        "Flexible working",
        1,
        "off_track",
        owners="LC",
        latest_update=HYPERLINK,
        updated_on=D(2021, 5, 1),
        checklist="-5 posts\n@team review",
    ),
]
FRONT = FrontSheet(
    title="Board report & appendix",
    rows=[("Title", "Board report & appendix"), ("Meeting date", D(2021, 5, 26)), ("Assurance level", "Reasonable")],
    footer="Board report & appendix",
    organisation="Demo NHS Trust",
    as_at=D(2021, 5, 26),
)


@pytest.fixture(scope="module")
def workbook():
    stream = io.BytesIO()
    build(stream, front=FRONT, lines=iter(AFTER), changes=changes_between(BEFORE, AFTER))
    stream.seek(0)
    return load_workbook(stream)


def values(ws):
    return [list(row) for row in ws.iter_rows(values_only=True)]


def test_sheets_in_board_pack_order(workbook):
    assert workbook.sheetnames == [
        "Cover",
        "Summary",
        "Exceptions",
        "Changes",
        "1 Health and wellbeing",
        "2 Flexible working",
    ]


def test_cover_holds_the_front_sheet(workbook):
    assert values(workbook["Cover"]) == [
        ["Item", "Detail"],
        ["Title", "Board report & appendix"],
        ["Meeting date", datetime.datetime(2021, 5, 26)],
        ["Assurance level", "Reasonable"],
    ]


def test_summary_counts_themes_by_status_with_totals(workbook):
    assert values(workbook["Summary"]) == [
        [
            "Theme",
            "Off track",
            "At risk",
            "On track",
            "Complete",
            "Not started",
            "For noting",
            "No further action",
            "Not applicable",
            "Total",
        ],
        ["Health and wellbeing", 0, 0, 0, 1, 1, 0, 0, 0, 2],
        ["Flexible working", 1, 0, 0, 0, 0, 0, 0, 0, 1],
        ["Total", 1, 0, 0, 1, 1, 0, 0, 0, 3],
    ]


def test_summary_has_a_bar_chart_of_the_counts(workbook):
    charts = workbook["Summary"]._charts
    assert len(charts) == 1
    chart = charts[0]
    assert chart.tagname == "barChart" and chart.grouping == "stacked"
    assert len(chart.series) == 8
    assert chart.series[0].val.numRef.f == "'Summary'!$B$2:$B$3"


def test_exceptions_are_off_track_then_at_risk_then_overdue(workbook):
    rows = values(workbook["Exceptions"])
    assert rows[0] == ["Exceptions: actions off track, at risk or overdue"] + [None] * 8  # the title
    assert rows[1:] == [
        ["Theme", "Ref", "Action", "Due date", "Overdue", "Local owners", "Status", "Latest update", "Updated on"],
        [
            "Flexible working",
            1,
            "Action 1",
            datetime.datetime(2021, 3, 31),
            "No",
            "LC",
            "Off track",
            HYPERLINK,
            datetime.datetime(2021, 5, 1),
        ],
        [
            "Health and wellbeing",
            2,
            "Action 2",
            datetime.datetime(2021, 3, 31),
            "Yes",
            "AP/SC",
            "Not started",
            None,
            None,
        ],
    ]


def test_changes_since_the_last_report(workbook):
    rows = values(workbook["Changes"])
    assert rows[0] == ["Changes since the last report"] + [None] * 6  # the title
    assert rows[1:] == [
        ["Change", "Theme", "Ref", "Action", "From", "To", "Detail"],
        ["Status moved", "Health and wellbeing", 1, "Action 1", "On track", "Complete", None],
        ["Status moved", "Flexible working", 1, "Action 1", "At risk", "Off track", None],
        ["Newly complete", "Health and wellbeing", 1, "Action 1", "On track", "Complete", None],
        ["Newly overdue", "Health and wellbeing", 2, "Action 2", None, None, "Due 31 March 2021"],
        ["New progress update", "Health and wellbeing", 1, "Action 1", None, None, "Launched in May."],
        ["New progress update", "Flexible working", 1, "Action 1", None, None, HYPERLINK],
    ]


def test_one_sheet_per_theme_with_the_board_columns(workbook):
    assert values(workbook["1 Health and wellbeing"]) == [
        [
            "Ref",
            "Action",
            "Who",
            "Due date",
            "Additional actions",
            "Status",
            "Latest update",
            "Updated on",
            "Local owners",  # on screen, not printed: the last columns
            "Timeline",
        ],
        [
            1,
            "Action 1",
            "Employers",
            datetime.datetime(2021, 3, 31),
            None,
            "Complete",
            "Launched in May.",
            datetime.datetime(2021, 5, 4),
            "AP/SC",
            "By March 2021",
        ],
        [
            2,
            "Action 2",
            "Employers",
            datetime.datetime(2021, 3, 31),
            "Draft policy\nConsult JCNP",
            "Not started",
            None,
            None,
            "AP/SC",
            "By March 2021",
        ],
    ]
    assert values(workbook["2 Flexible working"])[1][5:8] == ["Off track", HYPERLINK, datetime.datetime(2021, 5, 1)]


def test_user_text_that_looks_like_a_formula_comes_back_as_text(workbook):
    cell = workbook["2 Flexible working"]["G2"]
    assert cell.value == HYPERLINK and cell.data_type == "s"
    assert workbook["2 Flexible working"]["E2"].value.startswith("-5 posts")
    assert workbook["2 Flexible working"]["E2"].data_type == "s"
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate)


def test_dates_are_real_dates(workbook):
    cell = workbook["1 Health and wellbeing"]["D2"]
    assert cell.is_date and cell.number_format == "dd/mm/yyyy"


@pytest.mark.parametrize(
    ("sheet", "header_row", "label"),
    [
        ("Cover", 1, "Cover"),
        ("Summary", 1, "Summary"),
        ("Exceptions", 2, "Exceptions"),
        ("Changes", 2, "Changes"),
        ("1 Health and wellbeing", 1, "Theme 1: Health and wellbeing"),
    ],
)
def test_every_sheet_has_a_bold_frozen_filtered_header_and_print_setup(workbook, sheet, header_row, label):
    ws = workbook[sheet]
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert all(c.font.b for c in ws[header_row])
    last = ws.cell(header_row, ws.max_column).column_letter
    assert ws.auto_filter.ref == f"A{header_row}:{last}{ws.max_row}"
    assert ws.print_title_rows == f"${header_row}:${header_row}"  # the header row on every page
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.oddHeader.left.text == "Demo NHS Trust"
    assert ws.oddHeader.center.text == label
    assert ws.oddHeader.right.text == "As at 26 May 2021"
    assert ws.oddFooter.left.text == "Board report && appendix"
    assert ws.oddFooter.right.text == "Page &P of &N"
    assert ws.column_dimensions["A"].width >= 5
    assert all(c.alignment.wrap_text for c in ws[header_row + 1] if c.value is not None)


def printed_width(ws) -> float:
    """The width of the columns that print (the print area's, else every column's)."""
    last = ws.max_column
    if ws.print_area:
        last = column_index_from_string(ws.print_area.split(":")[-1].strip("$0123456789"))
    return sum(ws.column_dimensions[get_column_letter(i)].width for i in range(1, last + 1))


@pytest.mark.parametrize("sheet", ["Cover", "Summary", "Exceptions", "Changes", "1 Health and wellbeing"])
def test_every_sheet_prints_at_90_percent_or_more(workbook, sheet):
    """Arial 10 at 90% or more is 9-pt text: a sheet fits to the page's width only when it
    needs little shrinking (tests/test_workbook_print.py prints it and measures)."""
    ws = workbook[sheet]
    if ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage:
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert PAGE_WIDTH / printed_width(ws) >= 0.9
    else:
        assert int(ws.page_setup.scale) == 100 and printed_width(ws) <= PAGE_WIDTH


def test_a_theme_sheet_prints_its_board_columns_and_keeps_the_rest_on_screen(workbook):
    ws = workbook["1 Health and wellbeing"]
    assert ws.print_area == "'1 Health and wellbeing'!$A$1:$H$3"
    assert [c.value for c in ws[1]][8:] == ["Local owners", "Timeline"]


@pytest.mark.parametrize("sheet,column,first", [("Exceptions", "G", 3), ("1 Health and wellbeing", "F", 2)])
def test_status_cells_have_a_dropdown_and_brag_colours(workbook, sheet, column, first):
    ws = workbook[sheet]
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"' + ",".join(STATUS_LABELS) + '"'
    assert str(validation.sqref) == f"{column}{first}:{column}{ws.max_row}"
    rules = ws.conditional_formatting
    assert any(str(cf.sqref) == f"{column}{first}:{column}{ws.max_row}" for cf in rules)
    cells = [ws[f"{column}{row}"] for row in range(first, ws.max_row + 1)]
    fills = {c.value: c.fill.fgColor.rgb for c in cells}
    expected = {"Complete": "00003087", "Not started": "00D8DDE0", "Off track": "00D5281B"}  # actions.statuses
    assert fills == {label: colour for label, colour in expected.items() if label in fills}


def test_an_empty_changes_sheet_says_nothing_changed():
    stream = io.BytesIO()
    build(stream, front=FRONT, lines=iter(AFTER), changes=changes_between(AFTER, AFTER))
    rows = values(load_workbook(io.BytesIO(stream.getvalue()))["Changes"])
    assert rows[2] == ["No changes", None, None, None, None, None, "Nothing changed since the last report."]


def test_no_changes_sheet_without_a_previous_report():
    stream = io.BytesIO()
    build(stream, front=FRONT, lines=iter(AFTER), changes=None)
    assert "Changes" not in load_workbook(io.BytesIO(stream.getvalue())).sheetnames
