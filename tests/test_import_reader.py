"""Reading uploaded files: encodings, the header-row search, workbooks with many sheets, limits."""

import datetime

import openpyxl
import pytest

from actions.imports.reading.problems import ImportFileError
from actions.imports.reading.reader import read_table

COLUMNS = ["Theme", "Ref", "Action", "Who", "Timeline", "Due date"]
REQUIRED = ["Theme", "Ref", "Action", "Who", "Timeline"]


def read(data, name="plan.csv", **kwargs):
    return read_table(
        data=data,
        file_name=name,
        columns=COLUMNS,
        required=REQUIRED,
        key_columns=["Ref", "Action"],
        sheet_column="Theme",
        **kwargs,
    )


CSV_TEXT = "Theme,Ref,Action,Who,Timeline\r\nHealth and wellbeing,1,Pay £5 – or more,Employers,By March 2021\r\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_in_utf8_utf8_with_bom_and_windows_1252_reads_the_same_text(encoding):
    table = read(CSV_TEXT.encode(encoding))
    assert table.rows[0].cells["Theme"] == "Health and wellbeing"
    assert table.rows[0].cells["Action"] == "Pay £5 – or more"


def test_the_header_row_is_found_below_title_rows_and_row_numbers_count_them():
    data = ("PEOPLE PLAN v4 FINAL 1 OCTOBER 2020,,,,\r\n,,,,\r\n" + CSV_TEXT).encode()
    table = read(data)
    assert table.rows[0].number == 4  # two title rows, the header on row 3


def test_columns_match_by_name_in_any_order_and_any_case_and_others_are_ignored():
    data = b"  TIMELINE ,who,Notes,action,REF,theme\r\nBy March 2021,Employers,x,Do it,2,Recruitment\r\n"
    row = read(data).rows[0]
    assert row.cells == {
        "Timeline": "By March 2021",
        "Who": "Employers",
        "Action": "Do it",
        "Ref": "2",
        "Theme": "Recruitment",
    }


def test_a_header_below_row_10_is_not_found():
    data = ("title\r\n" * 10 + CSV_TEXT).encode()
    with pytest.raises(ImportFileError) as error:
        read(data)
    assert "no header row found: looked in the first 10 rows" in str(error.value)


def test_a_missing_required_column_is_named_with_the_header_row():
    data = b"Theme,Ref,Action,Who\r\nRecruitment,1,Do it,Employers\r\n"
    with pytest.raises(ImportFileError) as error:
        read(data)
    assert str(error.value) == 'row 1: missing required column "Timeline" in the header row'


def test_a_multiline_csv_cell_is_one_row_as_a_spreadsheet_shows_it():
    data = 'Theme,Ref,Action,Who,Timeline\r\nRecruitment,1,"line one\r\nline two",Employers,\r\nRecruitment,2,x,y,\r\n'
    table = read(data.encode())
    assert [r.number for r in table.rows] == [2, 3]
    assert table.rows[0].cells["Action"] == "line one\nline two"


def test_blank_rows_are_skipped_and_neutralised_cells_are_read_back():
    data = b"Theme,Ref,Action,Who,Timeline\r\n,,,,\r\nRecruitment,1,'=SUM(A1),Employers,\r\n"
    table = read(data)
    assert [(r.number, r.cells["Action"]) for r in table.rows] == [(3, "=SUM(A1)")]


def test_a_workbook_reads_every_theme_sheet_with_the_sheet_name_as_theme(tmp_path):
    workbook = openpyxl.Workbook()
    summary = workbook.active
    summary.title = "Summary"
    summary.append(["Board summary"])
    for theme, ref in (("Health and wellbeing", 4.0), ("Recruitment", 2)):
        sheet = workbook.create_sheet(theme)
        sheet.append(["Cambridgeshire Community Services — People Plan progress"])
        sheet.append(["Ref", "Action", "Who", "Timeline", "Due date", "Status"])
        sheet.append([ref, "Do it", "Employers", "By March 2021", datetime.datetime(2021, 3, 31), "On track"])
    workbook.save(tmp_path / "board.xlsx")
    table = read((tmp_path / "board.xlsx").read_bytes(), "board.xlsx")
    assert [(r.sheet, r.number, r.cells["Theme"], r.cells["Ref"], r.cells["Due date"]) for r in table.rows] == [
        ("Health and wellbeing", 3, "Health and wellbeing", "4", "2021-03-31"),
        ("Recruitment", 3, "Recruitment", "2", "2021-03-31"),
    ]


def test_a_theme_sheet_missing_a_required_column_names_the_sheet(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Recruitment"
    workbook.active.append(["Ref", "Action", "Who"])
    workbook.save(tmp_path / "board.xlsx")
    with pytest.raises(ImportFileError) as error:
        read((tmp_path / "board.xlsx").read_bytes(), "board.xlsx")
    assert str(error.value) == 'sheet "Recruitment", row 1: missing required column "Timeline" in the header row'


@pytest.mark.parametrize(
    "data, name",
    [
        (b"PK\x03\x04 not really a zip", "plan.xlsx"),
        (b"\xd0\xcf\x11\xe0 old excel", "plan.xls"),
        (b"\x00\x01\x02binary", "plan.csv"),
        (b"", "plan.csv"),
    ],
)
def test_unreadable_files_are_reported_without_a_traceback(data, name):
    with pytest.raises(ImportFileError) as error:
        read(data, name)
    assert str(error.value).startswith("unreadable file")


def test_files_over_the_size_limit_are_refused_with_a_clear_message():
    with pytest.raises(ImportFileError) as error:
        read(CSV_TEXT.encode() + b"x" * 6 * 1024 * 1024)
    assert str(error.value) == "the file is larger than the 5 MB limit: remove other sheets or split it"


def test_files_over_the_row_limit_are_refused_with_a_clear_message():
    data = "Theme,Ref,Action,Who,Timeline\r\n" + "Recruitment,1,x,y,\r\n" * 6
    with pytest.raises(ImportFileError) as error:
        read(data.encode(), max_rows=5)
    assert str(error.value) == "the file has more than 5 rows, the limit: split it and import each part"


def test_semicolon_separated_csv_as_saved_by_excel_in_some_locales_is_read():
    data = "Theme;Ref;Action;Who;Timeline\r\nRecruitment;1;Do it, then review;Employers;\r\n".encode("cp1252")
    assert read(data).rows[0].cells["Action"] == "Do it, then review"


def test_a_comma_csv_whose_texts_are_full_of_semicolons_stays_comma_separated():
    data = b'Theme,Ref,Action,Who,Timeline\r\nRecruitment,1,"a; b; c; d",Employers,\r\n'
    assert read(data).rows[0].cells["Action"] == "a; b; c; d"
