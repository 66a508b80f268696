"""A typed text in the reception book (XLSX) stays text (formula injection, OWASP)."""

import io
from datetime import date

from openpyxl import load_workbook

from citizens import services
from citizens.exports import reception_book_xlsx

EVIL = "=cmd|' /C calc'!A0"


def test_the_reception_book_writes_a_typed_formula_as_a_string_cell(ward_a, clerk_a):
    reception = services.reception_create(
        user=clerk_a, unit=ward_a, date=date(2026, 3, 2), kind="regular", receiver=clerk_a
    )
    services.reception_entry_add(
        user=clerk_a,
        reception=reception,
        citizen_name="@Lê Văn Hùng",
        content=EVIL,
        request="+1+1",
    )
    sheet = load_workbook(io.BytesIO(reception_book_xlsx(unit=ward_a, year=2026))).active
    row = list(sheet[6])
    assert row[4].value == EVIL and row[4].data_type == "s"
    assert row[6].value == "+1+1" and row[6].data_type == "s"
    assert row[2].value.startswith("@Lê Văn Hùng") and row[2].data_type == "s"
    assert row[4].quotePrefix and row[6].quotePrefix
