import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from budget import selectors
from budget.choices import AdjustmentStatus
from budget.models import Adjustment, Entry
from tests.factories import UnitFactory

from .factories import EntryFactory, FiscalYearFactory, LineFactory, category

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def books(year_a, line_a, revenue_line_a, clerk_a):
    EntryFactory(line=line_a, date=D(2022, 1, 10), amount=100_000_000, recorded_by=clerk_a)
    EntryFactory(line=line_a, date=D(2022, 6, 30), amount=50_000_000, recorded_by=clerk_a)
    EntryFactory(line=line_a, date=D(2022, 7, 1), amount=25_000_000, recorded_by=clerk_a)
    EntryFactory(line=revenue_line_a, date=D(2022, 2, 1), amount=300_000_000, recorded_by=clerk_a)
    for day, amount, status in [
        (D(2022, 5, 1), 400_000_000, AdjustmentStatus.APPROVED),
        (D(2022, 9, 1), -100_000_000, AdjustmentStatus.APPROVED),
        (D(2022, 9, 2), 999_000_000, AdjustmentStatus.PROPOSED),
    ]:
        Adjustment.objects.create(
            line=line_a,
            date=day,
            decision_number=str(day),
            reason="r",
            amount=amount,
            status=status,
            proposed_by=clerk_a,
        )


def test_execution_by_unit_whole_year(books, ward_a, ward_b):
    figures = selectors.execution_by_unit(unit_ids=[ward_a.pk, ward_b.pk], year=2022)
    a = figures[ward_a.pk]
    assert a.expenditure_estimate == 5_300_000_000  # initial + approved, never the proposed
    assert a.expenditure_actual == 175_000_000
    assert a.revenue_estimate == 600_000_000 and a.revenue_actual == 300_000_000
    assert a.revenue_pct == Decimal("50.00")
    assert a.expenditure_pct == Decimal("3.30")
    assert a.has_budget
    b = figures[ward_b.pk]
    assert not b.has_budget and b.expenditure_pct is None and b.expenditure_actual == 0


def test_execution_by_unit_respects_the_dates(books, ward_a):
    a = selectors.execution_by_unit(unit_ids=[ward_a.pk], year=2022, end=D(2022, 6, 30))[ward_a.pk]
    assert a.expenditure_estimate == 5_400_000_000  # the September cut is not yet in force
    assert a.expenditure_actual == 150_000_000
    a = selectors.execution_by_unit(
        unit_ids=[ward_a.pk], year=2022, start=D(2022, 6, 1), end=D(2022, 7, 31)
    )[ward_a.pk]
    assert a.expenditure_actual == 75_000_000


def test_execution_by_unit_costs_three_queries_for_any_number_of_units(
    books, ward_a, district, django_assert_num_queries
):
    others = [UnitFactory(parent=district) for _ in range(30)]
    for unit in others[:10]:
        LineFactory(fiscal_year=FiscalYearFactory(unit=unit))
    # 1 initial estimates, 2 approved adjustments, 3 entries: each grouped by unit and direction
    with django_assert_num_queries(3):
        selectors.execution_by_unit(unit_ids=[ward_a.pk], year=2022)
    with django_assert_num_queries(3):
        result = selectors.execution_by_unit(
            unit_ids=[ward_a.pk, *(u.pk for u in others)], year=2022
        )
    assert len(result) == 31


def test_monthly_execution(books, ward_a, django_assert_num_queries):
    with django_assert_num_queries(3):
        months = selectors.monthly_execution(unit_id=ward_a.pk, year=2022)
    assert [m.month for m in months] == list(range(1, 13))
    assert months[0].expenditure_actual == 100_000_000
    assert months[1].revenue_actual == 300_000_000
    assert months[6].cumulative_expenditure == 175_000_000
    assert months[3].expenditure_estimate == 5_000_000_000
    assert months[4].expenditure_estimate == 5_400_000_000
    assert months[11].expenditure_estimate == 5_300_000_000


def test_execution_by_category_rolls_up_the_tree(books, ward_a):
    rows = selectors.execution_by_category(unit_id=ward_a.pk, year=2022)
    by_code = {r.code: r for r in rows}
    assert [r.code for r in rows][:3] == ["T1", "T1.1", "C2"]
    assert by_code["C2"].estimate == by_code["C2.11"].estimate == 5_300_000_000
    assert by_code["C2.11.1"].depth == 2 and by_code["C2"].depth == 0
    assert by_code["C2"].actual == 175_000_000
    assert by_code["C2"].pct == Decimal("3.30")
    q1 = selectors.execution_by_category(unit_id=ward_a.pk, year=2022, end=D(2022, 3, 31))
    assert {r.code: r.actual for r in q1}["C2.11.1"] == 100_000_000


