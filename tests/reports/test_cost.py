"""What a report costs grows with the units it covers, never with the rows behind them: the
same number of queries for a ward with a handful of vouchers and petitions as for one with
hundreds, and for a consolidated report of 2 wards as of 12."""

from datetime import date

import pytest

from budget.models import Entry
from reports.data import build_report_data
from reports.models import Report, ReportKind
from reports.rendering import render_xlsx
from tests.budget.factories import FiscalYearFactory, LineFactory, category
from tests.citizens.factories import submit
from tests.factories import UnitFactory
from tests.helpers import count_queries
from ward_portal.models import UnitLevel

pytestmark = pytest.mark.django_db


def cost(unit, kind) -> int:
    report = Report(unit=unit, kind=kind, period_kind="year", year=2022)
    _, queries = count_queries(lambda: render_xlsx(build_report_data(report)))
    return queries


def books(unit, clerk, vouchers: int, petitions: int) -> None:
    year = FiscalYearFactory(unit=unit, year=2022)
    for code in ("C2.11.1", "T1.1"):
        line = LineFactory(fiscal_year=year, category=category(code))
        Entry.objects.bulk_create(
            Entry(
                line=line,
                date=date(2022, 1 + n % 12, 10),
                voucher_number=f"{code}-{n}",
                description="Chi",
                amount=1_000 + n,
                recorded_by=clerk,
            )
            for n in range(vouchers)
        )
    for n in range(petitions):
        submit(unit, when=date(2022, 1 + n % 12, 5))


@pytest.mark.parametrize("kind", [ReportKind.WARD, ReportKind.PETITIONS, ReportKind.BUDGET])
def test_a_ward_report_costs_the_same_whatever_the_rows(ward_a, ward_b, clerk_a, kind):
    books(ward_a, clerk_a, vouchers=2, petitions=1)
    books(ward_b, clerk_a, vouchers=400, petitions=40)
    assert cost(ward_a, kind) == cost(ward_b, kind)


def test_a_consolidated_report_costs_the_same_for_2_and_12_wards(district, ward_a, clerk_a):
    books(ward_a, clerk_a, vouchers=3, petitions=2)
    small = cost(district, ReportKind.CONSOLIDATED)
    for _ in range(10):
        ward = UnitFactory(parent=district, level=UnitLevel.COMMUNE)
        books(ward, clerk_a, vouchers=30, petitions=3)
    assert cost(district, ReportKind.CONSOLIDATED) == small
