"""The one rule against formula injection in exports (ward_portal/spreadsheets.py)."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from ward_portal.spreadsheets import csv_row, formula_like, xlsx_bytes

TYPED = [
    "=1+2",
    '+HYPERLINK("http://x")',
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "  =cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("text", TYPED)
def test_a_text_starting_like_a_formula_is_recognised(text):
    assert formula_like(text)


@pytest.mark.parametrize("value", ["Rác", "98,68%", "-12,5%", "-1.000.000", 5, None, ""])
def test_plain_texts_and_numbers_are_left_alone(value):
    assert not formula_like(value) and csv_row([value]) == [value]


def test_csv_prefixes_an_apostrophe():
    assert csv_row(["=1+2", "ok", 3]) == ["'=1+2", "ok", 3]


def test_xlsx_keeps_the_text_as_a_string_cell():
    workbook = Workbook()
    workbook.active.append([*TYPED, 7])
    sheet = load_workbook(io.BytesIO(xlsx_bytes(workbook))).active
    cells = list(sheet[1])
    assert [c.value for c in cells] == [*TYPED, 7]
    assert [c.data_type for c in cells] == ["s"] * len(TYPED) + ["n"]
    assert all(c.quotePrefix for c in cells[: len(TYPED)])
