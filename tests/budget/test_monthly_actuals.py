"""The monthly summary of actuals is kept by PostgreSQL triggers: it always equals the vouchers,
whoever writes them (services, bulk import, a correction, even a raw delete), and the figures
read from it equal the figures summed from the vouchers."""

import datetime

import pytest
from django.db import connection
from django.db.models import Sum
from django.db.models.functions import TruncMonth

from budget import selectors, services
from budget.models import Entry, MonthlyActual

from .factories import EntryFactory, LineFactory, category

pytestmark = pytest.mark.django_db
D = datetime.date


def summary():
    return {
        (m.line_id, m.month): (m.amount, m.entries)
        for m in MonthlyActual.objects.all()
        if m.entries  # a month whose vouchers were all removed keeps a zero row
    }


def from_vouchers():
    rows = (
        Entry.objects.annotate(month=TruncMonth("date"))
        .values("line_id", "month")
        .annotate(total=Sum("amount"), n=Sum(1))
        .order_by()
    )
    return {(r["line_id"], r["month"]): (r["total"], r["n"]) for r in rows}


def test_summary_follows_every_write(line_a, revenue_line_a, clerk_a):
    entry = services.entry_record(
        line=line_a, date=D(2022, 3, 1), voucher_number="PC-1", description="Chi",
        amount=2_500_000, user=clerk_a,
    )  # fmt: skip
    services.entry_reverse(
        entry=entry, date=D(2022, 4, 2), voucher_number="PC-1-ĐC", reason="Nhầm", user=clerk_a
    )
    Entry.objects.bulk_create(  # what an import does
        Entry(line=revenue_line_a, date=D(2022, 1 + n % 12, 5), voucher_number=f"PT-{n}",
              description="Thu", amount=1_000 + n, recorded_by=clerk_a)
        for n in range(500)
    )  # fmt: skip
    assert summary() == from_vouchers()
    with connection.cursor() as cursor:  # writes outside the services count too
        cursor.execute(
            "UPDATE budget_entry SET date = date + 31, amount = amount * 2 WHERE amount < 1100"
        )
        cursor.execute("DELETE FROM budget_entry WHERE amount BETWEEN 1100 AND 1200")
    assert summary() == from_vouchers()
    assert (
        MonthlyActual.objects.aggregate(s=Sum("amount"))["s"]
        == Entry.objects.aggregate(s=Sum("amount"))["s"]
    )


@pytest.mark.parametrize(
    ("start", "end", "whole", "partial"),
    [
        (D(2022, 1, 1), D(2022, 12, 31), (D(2022, 1, 1), D(2022, 12, 1)), []),
        (D(2022, 1, 1), D(2022, 12, 14), (D(2022, 1, 1), D(2022, 11, 1)),
         [(D(2022, 12, 1), D(2022, 12, 14))]),
        (D(2022, 2, 15), D(2022, 3, 14), None, [(D(2022, 2, 15), D(2022, 3, 14))]),
        (D(2022, 2, 15), D(2022, 5, 14), (D(2022, 3, 1), D(2022, 4, 1)),
         [(D(2022, 2, 15), D(2022, 2, 28)), (D(2022, 5, 1), D(2022, 5, 14))]),
        (D(2022, 3, 1), D(2022, 3, 31), (D(2022, 3, 1), D(2022, 3, 1)), []),
        (D(2022, 3, 10), D(2022, 3, 20), None, [(D(2022, 3, 10), D(2022, 3, 20))]),
    ],
)  # fmt: skip
def test_split_months(start, end, whole, partial):
    assert selectors._split_months(start, end) == (whole, partial)


def test_figures_from_the_summary_equal_the_vouchers(ward_a, line_a, clerk_a):
    other = LineFactory(fiscal_year=line_a.fiscal_year, category=category("T1.1"))
    for n in range(400):
        EntryFactory(line=line_a if n % 3 else other, date=D(2022, 1 + n % 12, 1 + n % 28),
                     amount=10_000 + n, recorded_by=clerk_a)  # fmt: skip
    for start, end in [
        (None, None),
        (D(2022, 1, 1), D(2022, 12, 14)),
        (D(2022, 2, 15), D(2022, 5, 14)),
        (D(2022, 7, 1), D(2022, 9, 30)),
        (D(2022, 6, 3), D(2022, 6, 21)),
    ]:
        figures = selectors.execution_by_unit(unit_ids=[ward_a.pk], year=2022, start=start, end=end)
        window = Entry.objects.filter(
            date__gte=start or D(2022, 1, 1), date__lte=end or D(2022, 12, 31)
        )
        expected = window.filter(line=line_a).aggregate(s=Sum("amount"))["s"] or 0
        assert figures[ward_a.pk].expenditure_actual == expected, (start, end)
        revenue = window.filter(line=other).aggregate(s=Sum("amount"))["s"] or 0
        assert figures[ward_a.pk].revenue_actual == revenue, (start, end)
    months = selectors.monthly_execution(unit_id=ward_a.pk, year=2022)
    assert (
        sum(m.expenditure_actual for m in months) == line_a.entries.aggregate(s=Sum("amount"))["s"]
    )