def test_same_period_last_year(books, ward_a, clerk_a):
    last = FiscalYearFactory(unit=ward_a, year=2021)
    line = LineFactory(fiscal_year=last, category=category("C2.11.1"))
    EntryFactory(line=line, date=D(2021, 1, 20), amount=80_000_000, recorded_by=clerk_a)
    EntryFactory(line=line, date=D(2021, 11, 20), amount=10_000_000, recorded_by=clerk_a)
    overview = selectors.year_overview(unit_id=ward_a.pk, year=2022, period="q1")
    row = next(r for r in overview.expenditure if r.code == "C2.11.1")
    assert row.last_year == 80_000_000 and row.period_actual == 100_000_000
    assert row.vs_last_year_pct == Decimal("125.00")
    assert overview.expenditure_total.last_year == 80_000_000


def test_period_ranges():
    assert selectors.period_range(2024, "m2") == (D(2024, 2, 1), D(2024, 2, 29))
    assert selectors.period_range(2022, "q4") == (D(2022, 10, 1), D(2022, 12, 31))
    assert selectors.period_range(2022, "ytd", today=D(2022, 5, 9)) == (
        D(2022, 1, 1),
        D(2022, 5, 9),
    )
    assert selectors.period_range(2022, "ytd", today=D(2026, 5, 9))[1] == D(2022, 12, 31)
    assert selectors.period_range(2022, "year") == (D(2022, 1, 1), D(2022, 12, 31))


def test_target_results_in_group_order(year_a, ward_a):
    from budget.models import Target

    Target.objects.create(
        fiscal_year=year_a,
        group="party",
        name="Kết nạp đảng viên",
        unit_of_measure="người",
        planned=10,
        actual=11,
    )
    Target.objects.create(
        fiscal_year=year_a,
        group="defence",
        name="Giao quân",
        unit_of_measure="người",
        planned=11,
        actual=18,
    )
    results = selectors.target_results(unit_id=ward_a.pk, year=2022)
    assert [r.name for r in results] == ["Giao quân", "Kết nạp đảng viên"]
    assert results[0].pct == Decimal("163.64") and results[0].group_label == "Quốc phòng - an ninh"


def test_demo_ntb_2022_matches_the_article_and_seed_is_idempotent(db):
    call_command("seed_demo", verbosity=0)
    from ward_portal.models import AdministrativeUnit

    ntb = AdministrativeUnit.objects.get(code="26746")
    figures = selectors.execution_by_unit(unit_ids=[ntb.pk], year=2022)[ntb.pk]
    assert figures.revenue_actual == 3_124_335_200
    assert figures.expenditure_actual == 11_756_978_705
    assert figures.expenditure_estimate == 11_914_837_000
    assert figures.expenditure_pct == Decimal("98.68")
    months = selectors.monthly_execution(unit_id=ntb.pk, year=2022)
    assert months[-1].cumulative_expenditure == 11_756_978_705
    assert sum(m.revenue_actual for m in months) == 3_124_335_200
    rows = selectors.execution_by_category(unit_id=ntb.pk, year=2022)
    top = [r for r in rows if r.depth == 0 and r.direction == "expenditure"]
    assert sum(r.actual for r in top) == 11_756_978_705
    targets = {t.name: t for t in selectors.target_results(unit_id=ntb.pk, year=2022)}
    assert targets["Giao quân (công dân nhập ngũ)"].pct == Decimal("163.64")
    count = Entry.objects.count()
    call_command("seed_demo", verbosity=0)
    assert Entry.objects.count() == count
    figures = selectors.execution_by_unit(unit_ids=[ntb.pk], year=2022)[ntb.pk]
    assert figures.expenditure_actual == 11_756_978_705
    last_year = selectors.year_overview(unit_id=ntb.pk, year=2022).expenditure_total.last_year
    assert last_year > 0
    wards = AdministrativeUnit.objects.filter(parent__code="760").values_list("pk", flat=True)
    all_2022 = selectors.execution_by_unit(unit_ids=wards, year=2022)
    assert len({f.expenditure_pct for f in all_2022.values()}) == 10
    assert all(
        f.has_budget for f in selectors.execution_by_unit(unit_ids=wards, year=2023).values()
    )
