"""A target typed by staff reaches the report's XLSX as text, never as a formula."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from budget.models import Target
from reports import rendering
from reports.data import build_report_data
from reports.models import Report, ReportKind
from tests.budget.factories import FiscalYearFactory

EVIL = '=HYPERLINK("http://evil.example","Xem")'


def test_a_target_name_like_a_formula_is_a_string_cell(ward_a):
    year = FiscalYearFactory(unit=ward_a, year=2022)
    Target.objects.create(
        fiscal_year=year,
        group="socio_economic",
        name=EVIL,
        unit_of_measure="-%",
        planned=Decimal(10),
        actual=Decimal(5),
    )
    data = build_report_data(
        Report(unit=ward_a, kind=ReportKind.WARD, period_kind="year", year=2022)
    )
    workbook = load_workbook(io.BytesIO(rendering.render_xlsx(data)))
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
    name = next(c for c in cells if c.value == EVIL)
    assert name.data_type == "s" and name.quotePrefix
    assert not [c for c in cells if c.data_type == "f"]
