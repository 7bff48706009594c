"""Exports keep typed formulas as text; uploads are read whole, with spreadsheet row numbers."""
import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from delivery.spreadsheets import UnreadableFile, csv_bytes, neutralise, read_table, xlsx_bytes


@pytest.mark.parametrize("typed", ["=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", '=HYPERLINK("http://x","y")'])
def test_text_that_would_run_as_a_formula_stays_text(typed):
    assert neutralise(typed) == "'" + typed
    book = load_workbook(io.BytesIO(xlsx_bytes([("Rows", ["Name"], [[typed]])])))
    assert book["Rows"]["A2"].value == "'" + typed
    assert csv_bytes(["Name"], [[typed]]).decode("utf-8-sig").splitlines()[1].lstrip('"').startswith("'")


def test_numbers_and_dates_stay_numbers_and_dates_in_xlsx():
    book = load_workbook(io.BytesIO(xlsx_bytes([("Rows", ["Days", "On"], [[Decimal("2.5"), date(2026, 9, 1)]])])))
    assert book["Rows"]["A2"].value == 2.5
    assert book["Rows"]["B2"].value.date() == date(2026, 9, 1)


@given(st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12), min_size=2, max_size=2), max_size=5))
def test_what_is_written_as_csv_reads_back_the_same(rows):
    table = read_table("rows.csv", csv_bytes(["A", "B"], rows))
    expected = [[neutralise(cell).strip() for cell in row] for row in rows if any(cell.strip() for cell in row)]
    assert [[values["A"], values["B"]] for _, values in table.rows] == expected


def test_rows_are_numbered_as_a_spreadsheet_numbers_them_skipping_blank_ones():
    table = read_table("t.csv", "URN,Days\r\n100001,2\r\n,\r\n100002,3\r\n".encode())
    assert table.rows == [(2, {"URN": "100001", "Days": "2"}), (4, {"URN": "100002", "Days": "3"})]


def test_xlsx_uploads_read_as_text():
    data = xlsx_bytes([("Sheet", ["URN", "On"], [[100001, date(2026, 9, 1)]])])
    assert read_table("t.xlsx", data).rows == [(2, {"URN": "100001", "On": "2026-09-01"})]


@pytest.mark.parametrize("name,data,reason", [
    ("t.pdf", b"%PDF", "is not a CSV or Excel"),
    ("t.xlsx", b"not a zip", "cannot be opened as an Excel workbook"),
    ("t.csv", b"", "has no header row"),
    ("t.csv", b"URN,URN\r\n1,2\r\n", "names the column URN more than once"),
])
def test_files_that_cannot_be_read_say_why(name, data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        read_table(name, data)
